"""Load run of issue 22: portal customers, visitors of the public form,
backend operators and an e-shop over JSON-2 at the same time, with locust,
against the 1,000,000-claim bench database.

    python3 bench/load.py -c .local/odoo-bench.conf -d bench_claims \
        [-u 100] [-r 10] [-t 5m] [--servers 1] [--workers 2] [--record]

The driver runs in Odoo's Python; locust runs in its own virtual environment
(``--venv``, default ``.local/load-venv``, created with ``pip install locust``
when missing) so that its pins never touch Odoo's packages. It

1. prepares users and data (portal users of the customers with the most
   claims, an e-shop API user with a key and invoices of its own, a
   consumer's invoice for the public form, whose rate limit is raised and
   which is switched on for the run),
2. starts ``--servers`` Odoo servers of ``--workers`` workers each on the
   database (loopback only, proxy mode: every visitor has its own network
   address in X-Forwarded-For) and runs locust headless (bench/load_users.py),
   users spread over the servers' URLs,
3. checks that every claim the e-shop submitted (its client_ref) and every
   public form submission (its e-mail) is stored exactly once,
4. removes what the run created (claims, requests, messages, e-mails,
   followers, events, rate limit keys; claims in SQL, as claims with documents
   are never deleted through the ORM) and restores the company's settings,
5. prints p50/p95/p99, errors and requests/s per request kind with the goals
   (p95 <= 300 ms, no error, every claim stored once); ``--record`` appends
   them to bench/RESULTS.md.
"""

import argparse
import json
import math
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import ExitStack
from datetime import datetime, timedelta
from pathlib import Path

from odoo.fields import Command

try:
    from . import common, run
except ImportError:  # run as a script
    import common
    import run

HERE = Path(__file__).resolve().parent
CLAIM_LINK_RE = re.compile(r'href="/my/claims/(\d+)[?"]')
P95_GOAL_MS = 300
PORTAL_USERS = 20
CONSUMER = "Bench Load Consumer"
CONSUMER_EMAIL = "bench.load.consumer@example.com"
ESHOP_CUSTOMER = "Bench Load E-shop Customer"
# the weights of load_users.py: the e-shop is 10 of 100
ESHOP_SHARE = 0.10
# tables whose rows the run adds, deleted afterwards (in this order)
CREATED = [
    "claim_claim",
    "claim_request",
    "mail_message",
    "mail_mail",
    "mail_followers",
    "claim_event",
    "claim_request_attempt",
    "claim_rate_limit",
    "bus_bus",
]


def portal_logins(env, count):
    """Portal users (password = login) of contacts of the ``count``
    customers with the most claims, created once."""
    env.cr.execute(
        "SELECT commercial_partner_id FROM claim_claim GROUP BY 1 "
        "ORDER BY count(*) DESC LIMIT %s",
        [count],
    )
    logins = []
    for index, (customer_id,) in enumerate(env.cr.fetchall(), 1):
        login = f"bench_load_portal_{index:02d}"
        logins.append(login)
        if (
            env["res.users"]
            .with_context(active_test=False)
            .search_count([("login", "=", login)])
        ):
            continue
        customer = env["res.partner"].browse(customer_id)
        contact = customer.child_ids.filtered(lambda p: not p.user_ids)[:1]
        if not contact:
            contact = env["res.partner"].create(
                {"name": f"Bench Load Contact {index:02d}", "parent_id": customer.id}
            )
        env["res.users"].with_context(no_reset_password=True).create(
            {
                "name": contact.name,
                "login": login,
                "password": login,
                "partner_id": contact.id,
                "group_ids": [Command.set([env.ref("base.group_portal").id])],
            }
        )
    return logins


def customer_invoices(env, name, count):
    """``count`` posted invoices of 5 lines (1,000 units each) of the
    customer ``name``, made once (run.py's helper) and reused: the run's
    claims are deleted afterwards, so their quantities are claimable again.
    Returns [(number, [product codes])]."""
    Move = env["account.move"]
    domain = [
        ("partner_id.name", "=", name),
        ("move_type", "=", "out_invoice"),
        ("state", "=", "posted"),
    ]
    missing = count - Move.search_count(domain)
    if missing > 0:
        partner, _invoices = run._bench_api_invoices(env, missing, 1)
        partner.name = name
    invoices = Move.search(domain, order="id", limit=count)
    return [
        (
            invoice.name,
            invoice.invoice_line_ids.product_id.mapped("default_code"),
        )
        for invoice in invoices
    ]


def api_key(env):
    """The e-shop's integration user (group Claims: API) and a key for it."""
    user = env["res.users"].search([("login", "=", "bench_api")]) or env[
        "res.users"
    ].create(
        {
            "name": "Bench API",
            "login": "bench_api",
            "group_ids": [
                Command.set(
                    [
                        env.ref("base.group_user").id,
                        env.ref("claim_management.group_claim_api").id,
                    ]
                )
            ],
        }
    )
    return (
        env["res.users.apikeys"]
        .with_user(user)
        ._generate("rpc", "bench load", datetime.now() + timedelta(days=1))
    )


def prepare(registry, database, users, stamp):
    """Users, keys, documents and settings of the run; returns (the data for
    load_users.py, what to restore and where the created rows start)."""
    with common.environment(registry) as env:
        cr = env.cr
        company = env.company
        saved = {
            "claim_public_form": company.claim_public_form,
            "claim_public_rate_limit": company.claim_public_rate_limit,
        }
        company.write({"claim_public_form": True, "claim_public_rate_limit": 1000000})
        operators = env["res.users"].search(
            [("login", "=like", "bench_operator_%")], order="login"
        )
        if not operators:
            raise SystemExit("no bench_operator_* users: load the data first")
        op_model = (
            env["claim.claim"].with_user(operators[0]).with_context(run.WEB_CONTEXT)
        )
        consumer_invoice = customer_invoices(env, CONSUMER, 1)[0][0]
        consumer = env["res.partner"].search([("name", "=", CONSUMER)])
        consumer.write({"email": CONSUMER_EMAIL})
        invoice = env["account.move"].search([("name", "=", consumer_invoice)])
        Clause = env["claim.consent.clause"]
        cr.execute(
            "SELECT c.name, p.name FROM claim_claim c "
            "JOIN res_partner p ON p.id = c.commercial_partner_id "
            "WHERE c.state IN ('new', 'in_progress', 'decided') "
            "ORDER BY c.id DESC LIMIT 200"
        )
        rows = cr.fetchall()
        data = {
            "database": database,
            "stamp": stamp,
            "portal_logins": portal_logins(env, PORTAL_USERS),
            "operator_logins": operators.mapped("login"),
            "api_key": api_key(env),
            "api_consent_ids": Clause._for_channel(company, "api").ids,
            "eshop_invoices": customer_invoices(
                env, ESHOP_CUSTOMER, math.ceil(users * ESHOP_SHARE) + 1
            ),
            "public": {
                "document_number": consumer_invoice,
                "document_email": CONSUMER_EMAIL,
                "line_key": env["claim.claim"]._customer_source_lines(invoice)[0][
                    "key"
                ],
                "claim_type_id": env.ref("claim_management.type_quality").id,
                "reason_id": env.ref("claim_management.reason_defective").id,
                "consent_ids": Clause._for_channel(company, "public").ids,
            },
            "context": run.WEB_CONTEXT,
            "list_spec": run.view_spec(op_model, "list"),
            "form_spec": run.view_spec(op_model, "form"),
            "numbers": sorted({row[0] for row in rows}),
            "customers": sorted({row[1] for row in rows}),
        }
        start = {}
        for table in CREATED:
            cr.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
            start[table] = cr.fetchone()[0]
        env.cr.commit()
    return data, saved, start


def count_stored(registry, start, stamp, submitted):
    """Every submission the clients saw succeed stored exactly once, and
    nothing stored that they did not see succeed."""
    pattern = f"load-{stamp}-%"
    with common.environment(registry) as env:
        cr = env.cr
        cr.execute(
            "SELECT client_ref, count(*) FROM claim_claim WHERE id > %s "
            "AND client_ref LIKE %s GROUP BY 1",
            [start["claim_claim"], pattern],
        )
        claims = dict(cr.fetchall())
        cr.execute(
            "SELECT email, count(*) FROM claim_request WHERE id > %s "
            "AND email LIKE %s GROUP BY 1",
            [start["claim_request"], pattern],
        )
        requests = dict(cr.fetchall())
    checks = {}
    for label, stored, sent in (
        ("e-shop claims (client_ref)", claims, submitted["client_refs"]),
        ("public form requests (e-mail)", requests, submitted["emails"]),
    ):
        checks[label] = {
            "submitted": len(sent),
            "stored": sum(stored.values()),
            "twice": sum(1 for n in stored.values() if n > 1),
            "missing": len(set(sent) - set(stored)),
            "unexpected": len(set(stored) - set(sent)),
        }
        checks[label]["ok"] = (
            checks[label]["stored"] == len(sent) == len(set(sent))
            and not checks[label]["twice"]
            and not checks[label]["missing"]
            and not checks[label]["unexpected"]
        )
    return checks


def clean_up(registry, saved, start):
    """Delete what the run created, restore the settings; returns the rows
    added per table."""
    added = {}
    with common.environment(registry) as env:
        cr = env.cr
        for table in CREATED:
            cr.execute(f"DELETE FROM {table} WHERE id > %s", [start[table]])
            added[table] = cr.rowcount
        env.company.write(saved)
        env["res.users.apikeys"].search([("name", "=", "bench load")]).sudo().unlink()
        cr.commit()
    return added


def warm_up(url, data):
    """Load the registry and compile the pages in every worker of the server
    at ``url`` (a worker loads them on its first request), as a server in
    production has long done: a few rounds of each page, in parallel."""

    def rounds():
        for _ in range(3):
            for path in ("/web/login", "/claims/new"):
                urllib.request.urlopen(url + path, timeout=120).read()
            portal = common.http_session(
                url, data["database"], data["portal_logins"][0]
            )
            with portal.open(url + "/my/claims", timeout=120) as response:
                claim_ids = CLAIM_LINK_RE.findall(response.read().decode())
            for claim_id in claim_ids[:2]:
                portal.open(f"{url}/my/claims/{claim_id}", timeout=120).read()
            operator = common.http_session(
                url, data["database"], data["operator_logins"][0]
            )
            body = {
                "jsonrpc": "2.0",
                "params": {
                    "model": "claim.claim",
                    "method": "web_search_read",
                    "args": [],
                    "kwargs": {
                        "specification": data["list_spec"],
                        "domain": run.OPEN_CLAIMS,
                        "limit": 80,
                        "count_limit": 10001,
                        "context": data["context"],
                    },
                },
            }
            operator.open(
                urllib.request.Request(
                    url + "/web/dataset/call_kw/claim.claim/web_search_read",
                    data=json.dumps(body).encode(),
                    headers={"Content-Type": "application/json"},
                ),
                timeout=120,
            ).read()

    def api_submits(thread):
        number, codes = data["eshop_invoices"][-1]
        for n in range(3):
            body = {
                "document": number,
                "document_type": "invoice",
                "lines": [{"default_code": codes[0], "quantity": 1}],
                # not a load- reference: deleted, not counted
                "client_ref": f"warm-{data['stamp']}-{url[-5:]}-{thread}-{n}",
                "description": "The product broke after a week.",
                "consent_ids": data["api_consent_ids"],
            }
            urllib.request.urlopen(
                urllib.request.Request(
                    url + "/json/2/claim.claim/api_submit",
                    data=json.dumps(body).encode(),
                    headers={
                        "Authorization": f"bearer {data['api_key']}",
                        "Content-Type": "application/json",
                        "X-Odoo-Database": data["database"],
                    },
                ),
                timeout=120,
            ).read()

    threads = [threading.Thread(target=rounds) for _ in range(4)]
    threads += [threading.Thread(target=api_submits, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


class CpuSampler(run.ProcessCpu):
    """CPU time of the machine during the run, by kind of process (Odoo,
    PostgreSQL, locust, anything else), from /proc every 2 seconds."""

    def __init__(self, database):
        super().__init__(
            [
                "locust",
                "Odoo (the run's servers)",
                f"PostgreSQL ({database})",
                "PostgreSQL (other databases, background)",
                "other (e.g. other test runs)",
            ]
        )
        self.database = database

    def kind(self, pid, command):
        labels = list(self.used)
        if "locust" in command:
            return labels[0]
        if "-m odoo" in command and self.database in command:
            return labels[1]
        if command.startswith("postgres"):
            return labels[2] if f" {self.database} " in command else labels[3]
        return labels[4]

    def summary(self):
        cores = os.cpu_count()
        seconds = self.seconds or 1
        busy = sum(self.used.values())
        total = (self.end_ticks[2] - self.start_ticks[2]) or 1

        def share(index):
            return (self.end_ticks[index] - self.start_ticks[index]) / total

        parts = ", ".join(
            f"{label} {used / seconds:.2f}" for label, used in self.used.items()
        )
        return (
            f"CPU during the run: {busy / seconds:.2f} of {cores} cores busy on "
            f"average ({parts}; cores in use, sampled from /proc every 2 s); "
            f"/proc/stat: {share(0):.0%} busy, {share(1):.0%} stolen by the "
            "hypervisor"
        )


def ensure_locust(venv):
    locust = venv / "bin" / "locust"
    if not locust.exists():
        print(f"creating {venv} with locust (pip install locust)", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", "locust"], check=True
        )
    return locust


def run_locust(locust, args, data, workdir):
    """Run locust; returns what load_users.py wrote when it stopped (request
    times by kind, failures, submissions) and the wall time."""
    data_path = workdir / "data.json"
    out_path = workdir / "results.json"
    data_path.write_text(json.dumps(data))
    out_path.unlink(missing_ok=True)
    command = [
        str(locust),
        "-f",
        str(HERE / "load_users.py"),
        "--headless",
        "-u",
        str(args.users),
        "-r",
        str(args.spawn_rate),
        "-t",
        args.time,
        "--stop-timeout",
        "30",
        "--csv",
        str(workdir / "locust"),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    env = dict(os.environ, LOAD_DATA=str(data_path), LOAD_OUT=str(out_path))
    begin = time.monotonic()
    with open(workdir / "locust.log", "w") as log:
        subprocess.run(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    elapsed = time.monotonic() - begin
    if not out_path.exists():
        raise RuntimeError(f"locust wrote no results, see {workdir / 'locust.log'}")
    return json.loads(out_path.read_text()), elapsed


def percentile(ordered, share):
    """Nearest-rank percentile of an ordered list."""
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def steady_lines(results, after):
    """p50/p95/p99 of the requests started ``after`` seconds into the run,
    once every user has started (and logged in)."""
    lines = [
        "| request kind | requests | p50 ms | p95 ms | p99 ms |",
        "|---|---|---|---|---|",
    ]
    rows = [
        (name, [ms for start, ms in times if start >= after])
        for name, times in sorted(results["times"].items())
    ]
    rows.append(("**all**", [ms for _name, times in rows for ms in times]))
    for name, times in rows:
        if times:
            ordered = sorted(times)
            lines.append(
                f"| {name} | {len(times):,} | {percentile(ordered, 0.5):.0f} | "
                f"{percentile(ordered, 0.95):.0f} | {percentile(ordered, 0.99):.0f} |"
            )
    return lines


def table(results, checks):
    """The result as Markdown lines, and whether every goal is met."""
    lines = [
        "| request kind | requests | errors | p50 ms | p95 ms | p99 ms | req/s | goal |",
        "|---|---|---|---|---|---|---|---|",
    ]
    seconds = results["seconds"] or 1
    met = not results["errors"]
    rows = [
        (name, [ms for _start, ms in times])
        for name, times in sorted(results["times"].items())
    ]
    rows.append(("**all**", [ms for _name, times in rows for ms in times]))
    for name, times in rows:
        ordered = sorted(times)
        errors = (
            results["failures"].get(name, 0)
            if name != "**all**"
            else sum(results["failures"].values())
        )
        p95 = percentile(ordered, 0.95)
        ok = errors == 0 and p95 <= P95_GOAL_MS
        if name != "**all**":
            met &= ok
        lines.append(
            f"| {name} | {len(times):,} | {errors} | {percentile(ordered, 0.5):.0f} | "
            f"{p95:.0f} | {percentile(ordered, 0.99):.0f} | "
            f"{len(times) / seconds:.1f} | {'met' if ok else 'MISSED'} |"
        )
    lines += [
        "",
        "| submitted (accepted) | stored | stored twice | missing | not accepted "
        "but stored | stored once |",
        "|---|---|---|---|---|---|",
    ]
    for label, check in checks.items():
        met &= check["ok"]
        lines.append(
            f"| {label}: {check['submitted']:,} | {check['stored']:,} | "
            f"{check['twice']} | {check['missing']} | {check['unexpected']} | "
            f"{'yes' if check['ok'] else 'NO'} |"
        )
    if results["errors"]:
        lines += [
            "",
            "Errors:",
            *(
                f"- {count}x {message}"
                for message, count in sorted(
                    results["errors"].items(), key=lambda item: -item[1]
                )[:10]
            ),
        ]
    return lines, met


def record(lines, args, machine, met, elapsed):
    servers = (
        f"{args.servers} Odoo servers of {args.workers} workers each"
        if args.servers > 1
        else f"1 Odoo server of {args.workers} workers"
    )
    text = [
        "",
        f"## Load run (issue 22): {servers}, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        f"- `bench/load.py -u {args.users} -r {args.spawn_rate} -t {args.time} "
        f"--servers {args.servers} --workers {args.workers}` against "
        f"`{args.database}` (locust {elapsed:.0f} s wall)",
        f"- Machine: {machine}; Odoo, PostgreSQL and locust share these cores",
        f"- Goals (p95 <= {P95_GOAL_MS} ms per request kind, 0 errors, every "
        f"claim stored once): {'met' if met else 'NOT met'}",
        "",
        *lines,
    ]
    with open(HERE / "RESULTS.md", "a") as results:
        results.write("\n".join(text) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", default="bench_claims")
    parser.add_argument("-u", "--users", type=int, default=100)
    parser.add_argument("-r", "--spawn-rate", type=float, default=10)
    parser.add_argument("-t", "--time", default="5m", help="locust's run time")
    parser.add_argument(
        "--max-requests",
        type=int,
        default=200_000,
        help="stop earlier after this many requests",
    )
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--venv",
        type=Path,
        default=HERE.parent / ".local" / "load-venv",
        help="virtual environment of locust (created when missing)",
    )
    parser.add_argument(
        "--record", action="store_true", help="append the result to RESULTS.md"
    )
    args = parser.parse_args()
    locust = ensure_locust(args.venv)
    workdir = HERE.parent / ".local" / "load"
    workdir.mkdir(parents=True, exist_ok=True)
    registry = common.open_registry(args.config, args.database)
    stamp = time.strftime("%Y%m%d%H%M%S")
    print(f"preparing users and documents of run {stamp}", flush=True)
    data, saved, start = prepare(registry, args.database, args.users, stamp)
    data["max_requests"] = args.max_requests
    try:
        with ExitStack() as stack:
            data["hosts"] = [
                stack.enter_context(
                    common.odoo_server(
                        args.config,
                        args.database,
                        args.workers,
                        extra_args=["--proxy-mode"],
                    )
                )
                for _ in range(args.servers)
            ]
            for url in data["hosts"]:
                warm_up(url, data)
            print(
                f"locust: {args.users} users, {args.time}, against "
                f"{', '.join(data['hosts'])} ({args.workers} workers each)",
                flush=True,
            )
            sampler = CpuSampler(args.database)
            sampler.start()
            try:
                results, elapsed = run_locust(locust, args, data, workdir)
            finally:
                sampler.stop.set()
                sampler.join()
        checks = count_stored(registry, start, stamp, results["submitted"])
    finally:
        added = clean_up(registry, saved, start)
    with common.environment(registry) as env:
        machine = run.machine_description(env.cr)
    lines, met = table(results, checks)
    # every user started (users / rate seconds) and a little more
    after = args.users / args.spawn_rate + 10
    lines += [
        "",
        f"Once every user has started and logged in (requests started {after:.0f} s "
        "or more into the run):",
        "",
        *steady_lines(results, after),
    ]
    lines += ["", sampler.summary()]
    print("\n".join(lines))
    print(
        "rows created and deleted: "
        + ", ".join(f"{t} {n:,}" for t, n in added.items() if n)
    )
    print(
        f"goals (p95 <= {P95_GOAL_MS} ms per kind, 0 errors, every claim stored "
        f"once): {'MET' if met else 'NOT MET'}; locust log and CSV in {workdir}"
    )
    if args.record:
        record(lines, args, machine, met, elapsed)


if __name__ == "__main__":
    main()
