"""Server time and queries of the customer portal's claim list.

Usage (a database filled by generate.py, e.g. with 1,000,000 claims):

    python3 bench/portal_list.py -c .local/odoo-bench.conf -d bench_claims --port 8299

Logs in as a portal contact of the customer that owns the most claims
(`claim_bench.big_customer_id`, created by generate.py; the user is created
once), starts an Odoo server on the given port (`common.odoo_server`) and requests the list pages.
Server time and query count come from the server's request log (queries,
SQL seconds, other seconds), so network and client time are left out.
"""

import argparse
import os
import re
import statistics
import tempfile
import time

try:
    from . import common
except ImportError:  # run as a script
    import common

LOGIN = "bench_portal_claims"
PAGES = [
    "/my/claims",
    "/my/claims/page/2",
    "/my/claims/page/60",
    "/my/claims?sortby=deadline",
    "/my/claims?sortby=number&filterby=open",
    "/my/claims?filterby=resolved",
    "/my/claims?search_in=number&search=CLM%2F2026%2F0",
    "/my/claims?search_in=number&search=CLM%2F2025%2F004",
    "/my/claims?search=Bench",
    "/my/claims?search_in=product&search=Bench",
]
# "GET /my/claims HTTP/1.1" 200 - <queries> <sql seconds> <other seconds>
LOG_LINE = re.compile(r'"GET (\S+) HTTP/1.1" 200 - (\d+) ([\d.]+) ([\d.]+)')


def portal_user(config, database):
    registry = common.open_registry(config, database)
    with common.environment(registry) as env:
        _user, customer = common.big_customer_portal_user(
            env, LOGIN, "Bench Portal Claims"
        )
        count = env["claim.claim"].search_count(
            [("commercial_partner_id", "=", customer.id)]
        )
        total = env["claim.claim"].search_count([])
        env.cr.commit()
    return count, total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--port", type=int, default=8299)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    count, total = portal_user(args.config, args.database)
    log = tempfile.NamedTemporaryFile(suffix=".log", delete=False).name
    with common.odoo_server(
        args.config, args.database, port=args.port, request_log=log
    ) as url:
        opener = common.http_session(url, args.database, LOGIN)
        for page in PAGES:
            for _run in range(args.runs + 2):
                opener.open(url + page, timeout=120).read()
        time.sleep(1)
    figures = {}
    with open(log) as lines:
        for line in lines:
            match = LOG_LINE.search(line)
            if match and match.group(1) in PAGES:
                figures.setdefault(match.group(1), []).append(
                    (
                        int(match.group(2)),
                        (float(match.group(3)) + float(match.group(4))) * 1000,
                    )
                )
    os.unlink(log)
    print(f"{total:,} claims; the portal customer has {count:,} of them")
    print(f"{'page':<45} {'queries':>8} {'server ms (median)':>20}")
    for page in PAGES:
        runs = figures.get(page, [])[2:]  # the first two warm the caches
        if not runs:
            print(f"{page:<45} {'n/a':>8}")
            continue
        queries = max(run[0] for run in runs)
        median = statistics.median(run[1] for run in runs)
        print(f"{page:<45} {queries:>8} {median:>20.1f}")


if __name__ == "__main__":
    main()
