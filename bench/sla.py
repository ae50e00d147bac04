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
web client's context: the grouped reads the *Service Levels* pivot makes
(rows: contract; columns: month received and resolution status; the totals
of each header) and its graph (month and status), each compared with the
indexed raw SQL of its largest grouping. No peer add-on keeps service levels
of claims or tickets (``helpdesk_mgmt`` leaves them to another module, OCA
``rma`` has none): the reference is the raw SQL.
"""

import argparse
import sys

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
# the pivot of the action: rows, then the two column levels
PIVOT_GROUPINGS = [
    [],
    ["contract_id"],
    ["month_received:month"],
    ["month_received:month", "sla_resolution_status"],
    ["contract_id", "month_received:month"],
    ["contract_id", "month_received:month", "sla_resolution_status"],
]
GRAPH_GROUPING = ["month_received:month", "sla_resolution_status"]


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


def raw_sql(company_id):
    return f"""
        SELECT contract_id, date_trunc('month', month_received),
               sla_resolution_status, count(*)
          FROM claim_claim
         WHERE contract_id IS NOT NULL AND active IS TRUE
           AND company_id = {company_id}
         GROUP BY 1, 2, 3
    """


def graph_sql(company_id):
    return f"""
        SELECT date_trunc('month', month_received), sla_resolution_status, count(*)
          FROM claim_claim
         WHERE contract_id IS NOT NULL AND active IS TRUE
           AND company_id = {company_id}
         GROUP BY 1, 2
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
        groups = len(
            Claim._read_group(
                DOMAIN, ["contract_id", "month_received:month", "sla_resolution_status"]
            )
        )

        def pivot():
            for groupby in PIVOT_GROUPINGS:
                Claim.formatted_read_group(DOMAIN, groupby, ["__count"])

        rows = [
            (
                f"SLA pivot: contract x month x status, with its totals "
                f"({groups:,} cells, {len(PIVOT_GROUPINGS)} grouped reads)",
                measure(env, pivot, runs),
                sql_ms(cr, raw_sql(company_id), runs),
            ),
            (
                "SLA graph: month x status",
                measure(
                    env,
                    lambda: Claim.formatted_read_group(
                        DOMAIN, GRAPH_GROUPING, ["__count"]
                    ),
                    runs,
                ),
                sql_ms(cr, graph_sql(company_id), runs),
            ),
        ]
        cr.rollback()
    lines = [
        f"{contracts:,} running contracts, {claims:,} claims under them",
        "",
        "| case | ours (ms) | raw SQL (ms) | ratio |",
        "|---|---|---|---|",
    ]
    for label, ours, raw in rows:
        lines.append(f"| {label} | {ours:.0f} | {raw:.1f} | {ours / raw:.1f} |")
    table = "\n".join(lines)
    print(table)
    if record:
        with open(record, "a", encoding="utf-8") as out:
            out.write("\n" + table + "\n")


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
