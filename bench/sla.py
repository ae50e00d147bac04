"""The service levels report at 1,000,000 claims (issue 19: 300 ms).

    # the data step (once; its marker is claim_bench.sla in ir.config_parameter):
    python3 bench/sla.py -c .local/odoo-bench.conf -d bench_claims --load
    # the measurements:
    python3 bench/sla.py -c .local/odoo-bench.conf -d bench_claims \
        [--runs 5] [--record bench/RESULTS.md]

The data step gives the ``CONTRACTS`` business customers with the most claims
a running service contract (one service level per priority, in working days)
and puts their claims under it, with the due moments and the met / missed /
running statuses the add-on stores (``claim.claim._sla_status``), in SQL: the
generator (generate.py) stays as it is (a change of it reloads the claims).

The measurements run as ``bench_operator_01`` (record rules apply) with the
web client's context: the grouped reads the *Service Levels* pivot makes as it
opens (filter "Last 12 Months"; rows: month received; columns: resolution
status; the totals of each header), the same pivot with every month expanded
by contract, its graph (month and status), and, for comparison, a pivot of all
months with contracts as rows and months and statuses as columns (the layout
the report opened on before; 80,000 cells are no report a person reads), each
compared with the indexed raw SQL of its largest grouping. No peer add-on keeps service levels
of claims or tickets (``helpdesk_mgmt`` leaves them to another module, OCA
``rma`` has none): the reference is the raw SQL.
"""

import argparse
import sys

from dateutil.relativedelta import relativedelta

from odoo import fields

try:
    from . import common
    from .rates import measure, operator_env, sql_ms
except ImportError:  # run as a script
    import common
    from rates import measure, operator_env, sql_ms

MARKER = "claim_bench.sla"
VERSION = "1"
CONTRACTS = 2000
DOMAIN = [("contract_id", "!=", False)]
# the pivot as the action opens it: the header totals, then the cells
OPEN_GROUPINGS = [
    [],
    ["month_received:month"],
    ["sla_resolution_status"],
    ["month_received:month", "sla_resolution_status"],
]
# every month row expanded by contract
EXPANDED_GROUPINGS = [
    ["month_received:month", "contract_id"],
    ["month_received:month", "contract_id", "sla_resolution_status"],
]
# all months, contracts as rows, months and statuses as columns
ALL_GROUPINGS = [
    [],
    ["contract_id"],
    ["month_received:month"],
    ["month_received:month", "sla_resolution_status"],
    ["contract_id", "month_received:month"],
    ["contract_id", "month_received:month", "sla_resolution_status"],
]
GRAPH_GROUPING = ["month_received:month", "sla_resolution_status"]


def first_month(model):
    today = fields.Date.context_today(model)
    return (today - relativedelta(months=11)).replace(day=1)


def load(registry):
    with common.environment(registry) as env:
        cr = env.cr
        company = env["res.company"].search([], order="id", limit=1)
        calendar = company.resource_calendar_id
        cr.execute(
            """
            SELECT c.commercial_partner_id FROM claim_claim c
              JOIN res_partner p ON p.id = c.commercial_partner_id
             WHERE c.company_id = %s AND p.is_company
             GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT %s
            """,
            (company.id, CONTRACTS),
        )
        partners = [row[0] for row in cr.fetchall()]
        cr.execute("SELECT min(date_received)::date FROM claim_claim")
        start = cr.fetchone()[0]
        cr.execute(
            """
            INSERT INTO claim_contract (name, reference, partner_id, company_id,
                                        active, state, date_start,
                                        resource_calendar_id,
                                        create_uid, create_date, write_uid, write_date)
            SELECT 'Bench contract ' || p, 'BC-' || p, p, %s, TRUE, 'running', %s,
                   %s, 1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC'
              FROM unnest(%s::int[]) p
            RETURNING id, partner_id
            """,
            (company.id, start, calendar.id, partners),
        )
        contracts = cr.fetchall()
        cr.execute(
            """
            INSERT INTO claim_contract_sla (contract_id, company_id, priority,
                                            time_unit, response_time,
                                            resolution_time,
                                            create_uid, create_date, write_uid,
                                            write_date)
            SELECT k, %s, pr, 'days', 6 - pr::int, 20 - 4 * pr::int,
                   1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC'
              FROM unnest(%s::int[]) k, unnest(ARRAY['0', '1', '2', '3']) pr
            """,
            (company.id, [contract_id for contract_id, _partner in contracts]),
        )
        # the due moments: calendar days here (the add-on plans working days
        # on the contract's calendar; the figures' distribution is what
        # matters to the report, not the exact hour)
        cr.execute(
            """
            WITH k AS (SELECT unnest(%s::int[]) AS id, unnest(%s::int[]) AS partner_id)
            UPDATE claim_claim c
               SET contract_id = k.id,
                   sla_response_due = c.date_received
                       + make_interval(days => 8 - 2 * COALESCE(c.priority, '0')::int),
                   sla_resolution_due = c.date_received
                       + make_interval(days => 28 - 6 * COALESCE(c.priority, '0')::int)
              FROM k
             WHERE c.commercial_partner_id = k.partner_id
               AND c.company_id = %s
               AND c.legal_regime = 'b2b'
            """,
            (
                [contract_id for contract_id, _partner in contracts],
                [partner for _contract, partner in contracts],
                company.id,
            ),
        )
        claims = cr.rowcount
        for column, done in (
            ("sla_response", "decision_sent_date"),
            ("sla_resolution", "date_resolved"),
        ):
            cr.execute(
                f"""
                UPDATE claim_claim
                   SET {column}_status = CASE
                         WHEN {done} IS NOT NULL
                              THEN CASE WHEN {done} <= {column}_due
                                        THEN 'met' ELSE 'missed' END
                         WHEN state = 'cancelled' THEN NULL
                         WHEN {column}_due < now() AT TIME ZONE 'UTC' THEN 'missed'
                         ELSE 'running' END
                 WHERE contract_id IS NOT NULL
                """
            )
        env["ir.config_parameter"].sudo().set_param(MARKER, VERSION)
        print(f"{len(contracts):,} contracts, {claims:,} claims under them")
    common.vacuum_analyze(registry.db_name)


MONTH = "date_trunc('month', month_received)"
ALL_COLUMNS = ("contract_id", MONTH, "sla_resolution_status")


def raw_sql(company_id, since=None, columns=ALL_COLUMNS):
    period = f"AND month_received >= '{since}'" if since else ""
    return f"""
        SELECT {", ".join(columns)}, count(*)
          FROM claim_claim
         WHERE contract_id IS NOT NULL AND active IS TRUE
           AND company_id = {company_id} {period}
         GROUP BY {", ".join(str(i) for i in range(1, len(columns) + 1))}
    """


def run(registry, runs, record):
    with common.environment(registry) as env0:
        cr = env0.cr
        if env0["ir.config_parameter"].sudo().get_param(MARKER) != VERSION:
            raise SystemExit("run the data step first (--load)")
        env = operator_env(cr)
        company_id = env.company.id
        Claim = env["claim.claim"]
        cr.execute(
            "SELECT count(*), count(DISTINCT contract_id) FROM claim_claim"
            " WHERE contract_id IS NOT NULL"
        )
        claims, contracts = cr.fetchone()
        since = first_month(Claim)
        recent = [*DOMAIN, ("month_received", ">=", since)]

        def cells(domain, groupby):
            return len(Claim._read_group(domain, groupby))

        def pivot(domain, groupings):
            def call():
                for groupby in groupings:
                    Claim.formatted_read_group(domain, groupby, ["__count"])

            return call

        rows = [
            (
                f"SLA report as it opens: last 12 months, month x status, with "
                f"its totals ({cells(recent, OPEN_GROUPINGS[-1]):,} cells, "
                f"{len(OPEN_GROUPINGS)} grouped reads)",
                measure(env, pivot(recent, OPEN_GROUPINGS), runs),
                sql_ms(
                    cr,
                    raw_sql(company_id, since, (MONTH, "sla_resolution_status")),
                    runs,
                ),
            ),
            (
                f"every month expanded by contract "
                f"({cells(recent, EXPANDED_GROUPINGS[-1]):,} cells, "
                f"{len(EXPANDED_GROUPINGS)} grouped reads)",
                measure(env, pivot(recent, EXPANDED_GROUPINGS), runs),
                sql_ms(cr, raw_sql(company_id, since), runs),
            ),
            (
                "SLA graph: month x status (last 12 months)",
                measure(
                    env,
                    lambda: Claim.formatted_read_group(
                        recent, GRAPH_GROUPING, ["__count"]
                    ),
                    runs,
                ),
                sql_ms(
                    cr,
                    raw_sql(company_id, since, (MONTH, "sla_resolution_status")),
                    runs,
                ),
            ),
            (
                f"all months, contract x month x status, with its totals "
                f"({cells(DOMAIN, ALL_GROUPINGS[-1]):,} cells, "
                f"{len(ALL_GROUPINGS)} grouped reads)",
                measure(env, pivot(DOMAIN, ALL_GROUPINGS), runs),
                sql_ms(cr, raw_sql(company_id), runs),
            ),
        ]
        cr.rollback()
    lines = [
        f"{contracts:,} running contracts, {claims:,} claims under them",
        "",
        "| case | ours (ms) | raw SQL (ms) | ratio | goal 300 ms |",
        "|---|---|---|---|---|",
    ]
    for label, ours, raw in rows:
        goal = "met" if ours <= 300 else "not met"
        lines.append(
            f"| {label} | {ours:.0f} | {raw:.1f} | {ours / raw:.1f} | {goal} |"
        )
    common.print_table(lines, record)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--load", action="store_true", help="the data step only")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--record", help="append the figures to this file")
    args = parser.parse_args()
    registry = common.open_registry(args.config, args.database)
    if args.load:
        load(registry)
    else:
        run(registry, args.runs, args.record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
