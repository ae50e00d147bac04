"""Claim rates at 1,000,000 claims (issue 21, part B).

    # the data step (once; run by tools/dev.sh bench after the main load):
    python3 bench/rates.py -c .local/odoo-bench.conf -d bench_claims --load
    # the measurements:
    python3 bench/rates.py -c .local/odoo-bench.conf -d bench_claims \
        [--runs 7] [--record bench/RESULTS.md]

The data step adds what the generator (generate.py) does not make and the
rates need, without touching the generator (its digest would reload the
claims): carriers on 85 % of the deliveries (their claims follow, as the
related field would do; left out, see assign_carriers), ``--extra`` unclaimed deliveries (one done move and move
line each, cloned from a claimed delivery of the same packer and product, 85 %
with a carrier, dated over the same period), transport claims counted for
carriers, then a full refresh of the rates table (timed). Its marker is
``claim_bench.rates`` in ir.config_parameter.

The measurements run as ``bench_operator_01`` (record rules apply) with the
web client's context: ``formatted_read_group`` of the rates pivot (packer,
carrier, product by month, with the action's measures) and the pivot view's
own call (``formatted_read_grouping_sets``: total, months, subjects and cells
at once), the dashboard's
``get_dashboard_data`` (whole, and its rates block alone), an incremental
refresh after one new claim and a full refresh. Each is compared with raw SQL:
the same grouping of the rates table, and the rates computed directly from the
stock moves and claim lines (what a report without the table would run).
"""

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from dateutil.relativedelta import relativedelta

from odoo import api

try:
    from . import common
except ImportError:  # run as a script
    import common

MARKER = "claim_bench.rates"
VERSION = "1"
CARRIERS = 6
WEB_CONTEXT = {"lang": "en_US", "tz": "Europe/Warsaw", "bin_size": True}
COUNTS = ["delivery_count:sum", "claim_count:sum", "rate:sum"]
QUANTITIES = ["quantity_delivered:sum", "quantity_claimed:sum", "rate:sum"]
# as the actions open: their filter "Last 12 Months" (this month and the 11
# before)
OPENS = "opens"
# (label, kind, subject, months back (None: all, OPENS: as the action opens),
#  aggregates)
CASES = [
    ("packer by month", "packer", "packer_id", None, COUNTS),
    ("packer by month, as the action opens", "packer", "packer_id", OPENS, COUNTS),
    ("carrier by month", "carrier", "carrier_id", None, COUNTS),
    ("carrier by month, as the action opens", "carrier", "carrier_id", OPENS, COUNTS),
    ("product category by month", "product", "categ_id", None, QUANTITIES),
    (
        "product category by month, as the action opens",
        "product",
        "categ_id",
        OPENS,
        QUANTITIES,
    ),
    ("product by month, last month", "product", "product_id", 1, QUANTITIES),
    ("product by month, last 12 months", "product", "product_id", 12, QUANTITIES),
]


# ----------------------------------------------------------------------
# Data step
# ----------------------------------------------------------------------


def load(registry, extra):
    with common.environment(registry) as env:
        cr = env.cr
        cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", [MARKER])
        row = cr.fetchone()
        wanted = f"{VERSION}:{extra}"
        if row and row[0] == wanted:
            print(f"rates data already loaded ({wanted})")
            return
        watch = common.Stopwatch()
        carriers = make_carriers(env)
        with watch.step("carriers on deliveries") as step:
            step["rows"] = assign_carriers(cr, carriers)
        with watch.step("unclaimed deliveries") as step:
            step["rows"] = add_deliveries(cr, extra, carriers)
        transport = env.ref("claim_management.type_transport")
        transport.counts_for_carrier = True
        env["ir.config_parameter"].set_param(MARKER, wanted)
        env.flush_all()
        cr.commit()
    common.vacuum_analyze(registry.db_name)
    with common.environment(registry) as env:
        begin = time.perf_counter()
        company = env["res.company"].search([], order="id", limit=1)
        env["claim.rate"]._refresh_company_rates(company, full=True)
        env.cr.commit()
        print(f"full refresh of the rates: {time.perf_counter() - begin:.1f} s")
    common.vacuum_analyze(registry.db_name)


def make_carriers(env):
    carriers = env["delivery.carrier"].search([("name", "like", "Bench Carrier")])
    if len(carriers) < CARRIERS:
        service = env["product.product"].create(
            {"name": "Bench Shipping", "type": "service"}
        )
        carriers |= env["delivery.carrier"].create(
            [
                {"name": f"Bench Carrier {index:02d}", "product_id": service.id}
                for index in range(len(carriers) + 1, CARRIERS + 1)
            ]
        )
    return carriers


def carrier_expr(carriers, picking_id):
    """85 % of the deliveries get one of the carriers."""
    ids = ",".join(str(i) for i in carriers.ids)
    return (
        f"CASE WHEN abs(hashtext({picking_id}::text || 'c')) % 100 < 85 "
        f"THEN (ARRAY[{ids}])[1 + abs(hashtext({picking_id}::text)) % {len(carriers)}] "
        "END"
    )


def assign_carriers(cr, carriers):
    cr.execute(
        f"""UPDATE stock_picking p SET carrier_id = {carrier_expr(carriers, "p.id")}
             WHERE p.state = 'done' AND p.carrier_id IS NULL
               AND p.picking_type_id IN (
                   SELECT id FROM stock_picking_type WHERE code = 'outgoing')"""
    )
    # claim.claim.carrier_id (stored related of the delivery's) is left as the
    # generator made it: rewriting 600,000 claims through their 30 indexes
    # took over 10 minutes of the shared CPU, and the rates read the
    # deliveries' carriers, not the claims'
    return cr.rowcount


def add_deliveries(cr, extra, carriers):
    """``extra`` unclaimed deliveries cloned from claimed ones: same packer,
    customer and product, dated over the same period, one move and move line."""
    if not extra:
        return 0
    cr.execute(
        """
        CREATE TEMP TABLE t_extra AS
        SELECT row_number() OVER () AS rn, src.id AS src_picking,
               (SELECT min(m.id) FROM stock_move m WHERE m.picking_id = src.id)
                   AS src_move,
               src.date_done - make_interval(days => (random() * 60)::int - 30)
                   AS date_done
          FROM (SELECT p.id, p.date_done FROM stock_picking p
                 WHERE p.state = 'done' AND p.packer_id IS NOT NULL
                 ORDER BY random() LIMIT %s) src
          -- several clones of a picking when more are asked than there are
          CROSS JOIN generate_series(1, GREATEST(1, ceil(%s::numeric / (
                SELECT count(*) FROM stock_picking WHERE packer_id IS NOT NULL)))::int) g
         LIMIT %s
        """,
        [extra, extra, extra],
    )
    cr.execute(
        "UPDATE t_extra SET date_done = LEAST(date_done, now() AT TIME ZONE 'UTC')"
    )
    picking_base = common.reserve_ids(cr, "stock_picking", extra)
    move_base = common.reserve_ids(cr, "stock_move", extra)
    line_base = common.reserve_ids(cr, "stock_move_line", extra)
    cr.execute(
        "ALTER TABLE t_extra ADD COLUMN picking_id int, ADD COLUMN move_id int, "
        "ADD COLUMN line_id int, ADD COLUMN name varchar"
    )
    cr.execute(
        "UPDATE t_extra SET picking_id = %s + rn, move_id = %s + rn, line_id = %s + rn, "
        "name = 'WH/OUT/RATES/' || lpad(rn::text, 7, '0')",
        [picking_base, move_base, line_base],
    )
    cr.execute("CREATE INDEX ON t_extra (src_picking)")
    insert_clones(
        cr,
        "stock_picking",
        "t.src_picking",
        {
            "id": "t.picking_id",
            "name": "t.name",
            "date_done": "t.date_done",
            "date": "t.date_done",
            "scheduled_date": "t.date_done",
            "date_deadline": "NULL",
            "packed_date": "t.date_done",
            "carrier_id": carrier_expr(carriers, "t.picking_id"),
            "carrier_tracking_ref": "NULL",
            "origin": "NULL",
            "create_date": "t.date_done",
            "write_date": "t.date_done",
        },
    )
    insert_clones(
        cr,
        "stock_move",
        "t.src_move",
        {
            "id": "t.move_id",
            "picking_id": "t.picking_id",
            "reference": "t.name",
            "date": "t.date_done",
            "date_deadline": "NULL",
            "origin_returned_move_id": "NULL",
            "create_date": "t.date_done",
            "write_date": "t.date_done",
        },
    )
    insert_clones(
        cr,
        "stock_move_line",
        "(SELECT min(l.id) FROM stock_move_line l WHERE l.move_id = t.src_move)",
        {
            "id": "t.line_id",
            "move_id": "t.move_id",
            "picking_id": "t.picking_id",
            "reference": "t.name",
            "date": "t.date_done",
            "create_date": "t.date_done",
            "write_date": "t.date_done",
        },
    )
    cr.execute("DROP TABLE t_extra")
    return extra


def insert_clones(cr, table, source_id, overrides):
    """INSERT a copy of row ``source_id`` of ``table`` per row of t_extra (alias
    ``t``) with the ``overrides`` (columns the table lacks are skipped)."""
    columns = common.table_columns(cr, table)
    select = ", ".join(overrides.get(c, f"src.{c}") for c in columns)
    cr.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} "
        f"FROM t_extra t JOIN {table} src ON src.id = {source_id}"
    )


# ----------------------------------------------------------------------
# Measurements
# ----------------------------------------------------------------------


def operator_env(cr):
    env = api.Environment(cr, api.SUPERUSER_ID, {})
    operator = env["res.users"].search([("login", "=", "bench_operator_01")], limit=1)
    if not operator:
        raise SystemExit("no bench operator: run the generator first")
    context = dict(WEB_CONTEXT, allowed_company_ids=operator.company_ids.ids)
    return api.Environment(cr, operator.id, context)


def measure(env, call, runs):
    def fresh():
        env.invalidate_all()
        env.registry.clear_cache()
        return call()

    return common.median_ms(fresh, runs=runs, warmup=1)


def sql_ms(cr, query, runs):
    return common.median_ms(lambda: cr.execute(query) or cr.fetchall(), runs=runs)


def direct_sql(kind, subject, company_id, first, until):
    """The rates of `kind` by month straight from the stock moves and the
    claim lines: what the analysis would run without the rates table."""
    month = (
        "date_trunc('month', timezone('Europe/Warsaw', p.date_done AT TIME ZONE 'UTC'))"
    )
    period = f"AND p.date_done >= '{first}'" if first else ""
    if until:
        period += f" AND p.date_done < '{until}'"
    deliveries = f"""
        SELECT p.id, p.packer_id, p.carrier_id, {month} AS month
          FROM stock_picking p
          JOIN stock_picking_type t ON t.id = p.picking_type_id AND t.code = 'outgoing'
         WHERE p.company_id = {company_id} AND p.state = 'done' {period}"""
    if kind in ("packer", "carrier"):
        transport = (
            "AND c.claim_type_id IN (SELECT id FROM claim_type WHERE counts_for_carrier)"
            if kind == "carrier"
            else ""
        )
        return f"""
            WITH d AS ({deliveries}),
            claimed AS (
                SELECT m.picking_id, count(DISTINCT l.claim_id) AS n
                  FROM claim_line l JOIN claim_claim c ON c.id = l.claim_id
                  JOIN stock_move m ON m.id = l.move_id
                 WHERE c.active AND c.state != 'cancelled' {transport}
                 GROUP BY m.picking_id)
            SELECT d.{subject}, d.month, count(*), sum(coalesce(claimed.n, 0)),
                   100.0 * sum(coalesce(claimed.n, 0)) / count(*)
              FROM d LEFT JOIN claimed ON claimed.picking_id = d.id
             WHERE d.{subject} IS NOT NULL
             GROUP BY d.{subject}, d.month"""
    key = "pt.categ_id" if subject == "categ_id" else "pp.id"
    return f"""
        WITH d AS ({deliveries}),
        delivered AS (
            SELECT {key} AS key, d.month, sum(ml.quantity_product_uom) AS qty
              FROM d JOIN stock_move_line ml ON ml.picking_id = d.id
              JOIN product_product pp ON pp.id = ml.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             GROUP BY 1, 2),
        claimed AS (
            SELECT {key} AS key, d.month, sum(l.quantity) AS qty
              FROM claim_line l JOIN claim_claim c ON c.id = l.claim_id
              JOIN stock_move m ON m.id = l.move_id JOIN d ON d.id = m.picking_id
              JOIN product_product pp ON pp.id = l.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE c.active AND c.state != 'cancelled'
             GROUP BY 1, 2)
        SELECT x.key, x.month, x.qty, coalesce(c.qty, 0),
               100.0 * coalesce(c.qty, 0) / nullif(x.qty, 0)
          FROM delivered x LEFT JOIN claimed c
            ON c.key = x.key AND c.month = x.month"""


def table_sql(kind, subject, company_id, first, until, pivot=False):
    """The same grouping of the rates table in hand-written SQL (with
    ``pivot``, the pivot's four groupings at once)."""
    period = f"AND month >= '{first}'" if first else ""
    if until:
        period += f" AND month < '{until}'"
    if kind == "product":
        sums = "sum(quantity_delivered), sum(quantity_claimed), " + (
            "100.0 * sum(quantity_claimed) / nullif(sum(quantity_delivered), 0)"
        )
    else:
        sums = "sum(delivery_count), sum(claim_count), " + (
            "100.0 * sum(claim_count) / nullif(sum(delivery_count), 0)"
        )
    grouping = (
        f"GROUPING SETS ((), (month), ({subject}), ({subject}, month))"
        if pivot
        else f"{subject}, month"
    )
    return f"""SELECT {subject}, month, {sums} FROM claim_rate
                WHERE company_id = {company_id} AND kind = '{kind}' {period}
                GROUP BY {grouping}"""


def run(registry, runs, record, full_refresh=True, direct=True):
    rows = []
    with common.environment(registry) as env0:
        cr = env0.cr
        env = operator_env(cr)
        company_id = env.company.id
        cr.execute("SELECT kind, count(*) FROM claim_rate GROUP BY kind ORDER BY kind")
        sizes = dict(cr.fetchall())
        cr.execute(
            """SELECT count(*) FROM stock_picking p JOIN stock_picking_type t
                ON t.id = p.picking_type_id AND t.code = 'outgoing'
                WHERE p.state = 'done'"""
        )
        deliveries = cr.fetchone()[0]
        print(f"deliveries: {deliveries:,}; rates table rows: {sizes}")
        Rate = env["claim.rate"]
        this_month = date.today().replace(day=1)
        for label, kind, subject, back, aggregates in CASES:
            first = until = None
            domain = [("kind", "=", kind)]
            if back == OPENS:
                first = this_month - relativedelta(months=11)
                domain = [*domain, ("month", ">=", first)]
            elif back:
                first, until = this_month - relativedelta(months=back), this_month
                domain = [*domain, ("month", ">=", first), ("month", "<", until)]
            groups = len(Rate._read_group(domain, [subject, "month:month"]))
            ours = measure(
                env,
                lambda domain=domain, subject=subject, aggregates=aggregates: (
                    Rate.formatted_read_group(
                        domain, [subject, "month:month"], aggregates
                    )
                ),
                runs,
            )
            raw_table = sql_ms(
                cr, table_sql(kind, subject, company_id, first, until), runs
            )
            raw_direct = (
                sql_ms(cr, direct_sql(kind, subject, company_id, first, until), 3)
                if direct
                else None
            )
            rows.append(
                (f"rates: {label} ({groups:,} groups)", ours, raw_table, raw_direct)
            )
            print(rows[-1], flush=True)
            # what the pivot view asks: its four groupings (total, months,
            # subjects, cells) in one call
            sets = [[], ["month:month"], [subject], [subject, "month:month"]]
            pivot = measure(
                env,
                lambda domain=domain, sets=sets, aggregates=aggregates: (
                    Rate.formatted_read_grouping_sets(
                        domain, sets, [*aggregates, "__count"]
                    )
                ),
                runs,
            )
            raw_sets = sql_ms(
                cr,
                table_sql(kind, subject, company_id, first, until, pivot=True),
                runs,
            )
            rows.append(("  the pivot's call (4 groupings)", pivot, raw_sets, None))
            print(rows[-1], flush=True)
        Dashboard = env["claim.dashboard"]
        whole = measure(env, Dashboard.get_dashboard_data, runs)
        block = measure(env, lambda: Dashboard._rates_data(5), runs)
        # the history figures come from the day's snapshot when there is one
        # (bench/dashboard.py computes it and measures both ways)
        stored = (
            env["claim.dashboard.snapshot"]
            .sudo()
            .search_count(
                [("company_id", "=", company_id), ("date", "=", date.today())]
            )
        )
        how = "from the snapshot" if stored else "live: no snapshot of today"
        rows.append((f"dashboard (whole, {how})", whole, None, None))
        rows.append(("dashboard: rates block", block, None, None))
        print(rows[-2:], flush=True)
        cr.rollback()
        # refreshes, as the scheduled action runs them (rolled back)
        admin = api.Environment(cr, api.SUPERUSER_ID, {})
        company = admin["res.company"].browse(company_id)
        claim = admin["claim.claim"].search([("picking_id", "!=", False)], limit=1)
        claim.line_ids[:1].write({"quantity": claim.line_ids[:1].quantity})
        admin.flush_all()
        cr.execute(
            "UPDATE res_company SET claim_rates_refreshed_at = now() AT TIME ZONE 'UTC'"
        )
        admin.invalidate_all()
        begin = time.perf_counter()
        months = admin["claim.rate"]._refresh_company_rates(company)
        incremental = (time.perf_counter() - begin) * 1000
        rows.append(
            (f"incremental refresh ({months} month(s))", incremental, None, None)
        )
        print(rows[-1], flush=True)
        if full_refresh:
            begin = time.perf_counter()
            admin["claim.rate"]._refresh_company_rates(company, full=True)
            full = (time.perf_counter() - begin) * 1000
            rows.append(("full refresh", full, None, None))
        cr.rollback()
    lines = [
        "| case | ours (ms) | raw SQL on the rates table (ms) | ratio | raw SQL from stock moves (ms) | ratio |",
        "|---|---|---|---|---|---|",
    ]
    for label, ours, table, direct in rows:
        cells = [label, f"{ours:.0f}"]
        cells += [f"{table:.1f}", f"{ours / table:.1f}"] if table else ["-", "-"]
        cells += [f"{direct:.0f}", f"{ours / direct:.3f}"] if direct else ["-", "-"]
        lines.append("| " + " | ".join(cells) + " |")
    if record:
        header = (
            f"\n## Claim rates (issue 21 B), {date.today()}: {deliveries:,} done "
            f"deliveries, rates table {sum(sizes.values()):,} rows "
            f"({', '.join(f'{k} {v:,}' for k, v in sizes.items())}); bench/rates.py, "
            f"median of {runs} runs as bench_operator_01\n"
        )
        with Path(record).open("a", encoding="utf-8") as handle:
            handle.write(header)
    common.print_table(lines, record)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--load", action="store_true", help="the data step only")
    parser.add_argument("--extra", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--record", help="append the figures to this file")
    parser.add_argument(
        "--no-full-refresh", action="store_true", help="skip timing a full refresh"
    )
    parser.add_argument(
        "--no-direct",
        action="store_true",
        help="skip the raw SQL from the stock moves (minutes at 1 M claims)",
    )
    args = parser.parse_args()
    registry = common.open_registry(args.config, args.database)
    if args.load:
        load(registry, args.extra)
    else:
        run(
            registry,
            args.runs,
            args.record,
            not args.no_full_refresh,
            not args.no_direct,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
