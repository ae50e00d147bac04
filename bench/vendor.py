"""Vendor recovery analysis and a chain's bulk intake at 1,000,000 claims
(issue 19, speed).

    # the data step (once; leaves generate.py alone):
    python3 bench/vendor.py -c .local/odoo-bench.conf -d bench_claims --load
    # the measurements:
    python3 bench/vendor.py -c .local/odoo-bench.conf -d bench_claims \
        [--rma-db bench_rma] [--runs 5] [--profile FILE] [--record bench/RESULTS.md]

The issue asks to extend the generator with vendor claims; its digest
(generate.py, common.py) would reload the whole set of claims, so this
separate data step adds them instead (as rates.py and quality.py do), with its
own marker ``claim_bench.vendor`` in ir.config_parameter:

- ``--vendors`` (300) vendors (companies, supplier rank 1) and a purchase user
  ``bench_purchase_01`` (group Purchase / User, password = login);
- ``--vendor-claims`` (100,000) vendor claims of the first company with
  ``--vendor-lines`` (300,000) lines, 1 to 5 a claim, each on an accepted
  customer claim line (its product, unit and accepted quantity, the claim line's
  cost as purchase price), dated over 3 years like the claims (recent ones more
  often), in states by age (recent: draft and sent; older: mostly settled,
  some refused, cancelled, still accepted or partially accepted); the vendor's
  decision per line follows the state. Rows are cloned in SQL from a prototype
  the ORM made, and the stored computed figures are written as the computes
  give them: no return, replacement or vendor credit note is generated, so the
  recovered quantities and amounts are 0 and what is left to return or to
  recover is the claimed or accepted quantity; our cost is the customer claim
  line's credited, replacement and repair amounts;
- a retail chain (``Bench Chain``, three stores as delivery addresses),
  ``--invoices`` (200) posted invoices of 5 lines to its stores (through the
  ORM) and a claims operator ``bench_chain_operator`` with no other group.

The measurements:

- the vendor claims' pivot as the web client loads it (rows: vendor, columns:
  sent month, the pivot's measures; one ``formatted_read_group`` per pair of
  row and column prefixes) as ``bench_purchase_01`` (record rules apply),
  without filter and with the action's default filter "Open", median of
  ``--runs`` with caches emptied; against the same grouping in raw SQL and the
  peer OCA ``rma`` (``--rma-db``): its RMAs by customer and month (``date``)
  as ``bench_operator_01``;
- the bulk intake of a 1,000-row file of the chain (200 claims of 5 rows,
  store, product code, quantity, reason and the chain's reference) through the
  wizard as ``bench_chain_operator``: the whole import timed, the claims
  counted, then rolled back. ``--profile FILE`` writes its cProfile statistics.
"""

import argparse
import base64
import cProfile
import csv
import io
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from odoo import Command, api

try:
    from . import common, run
except ImportError:  # run as a script
    import common
    import run

MARKER = "claim_bench.vendor"
VERSION = "1"
WEB_CONTEXT = {"lang": "en_US", "tz": "Europe/Warsaw", "bin_size": True}
PURCHASE_LOGIN = "bench_purchase_01"
CHAIN_OPERATOR_LOGIN = "bench_chain_operator"
CHAIN_NAME = "Bench Chain"
STORES = ("BCH-WAW", "BCH-KRK", "BCH-GDN")
LINES_PER_INVOICE = 5
MEASURES = [
    "amount_claimed:sum",
    "amount_recovered:sum",
    "amount_customer_cost:sum",
    "amount_balance:sum",
    "__count",
]
ROW, COLUMN = "partner_id", "date_sent:month"
OPEN_DOMAIN = [("state", "not in", ("settled", "cancel"))]
OPEN_SQL = "AND state NOT IN ('settled', 'cancel')"
# the states by age of the vendor claim (days), cumulative per cent
STATES_BY_AGE = [
    (30, [("draft", 40), ("sent", 100)]),
    (
        120,
        [
            ("draft", 5),
            ("sent", 30),
            ("accepted", 55),
            ("partial", 70),
            ("refused", 80),
            ("cancel", 85),
            ("settled", 100),
        ],
    ),
    (
        None,
        [
            ("accepted", 5),
            ("partial", 10),
            ("refused", 20),
            ("cancel", 27),
            ("settled", 100),
        ],
    ),
]


# ----------------------------------------------------------------------
# Data step
# ----------------------------------------------------------------------


def load(registry, vendors, vendor_claims, vendor_lines, invoices):
    with common.environment(registry) as env:
        cr = env.cr
        wanted = f"{VERSION}:{vendor_claims}:{vendor_lines}:{invoices}"
        cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", [MARKER])
        row = cr.fetchone()
        if row and row[0] == wanted:
            print(f"vendor data already loaded ({wanted})")
            return
        if row:
            raise SystemExit(
                f"vendor data loaded with other sizes ({row[0]}): reload the claims"
            )
        watch = common.Stopwatch()
        company = env["res.company"].search([], order="id", limit=1)
        env = env(context=dict(env.context, allowed_company_ids=company.ids))
        partners = make_vendors(env, vendors)
        make_user(env, PURCHASE_LOGIN, "purchase.group_purchase_user", company)
        with watch.step("vendor claims and lines") as step:
            step["rows"] = add_vendor_claims(
                env, company, partners, vendor_claims, vendor_lines
            )
        with watch.step("chain invoices") as step:
            step["rows"] = make_chain(env, company, invoices)
        env["ir.config_parameter"].set_param(MARKER, wanted)
        env.flush_all()
        cr.commit()
    common.vacuum_analyze(registry.db_name)


def make_vendors(env, count):
    Partner = env["res.partner"]
    vendors = Partner.search([("name", "=like", "Bench Vendor %")], order="id")
    if len(vendors) < count:
        vendors |= Partner.create(
            [
                {
                    "name": f"Bench Vendor {index:03d}",
                    "is_company": True,
                    "supplier_rank": 1,
                    "email": f"bench.vendor.{index:03d}@example.com",
                }
                for index in range(len(vendors) + 1, count + 1)
            ]
        )
    return vendors[:count]


def make_user(env, login, group, company):
    user = env["res.users"].search([("login", "=", login)])
    if not user:
        user = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": login.replace("_", " ").title(),
                    "login": login,
                    "password": login,
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "group_ids": [Command.set([env.ref(group).id])],
                }
            )
        )
    return user


def state_case(age):
    """SQL CASE of the state of a vendor claim by its age in days (``age``)."""
    whens = []
    for limit, spread in STATES_BY_AGE:
        inner = " ".join(
            f"WHEN t.pick < {share} THEN '{state}'" for state, share in spread
        )
        inner = f"CASE {inner} END"
        whens.append(f"WHEN {age} < {limit} THEN {inner}" if limit else f"ELSE {inner}")
    return "CASE " + " ".join(whens) + " END"


def add_vendor_claims(env, company, vendors, count, line_count):
    cr = env.cr
    purchase = env["res.users"].search([("login", "=", PURCHASE_LOGIN)])
    # the prototypes, made by the ORM (deleted at the end)
    product = env["product.product"].search([("default_code", "!=", False)], limit=1)
    proto = (
        env["claim.vendor.claim"]
        .with_user(purchase)
        .create(
            {
                "partner_id": vendors[0].id,
                "line_ids": [
                    Command.create(
                        {"product_id": product.id, "quantity": 1, "price_unit": 1}
                    )
                ],
            }
        )
    )
    env.flush_all()
    proto_line = proto.line_ids
    # the vendor claims: vendors skewed (a few big vendors), dates over 3
    # years with recent ones more often
    cr.execute(
        f"""
        CREATE TEMP TABLE t_vc AS
        SELECT g AS rn,
               (ARRAY[{",".join(map(str, vendors.ids))}])[
                   1 + floor({len(vendors)} * power(random(), 2))::int] AS partner_id,
               (now() AT TIME ZONE 'UTC')
                   - make_interval(secs => 3 * 365 * 86400 * power(random(), 1.6))
                   AS created,
               floor(random() * 100)::int AS pick,
               1 + floor(random() * 5)::int AS nlines
          FROM generate_series(1, %s) g
        """,
        [count],
    )
    cr.execute(
        f"""
        ALTER TABLE t_vc ADD COLUMN id int, ADD COLUMN state varchar,
            ADD COLUMN date_sent date;
        UPDATE t_vc t SET state = {
            state_case(
                "extract(epoch FROM (now() AT TIME ZONE 'UTC') - t.created) / 86400"
            )
        };
        UPDATE t_vc SET date_sent = CASE
            WHEN state = 'draft' OR (state = 'cancel' AND pick % 2 = 0) THEN NULL
            ELSE LEAST((created + make_interval(days => pick % 6))::date,
                       (now() AT TIME ZONE 'UTC')::date) END
        """
    )
    # a vendor claim of one line is accepted or refused, never partially
    cr.execute(
        "UPDATE t_vc SET state = 'accepted' WHERE state = 'partial' AND nlines = 1"
    )
    base = common.reserve_ids(cr, "claim_vendor_claim", count)
    cr.execute("UPDATE t_vc SET id = %s + rn", [base])
    cr.execute("CREATE UNIQUE INDEX ON t_vc (rn)")
    # the lines: 1 to 5 a vendor claim, cut to line_count, each on its own
    # accepted customer claim line of the company
    cr.execute(
        """
        CREATE TEMP TABLE t_vl AS
        SELECT row_number() OVER (ORDER BY v.rn, s) AS rn, v.id AS vendor_claim_id,
               v.partner_id, v.state, v.created, v.pick, s AS seq
          FROM t_vc v CROSS JOIN LATERAL generate_series(1, v.nlines) s
        """
    )
    cr.execute("DELETE FROM t_vl WHERE rn > %s", [line_count])
    cr.execute("SELECT count(*) FROM t_vl")
    lines = cr.fetchone()[0]
    cr.execute(
        """
        CREATE TEMP TABLE t_cl AS
        SELECT row_number() OVER () AS rn, l.id
          FROM (SELECT id FROM claim_line
                 WHERE decision = 'accepted' AND company_id = %s
                 ORDER BY random() LIMIT %s) l
        """,
        [company.id, lines],
    )
    cr.execute("CREATE UNIQUE INDEX ON t_cl (rn)")
    line_base = common.reserve_ids(cr, "claim_vendor_claim_line", lines)
    # the vendor's decision per line: settled claims were accepted (80 %) or
    # refused; a partial acceptance accepts the first line only
    cr.execute(
        """
        ALTER TABLE t_vl ADD COLUMN id int, ADD COLUMN claim_line_id int,
            ADD COLUMN decision varchar;
        UPDATE t_vl t SET id = %s + t.rn, claim_line_id = c.id,
               decision = CASE
                   WHEN t.state IN ('draft', 'sent', 'cancel') THEN NULL
                   WHEN t.state = 'accepted' THEN 'accepted'
                   WHEN t.state = 'refused' THEN 'refused'
                   WHEN t.state = 'partial' THEN
                       CASE WHEN t.seq = 1 THEN 'accepted' ELSE 'refused' END
                   WHEN t.pick %% 5 = 0 THEN 'refused' ELSE 'accepted' END
          FROM t_cl c WHERE c.rn = t.rn
        """,
        [line_base],
    )
    cr.execute(
        """
        CREATE TEMP TABLE t_vl2 AS
        SELECT t.*, cl.claim_id, cl.product_id, cl.uom_id,
               coalesce(nullif(cl.quantity_accepted, 0), cl.quantity) AS quantity,
               round(coalesce(nullif(cl.cost_price, 0), cl.price_unit * 0.6, 1), 2)
                   AS price_unit,
               coalesce(cl.amount_credited, 0) + coalesce(cl.amount_replacement_cost, 0)
                   + coalesce(cl.amount_repair_cost, 0) AS customer_cost
          FROM t_vl t JOIN claim_line cl ON cl.id = t.claim_line_id
        """
    )
    # the claims with their sums, as _compute_amounts gives them
    cr.execute(
        """
        CREATE TEMP TABLE t_sum AS
        SELECT vendor_claim_id AS id, sum(quantity * price_unit) AS claimed,
               sum(customer_cost) AS cost
          FROM t_vl2 GROUP BY vendor_claim_id;
        CREATE UNIQUE INDEX ON t_sum (id)
        """
    )
    count_rows = common.clone_rows(
        cr,
        "claim_vendor_claim",
        proto.id,
        {
            "id": "t.id",
            "name": "'VCL/' || extract(year FROM t.created)::int || '/B'"
            " || lpad(t.rn::text, 6, '0')",
            "partner_id": "t.partner_id",
            "company_id": str(company.id),
            "user_id": str(purchase.id),
            "state": "t.state",
            "date_sent": "t.date_sent",
            "amount_claimed": "coalesce(s.claimed, 0)",
            "amount_recovered": "0",
            "amount_customer_cost": "coalesce(s.cost, 0)",
            "amount_balance": "-coalesce(s.cost, 0)",
            "create_uid": str(purchase.id),
            "write_uid": str(purchase.id),
            "create_date": "t.created",
            "write_date": "t.created",
        },
        "t_vc t LEFT JOIN t_sum s ON s.id = t.id",
    )
    count_rows += common.clone_rows(
        cr,
        "claim_vendor_claim_line",
        proto_line.id,
        {
            "id": "t.id",
            "vendor_claim_id": "t.vendor_claim_id",
            "sequence": "10 * t.seq",
            "company_id": str(company.id),
            "partner_id": "t.partner_id",
            "state": "t.state",
            "product_id": "t.product_id",
            "uom_id": "t.uom_id",
            "claim_line_id": "t.claim_line_id",
            "claim_id": "t.claim_id",
            "reason": "'defective'",
            "vendor_decision": "t.decision",
            "quantity": "t.quantity",
            "price_unit": "t.price_unit",
            "amount": "t.quantity * t.price_unit",
            "quantity_accepted": "CASE WHEN t.decision = 'accepted' THEN t.quantity "
            "ELSE 0 END",
            "qty_returned": "0",
            "qty_to_return": "t.quantity",
            "qty_refunded": "0",
            "qty_replaced": "0",
            "qty_to_recover": "CASE WHEN t.decision = 'accepted' THEN t.quantity "
            "ELSE 0 END",
            "amount_recovered": "0",
            "amount_customer_cost": "t.customer_cost",
            "create_uid": str(purchase.id),
            "write_uid": str(purchase.id),
            "create_date": "t.created",
            "write_date": "t.created",
        },
        "t_vl2 t",
    )
    # vendor claims left without a line (cut by line_count) are drafts
    cr.execute(
        "UPDATE claim_vendor_claim SET state = 'draft', date_sent = NULL "
        "WHERE id > %s AND id <= %s AND amount_claimed = 0 AND NOT EXISTS "
        "(SELECT 1 FROM claim_vendor_claim_line l WHERE l.vendor_claim_id = "
        "claim_vendor_claim.id)",
        [base, base + count],
    )
    cr.execute("DROP TABLE t_vc, t_vl, t_vl2, t_cl, t_sum")
    env.invalidate_all()
    # sudo: purchase users may not delete vendor claims
    proto.sudo().unlink()
    return count_rows


def make_chain(env, company, count):
    """The chain, its stores and ``count`` posted invoices of 5 lines (10
    units each) to them, and the claims operator of the chain's files."""
    Partner = env["res.partner"]
    chain = Partner.search([("name", "=", CHAIN_NAME), ("is_company", "=", True)])
    if not chain:
        chain = Partner.create(
            {
                "name": CHAIN_NAME,
                "is_company": True,
                "email": "claims@bench-chain.example.com",
            }
        )
        Partner.create(
            [
                {
                    "name": f"Bench Chain Store {ref[4:]}",
                    "ref": ref,
                    "type": "delivery",
                    "parent_id": chain.id,
                }
                for ref in STORES
            ]
        )
    make_user(
        env, CHAIN_OPERATOR_LOGIN, "claim_management.group_claim_operator", company
    )
    stores = chain.child_ids.filtered(lambda p: p.ref in STORES).sorted("ref")
    products = env["product.product"].search(
        [("default_code", "=like", "BP%")], order="id", limit=count * LINES_PER_INVOICE
    )
    if len(products) < LINES_PER_INVOICE:
        raise SystemExit("no bench products: run the generator first")
    invoices = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": chain.id,
                "partner_shipping_id": stores[index % len(stores)].id,
                "company_id": company.id,
                "invoice_date": date.today(),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": products[
                                (index * LINES_PER_INVOICE + line) % len(products)
                            ].id,
                            "quantity": 10,
                            "price_unit": 25.0,
                        }
                    )
                    for line in range(LINES_PER_INVOICE)
                ],
            }
            for index in range(count)
        ]
    )
    invoices.action_post()
    env["ir.config_parameter"].set_param(
        "claim_bench.chain_invoice_ids", ",".join(map(str, invoices.ids))
    )
    return len(invoices)


# ----------------------------------------------------------------------
# Measurements: the vendor recovery analysis
# ----------------------------------------------------------------------


def user_env(cr, login):
    env = api.Environment(cr, api.SUPERUSER_ID, {})
    user = env["res.users"].search([("login", "=", login)], limit=1)
    if not user:
        raise SystemExit(f"no user {login}: run the data step (--load) first")
    context = dict(WEB_CONTEXT, allowed_company_ids=user.company_ids.ids)
    return api.Environment(cr, user.id, context)


def pivot_calls(model, domain, row, column, measures):
    """The web client's pivot loads one formatted_read_group per pair of
    prefixes of the row and column groupings (here: total, rows, columns,
    cells)."""

    def load():
        for groupby in ([], [row], [column], [row, column]):
            model.formatted_read_group(domain, groupby, measures)

    return load


def measure(env, call, runs):
    def fresh():
        env.invalidate_all()
        env.registry.clear_cache()
        return call()

    return common.median_ms(fresh, runs=runs, warmup=1)


def sql_ms(cr, query, params, runs):
    def run():
        cr.execute(query, params)
        cr.fetchall()

    return common.median_ms(run, runs=runs)


def cell_sql(table, key, month, sums, where):
    """The pivot's four groupings in one statement (GROUPING SETS)."""
    return (
        f"SELECT {key}, date_trunc('month', {month}), {sums} FROM {table} "
        f"WHERE {where} GROUP BY GROUPING SETS ((), ({key}), "
        f"(date_trunc('month', {month})), ({key}, date_trunc('month', {month})))"
    )


def explain(cr, query, params):
    cr.execute("EXPLAIN (ANALYZE, BUFFERS) " + query, params)
    return "\n".join(row[0] for row in cr.fetchall())


def vendor_rows(registry, runs, plans):
    rows = []
    with common.environment(registry) as env0:
        cr = env0.cr
        env = user_env(cr, PURCHASE_LOGIN)
        model = env["claim.vendor.claim"]
        cr.execute("SELECT count(*) FROM claim_vendor_claim")
        sizes = {"vendor claims": cr.fetchone()[0]}
        cr.execute("SELECT count(*) FROM claim_vendor_claim_line")
        sizes["vendor claim lines"] = cr.fetchone()[0]
        companies = tuple(env.user.company_ids.ids)
        sums = (
            "count(*), sum(amount_claimed), sum(amount_recovered), "
            "sum(amount_customer_cost), sum(amount_balance)"
        )
        for label, domain, extra in (
            ("all", [], ""),
            ("filter Open", OPEN_DOMAIN, OPEN_SQL),
        ):
            groups = len(model._read_group(domain, [ROW, COLUMN]))
            where = f"company_id IN %s {extra}"
            query = cell_sql(
                "claim_vendor_claim", "partner_id", "date_sent", sums, where
            )
            cell = (
                cell_sql(
                    "claim_vendor_claim", "partner_id", "date_sent", sums, where
                ).split(" GROUP BY")[0]
                + " GROUP BY partner_id, date_trunc('month', date_sent)"
            )
            ours = measure(env, pivot_calls(model, domain, ROW, COLUMN, MEASURES), runs)
            ours_cell = measure(
                env,
                lambda domain=domain: model.formatted_read_group(
                    domain, [ROW, COLUMN], MEASURES
                ),
                runs,
            )
            raw = sql_ms(cr, query, (companies,), runs)
            raw_cell = sql_ms(cr, cell, (companies,), runs)
            plans.append(
                f"-- vendor pivot cells ({label}), raw SQL\n"
                + explain(cr, cell, (companies,))
            )
            plans.append(
                f"-- vendor pivot cells ({label}), ORM query\n"
                + explain_orm(env, model, domain)
            )
            rows.append(
                {
                    "case": f"vendor claims by vendor and sent month, {label} "
                    f"({groups:,} cells)",
                    "ours": ours,
                    "ours_cell": ours_cell,
                    "sql": raw,
                    "sql_cell": raw_cell,
                }
            )
            print(rows[-1], flush=True)
        cr.rollback()
    return rows, sizes


def explain_orm(env, model, domain):
    """EXPLAIN ANALYZE of the slowest query the ORM runs for the pivot's cells."""
    log = run.QueryLog(env.cr)
    env.invalidate_all()
    with log.capture():
        model.formatted_read_group(domain, [ROW, COLUMN], MEASURES)
    _elapsed, query, params = log.slowest()
    return f"-- {query}\n-- params {params!r}\n" + run.explain(env.cr, query, params)


def rma_row(config, database, runs, plans):
    """The peer: RMAs of OCA rma by customer and month, as the operator. A
    customer claims rarely: 1,000,000 RMAs make hundreds of thousands of
    cells, so only the cells call is measured, ``runs`` times (--rma-runs)."""
    registry = common.open_registry(config, database)
    with common.environment(registry) as env0:
        cr = env0.cr
        env = user_env(cr, "bench_operator_01")
        model = env["rma"]
        companies = tuple(env.user.company_ids.ids)
        measures = ["__count", "product_uom_qty:sum"]
        where = "(company_id IN %s OR company_id IS NULL)"
        cell = (
            f"SELECT partner_id, date_trunc('month', date), count(*), "
            f"sum(product_uom_qty) FROM rma WHERE {where} GROUP BY 1, 2"
        )
        cr.execute(f"SELECT count(*) FROM ({cell}) cells", (companies,))
        groups = cr.fetchone()[0]
        ours_cell = measure(
            env,
            lambda: model.formatted_read_group(
                [], ["partner_id", "date:month"], measures
            ),
            runs,
        )
        raw_cell = sql_ms(cr, cell, (companies,), runs)
        plans.append("-- rma cells, raw SQL\n" + explain(cr, cell, (companies,)))
        cr.execute("SELECT count(*) FROM rma")
        size = cr.fetchone()[0]
        cr.rollback()
    return {
        "case": f"peer rma: RMAs by customer and month ({groups:,} cells, "
        f"{size:,} RMAs; cells call only, {runs} run(s))",
        "ours": None,
        "ours_cell": ours_cell,
        "sql": None,
        "sql_cell": raw_cell,
    }


# ----------------------------------------------------------------------
# Measurements: the chain's bulk intake
# ----------------------------------------------------------------------


def chain_file(env):
    """The chain's file: a claim of 5 rows per invoice (its store, its
    products, 1 to 3 units, a reason code, the chain's own reference)."""
    param = env["ir.config_parameter"].sudo().get_param("claim_bench.chain_invoice_ids")
    invoices = env["account.move"].sudo().browse(int(i) for i in param.split(","))
    reasons = ("DEFECTIVE", "NOT_AS_DESCRIBED", "DEFECTIVE", "WRONG_PRODUCT", "")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        (
            "document",
            "store",
            "product",
            "quantity",
            "reason",
            "reference",
            "description",
        )
    )
    rows = 0
    for index, invoice in enumerate(invoices):
        for line in invoice.invoice_line_ids:
            writer.writerow(
                (
                    invoice.name,
                    invoice.partner_shipping_id.ref,
                    line.product_id.default_code,
                    1 + rows % 3,
                    reasons[index % len(reasons)],
                    f"CH-{index + 1:05d}",
                    f"Row {rows + 2}: found at the store's reception",
                )
            )
            rows += 1
    return out.getvalue().encode(), rows, invoices


def intake_row(registry, runs, profile):
    results = []
    counts = None
    with common.environment(registry) as env0:
        cr = env0.cr
        env = user_env(cr, CHAIN_OPERATOR_LOGIN)
        # a button's call: the web client sends no bin_size (a read's option)
        env = env(context=dict(env.context, bin_size=False))
        content, rows, invoices = chain_file(env0)
        chain = invoices[:1].partner_id.commercial_partner_id
        claim_type = env0.ref("claim_management.type_quality")
        for attempt in range(runs):
            cr.execute("SAVEPOINT intake")
            env.invalidate_all()
            env.registry.clear_cache()
            profiler = cProfile.Profile() if profile and attempt == 0 else None
            begin = time.perf_counter()
            if profiler:
                profiler.enable()
            wizard = env["claim.bulk.intake"].create(
                {
                    "partner_id": chain.id,
                    "claim_type_id": claim_type.id,
                    "file": base64.b64encode(content),
                    "file_name": "chain.csv",
                }
            )
            wizard.action_import()
            env.flush_all()
            if profiler:
                profiler.disable()
                profiler.dump_stats(profile)
            results.append(time.perf_counter() - begin)
            counts = (wizard.created_count, wizard.existing_count, wizard.error_count)
            print(
                f"intake run {attempt + 1}: {results[-1]:.1f} s, created/existing/errors "
                f"{counts}",
                flush=True,
            )
            if wizard.error_count:
                print(
                    wizard.result_ids.filtered(lambda r: r.kind == "error")[:5].mapped(
                        "message"
                    )
                )
            cr.execute("ROLLBACK TO SAVEPOINT intake")
        cr.rollback()
    return {
        "case": f"bulk intake of a {rows:,}-row chain file ({counts[0]} claims "
        f"created, {counts[2]} rows in error)",
        "seconds": statistics.median(results),
        "runs": results,
    }


# ----------------------------------------------------------------------


def load_text():
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--load", action="store_true", help="the data step only")
    parser.add_argument("--vendors", type=int, default=300)
    parser.add_argument("--vendor-claims", type=int, default=100_000)
    parser.add_argument("--vendor-lines", type=int, default=300_000)
    parser.add_argument("--invoices", type=int, default=200)
    parser.add_argument("--rma-db", default="bench_rma", help="empty: no peer row")
    parser.add_argument(
        "--rma-config", help="Odoo config whose add-ons path holds rma (default: -c)"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rma-runs", type=int, default=1)
    parser.add_argument("--intake-runs", type=int, default=3)
    parser.add_argument("--only", choices=("analysis", "intake"))
    parser.add_argument("--profile", help="cProfile statistics of the first import")
    parser.add_argument("--plans", help="write the EXPLAIN ANALYZE plans to this file")
    parser.add_argument("--record", help="append the figures to this file")
    args = parser.parse_args()
    registry = common.open_registry(args.config, args.database)
    if args.load:
        load(
            registry,
            args.vendors,
            args.vendor_claims,
            args.vendor_lines,
            args.invoices,
        )
        return 0
    plans = []
    rows, sizes, intake = [], {}, None
    loads = [load_text()]
    if args.only != "intake":
        rows, sizes = vendor_rows(registry, args.runs, plans)
        loads.append(load_text())
        if args.rma_db:
            rows.append(
                rma_row(
                    args.rma_config or args.config, args.rma_db, args.rma_runs, plans
                )
            )
            loads.append(load_text())
    if args.only != "analysis":
        intake = intake_row(registry, args.intake_runs, args.profile)
        loads.append(load_text())
    lines = [
        "| case | whole pivot (4 calls), ms | raw SQL (grouping sets), ms | ratio | "
        "cells call (vendor, month), ms | raw SQL cells, ms | ratio | goal (cells call) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        ours_goal = (
            ""
            if row["case"].startswith("peer")
            else ("met" if row["ours_cell"] <= 300 else "MISSED > 300 ms")
        )
        pivot = (
            f"{row['ours']:.0f} | {row['sql']:.0f} | {row['ours'] / row['sql']:.1f}"
            if row["ours"]
            else "n/a | n/a | n/a"
        )
        lines.append(
            f"| {row['case']} | {pivot} | {row['ours_cell']:.0f} | "
            f"{row['sql_cell']:.0f} | {row['ours_cell'] / row['sql_cell']:.1f} | "
            f"{ours_goal} |"
        )
    if intake:
        lines.append(
            f"| {intake['case']} | {intake['seconds']:.1f} s (median of "
            f"{len(intake['runs'])}: {', '.join(f'{s:.1f}' for s in intake['runs'])}) "
            f"| | | | | | {'met' if intake['seconds'] <= 30 else 'MISSED > 30 s'} |"
        )
    table = "\n".join(lines)
    print(table)
    print("load average (1/5/15 min) during the run:", "; ".join(loads))
    if args.plans:
        Path(args.plans).write_text("\n\n".join(plans) + "\n")
    if args.record:
        header = (
            f"\n## Vendor recovery analysis and bulk intake (issue 19, speed), "
            f"{date.today()}: database {args.database} (1,000,000 claims; "
            + ", ".join(f"{v:,} {k}" for k, v in sizes.items())
            + f"); bench/vendor.py, median of {args.runs} runs (intake: "
            f"{args.intake_runs}), caches emptied; load average (1/5/15 min) "
            f"during the run: {'; '.join(loads)}\n\n"
        )
        with Path(args.record).open("a") as handle:
            handle.write(header + table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
