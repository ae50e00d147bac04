"""The claims dashboard at 1,000,000 claims (issue 21: 500 ms).

    python3 bench/dashboard.py -c .local/odoo-bench.conf -d bench_claims \
        [--runs 5] [--record bench/RESULTS.md]

Runs as ``bench_operator_01`` with the web client's context (record rules
apply; the bench's operators work in Europe/Warsaw) and measures, for each
period the dashboard offers:

- ``get_dashboard_data`` computed live (no snapshot): what every user got
  before the snapshot, and what users with narrower rules still get;
- the scheduled action's computation of the company's snapshot (all periods,
  as superuser), once;
- ``get_dashboard_data`` read from the snapshot (the operators' case);
- the indexed raw SQL of the same read: the snapshot row, the three live
  workload counts and the names of the top lists.

No peer add-on has a dashboard of its claims or tickets to compare with
(``helpdesk_mgmt`` and OCA ``rma`` offer list, pivot and graph views only);
the reference is the raw SQL. Everything is rolled back.
"""

import argparse
import sys
import time

from odoo import api

try:
    from . import common
    from .rates import measure, operator_env, sql_ms
except ImportError:  # run as a script
    import common
    from rates import measure, operator_env, sql_ms

PERIODS = (30, 90, 365)


def raw_sql(company_id, days):
    """One statement doing what the snapshot read does in SQL: the stored
    figures, the open / overdue / due-this-week counts of the company's
    claims and the names of the products, customers and packers listed."""
    open_claims = (
        f"company_id = {company_id} AND active IS TRUE"
        " AND state IN ('new', 'in_progress', 'decided')"
    )
    return f"""
        WITH snap AS (
            SELECT data FROM claim_dashboard_snapshot
             WHERE company_id = {company_id} AND days = {days}
               AND tz = 'Europe/Warsaw' AND date = CURRENT_DATE
        ), workload AS (
            SELECT (SELECT count(*) FROM claim_claim WHERE {open_claims}) AS open,
                   (SELECT count(*) FROM claim_claim WHERE {open_claims}
                       AND resolution_deadline < CURRENT_DATE) AS overdue,
                   (SELECT count(*) FROM claim_claim WHERE {open_claims}
                       AND resolution_deadline >= CURRENT_DATE
                       AND resolution_deadline <= CURRENT_DATE + 7) AS week
        )
        SELECT (SELECT data FROM snap), w.*,
               (SELECT array_agg(name) FROM product_template
                 WHERE id IN (SELECT product_tmpl_id FROM product_product
                               WHERE id IN (SELECT (r->>'id')::int FROM snap,
                                             jsonb_array_elements(snap.data::jsonb->'top_products') r))),
               (SELECT array_agg(name) FROM res_partner
                 WHERE id IN (SELECT (r->>'id')::int FROM snap,
                               jsonb_array_elements(snap.data::jsonb->'top_customers') r))
          FROM workload w
    """


def run(registry, runs, record):
    rows = []
    with common.environment(registry) as env0:
        cr = env0.cr
        env = operator_env(cr)
        admin = api.Environment(cr, api.SUPERUSER_ID, {})
        company = admin["res.company"].browse(env.company.id)
        Dashboard = env["claim.dashboard"]
        admin["claim.dashboard.snapshot"].search([]).unlink()
        cr.execute(
            "SELECT count(*) FROM claim_claim WHERE company_id = %s", (company.id,)
        )
        print(f"claims: {cr.fetchone()[0]:,}", flush=True)
        live = {}
        for days in PERIODS:
            live[days] = measure(
                env, lambda days=days: Dashboard.get_dashboard_data(days=days), runs
            )
            print(f"live, {days} days: {live[days]:.0f} ms", flush=True)
        begin = time.perf_counter()
        admin["claim.dashboard.snapshot"]._refresh_company(company)
        admin.flush_all()
        refresh = (time.perf_counter() - begin) * 1000
        print(f"snapshot of the company: {refresh:.0f} ms", flush=True)
        for days in PERIODS:
            data = Dashboard.get_dashboard_data(days=days)
            if not data["as_of"]:
                raise SystemExit("the operator did not get the snapshot")
            stored = measure(
                env, lambda days=days: Dashboard.get_dashboard_data(days=days), runs
            )
            raw = sql_ms(cr, raw_sql(company.id, days), runs)
            rows.append((days, live[days], stored, raw))
            print(rows[-1], flush=True)
        cr.rollback()
    lines = [
        f"Snapshot of the company (3 periods, scheduled action): {refresh:,.0f} ms",
        "",
        "| period | live (ms) | from the snapshot (ms) | raw SQL (ms) | snapshot / raw SQL |",
        "|---|---|---|---|---|",
    ]
    for days, live_ms, stored, raw in rows:
        lines.append(
            f"| {days} days | {live_ms:,.0f} | {stored:.0f} | {raw:.1f} | {stored / raw:.1f} |"
        )
    common.print_table(lines, record)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--record", help="append the figures to this file")
    args = parser.parse_args()
    run(common.open_registry(args.config, args.database), args.runs, args.record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
