"""Issue 21 (part A): root causes on the bench claims and the 8D report's
effectiveness check, measured against the equivalent indexed raw SQL.

    python3 bench/quality.py -c .local/odoo-bench.conf -d bench_claims [--measure]

Step (run by `tools/dev.sh bench` after the main load, once per data set: the
marker ``claim_bench.quality`` in ir.config_parameter holds the version of
this step and the size of the load): the decided lines of the claims received
in the last 365 days get a root cause (the leaves of the root-cause tree,
spread by line id), older lines keep none, as in a database that started
recording root causes a year ago; one open 8D report is created on the
product with the most claimed lines of the biggest company, root cause
"Production" (and its sub-causes), implemented 90 days ago.

--measure prints the effectiveness check of that report (the ORM call the
form makes, as a bench operator, record rules applied) against the raw SQL
query, median of --runs runs, and the plan of the query.
"""

import argparse
import sys
from datetime import datetime, time, timedelta

try:
    from . import common
except ImportError:  # run as a script
    import common

STEP_VERSION = "1"
MARKER = "claim_bench.quality"
REPORT_PARAM = "claim_bench.quality_report_id"


def marker_value(env):
    size = env["ir.config_parameter"].sudo().get_param("claim_bench.claims", "0")
    return f"{STEP_VERSION}:{size}"


def load(env):
    """Root causes on the last year's decided lines and one 8D report."""
    cr = env.cr
    leaves = env["claim.root.cause"].search([("child_ids", "=", False)])
    cr.execute(
        """
        UPDATE claim_line l
           SET root_cause_id = (%s::int[])[1 + l.id %% %s]
          FROM claim_claim c
         WHERE c.id = l.claim_id
           AND l.decision IS NOT NULL
           AND c.date_received >= now() at time zone 'utc' - interval '365 days'
        """,
        (leaves.ids, len(leaves)),
    )
    updated = cr.rowcount
    cr.execute(
        """
        SELECT company_id, product_id FROM claim_line
         WHERE company_id = (SELECT company_id FROM claim_line GROUP BY 1
                              ORDER BY count(*) DESC LIMIT 1)
         GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1
        """
    )
    company_id, product_id = cr.fetchone()
    report = (
        env["claim.quality.report"]
        .with_company(company_id)
        .create(
            {
                "title": "Bench: the most claimed product",
                "company_id": company_id,
                "state": "open",
                "product_ids": [(6, 0, [product_id])],
                "root_cause_id": env.ref("claim_management.root_cause_production").id,
                "date_implemented": (datetime.now() - timedelta(days=90)).date(),
            }
        )
    )
    params = env["ir.config_parameter"].sudo()
    params.set_param(REPORT_PARAM, report.id)
    params.set_param(MARKER, marker_value(env))
    return updated, report


def raw_sql(report, now):
    """The effectiveness check written by hand (same rows, same indexes)."""
    start = datetime.combine(report.date_implemented, time.min)
    since = start - (now - start)
    return (
        "SELECT count(*) FILTER (WHERE l.create_date < %s), "
        "count(*) FILTER (WHERE l.create_date >= %s) FROM claim_line l "
        "WHERE l.company_id = %s AND l.product_id = ANY(%s) "
        "AND l.root_cause_id IN (SELECT id FROM claim_root_cause "
        "WHERE parent_path LIKE %s) "
        "AND l.create_date >= %s AND l.create_date < %s",
        (
            start,
            start,
            report.company_id.id,
            report.product_ids.ids,
            report.root_cause_id.parent_path + "%",
            since,
            now,
        ),
    )


def bench_case(env):
    """(ORM call, raw SQL, params) of the bench report for run.py, or None."""
    report_id = int(env["ir.config_parameter"].sudo().get_param(REPORT_PARAM, 0) or 0)
    report = env["claim.quality.report"].browse(report_id).exists()
    if not report:
        return None
    now = datetime.now()
    query, params = raw_sql(report, now)
    return (lambda: report._effectiveness_counts(now), query, params)


def measure(registry, runs):
    with common.environment(registry) as env:
        report_id = int(
            env["ir.config_parameter"].sudo().get_param(REPORT_PARAM, 0) or 0
        )
        operator = env["res.users"].search(
            [("login", "=", "bench_operator_01")], limit=1
        )
        report = env["claim.quality.report"].browse(report_id).exists()
        if not report:
            sys.exit("no bench 8D report: run the step first")
        user_env = env(
            user=operator.id,
            context={"allowed_company_ids": operator.company_ids.ids},
        )
        report = report.with_env(user_env)
        now = datetime.now()

        def ours():
            user_env.invalidate_all()
            return report._effectiveness_counts(now)

        counts = ours()
        query, params = raw_sql(report, now)

        def sql():
            env.cr.execute(query, params)
            return env.cr.fetchone()

        before, after = sql()
        assert (before, after) == (counts["before"], counts["after"]), (
            counts,
            before,
            after,
        )

        def ours_query_only():
            # the report's fields already read (an open form): the count query
            report.read(["date_implemented", "company_id", "product_ids", "lot_ids"])
            report.root_cause_id.read(["parent_path"])
            user_env["claim.line"].invalidate_model()
            return report._effectiveness_counts(now)

        ours_ms = common.median_ms(ours, runs=runs)
        query_ms = common.median_ms(ours_query_only, runs=runs)
        sql_ms = common.median_ms(sql, runs=runs)
        env.cr.execute("EXPLAIN (ANALYZE, BUFFERS) " + query, params)
        plan = "\n".join(row[0] for row in env.cr.fetchall())
        env.cr.execute("SELECT count(*) FROM claim_line")
        (line_count,) = env.cr.fetchone()
        env.cr.rollback()
    print(
        f"8D effectiveness check ({line_count:,} claim lines; {counts['days']} days "
        f"before/after, {before:,} / {after:,} lines): ours {ours_ms:.1f} ms "
        f"(report read from the database too), {query_ms:.1f} ms (report fields "
        f"in cache: the count query); raw SQL {sql_ms:.1f} ms; ratios "
        f"{ours_ms / sql_ms:.1f} / {query_ms / sql_ms:.1f}"
    )
    print(plan)
    return ours_ms, sql_ms


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--measure", action="store_true")
    args = parser.parse_args()
    registry = common.open_registry(args.config, args.database)
    with common.environment(registry) as env:
        current = env["ir.config_parameter"].sudo().get_param(MARKER)
        if current != marker_value(env):
            updated, report = load(env)
            env.cr.commit()
            print(f"Root causes on {updated:,} claim lines; 8D report {report.name}")
    if args.measure:
        common.vacuum(args.database, ["claim_line"])
        measure(registry, args.runs)


if __name__ == "__main__":
    main()
