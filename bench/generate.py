"""Load N claims into a database with claim_management installed.

Usage:

    python3 bench/generate.py -c .local/odoo-bench.conf -d bench_claims --claims 10000

Customers (companies with two contacts each, and consumers), products and 20
operators are created once through the ORM as prototypes and then cloned in
set-based SQL; claims, lines, followers and time-per-stage rows are written
in SQL with every stored computed field filled the way the model computes it.
Deadlines come from the add-on's own deadline engine (one call per distinct
date and regime, not per claim). A random sample is then recomputed through
the ORM and compared with what SQL wrote (`--verify`, on by default).

Sizes for N claims (N = 1,000,000 gives the sizes of issue 9): 3 lines per
claim on average, N/10 customers (at least 1,000), N/200 products (at least
500), 20 operators, 3 years of dates; one customer owns min(10,000, N/100)
claims. Commits; prints rows/s per step and the database size.
"""

import argparse
import hashlib
import random
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytz

from odoo import Command, fields
from odoo.tools import SQL

try:
    from . import common
except ImportError:  # run as a script
    import common

OPERATORS = 20
PACKERS = 25
# share of claims made from a delivery note (the rest come without a
# document): B2B customers mostly claim a delivery, consumers less often
DELIVERY_SHARE = {"company": 0.7, "consumer": 0.4}
YEARS = 3
TZ = "Europe/Warsaw"
# state -> {age bucket: weight}; ages in days: < 7, < 45, older
STATE_SPREAD = {
    "recent": [
        ("new", 0.45),
        ("in_progress", 0.40),
        ("decided", 0.10),
        ("cancelled", 0.05),
    ],
    "month": [
        ("new", 0.05),
        ("in_progress", 0.30),
        ("decided", 0.25),
        ("resolved", 0.20),
        ("closed", 0.15),
        ("cancelled", 0.05),
    ],
    "old": [
        ("in_progress", 0.005),
        ("decided", 0.01),
        ("resolved", 0.04),
        ("closed", 0.875),
        ("cancelled", 0.07),
    ],
}
TYPE_SPREAD = [
    ("claim_management.type_quality", 0.40),
    ("claim_management.type_quantity", 0.20),
    ("claim_management.type_transport", 0.25),
    ("claim_management.type_warranty", 0.15),
]
PRIORITY_SPREAD = [("0", 0.80), ("1", 0.12), ("2", 0.06), ("3", 0.02)]
CHANNEL_SPREAD = [
    ("backend", 0.50),
    ("portal", 0.25),
    ("email", 0.15),
    ("api", 0.07),
    ("public", 0.03),
]


def generator_hash():
    """Digest of this generator (and its helpers): `make bench` loads the
    data again when it changes."""
    digest = hashlib.md5(usedforsecurity=False)
    for path in (Path(__file__), Path(common.__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def sizes(claims):
    return {
        "claims": claims,
        "customers": max(1000, claims // 10),
        "products": max(500, claims // 200),
        "big_customer_claims": min(10000, max(claims // 100, 1)),
    }


def pick(expr, spread):
    """SQL CASE choosing a value of `spread` from a uniform random `expr`."""
    parts, acc = [], 0.0
    for value, weight in spread[:-1]:
        acc += weight
        parts.append(f"WHEN {expr} < {acc:.6f} THEN {value}")
    return f"(CASE {' '.join(parts)} ELSE {spread[-1][0]} END)"


def quote(value):
    return "'" + str(value).replace("'", "''") + "'"


# ----------------------------------------------------------------------
# Prototypes and small master data through the ORM
# ----------------------------------------------------------------------


def bench_users(env, key, label, count, group):
    """`count` users "Bench <label> NN" of the main company in `group`, login
    and password bench_<key>_NN, created once."""
    company = env.ref("base.main_company")
    users = env["res.users"].search([("login", "=like", f"bench_{key}_%")])
    if len(users) < count:
        users |= (
            env["res.users"]
            .with_context(no_reset_password=True, mail_create_nolog=True)
            .create(
                [
                    {
                        "name": f"Bench {label} {i:02d}",
                        "login": f"bench_{key}_{i:02d}",
                        "password": f"bench_{key}_{i:02d}",
                        "tz": TZ,
                        "company_id": company.id,
                        "company_ids": [Command.set(company.ids)],
                        "group_ids": [Command.link(group.id)],
                    }
                    for i in range(len(users) + 1, count + 1)
                ]
            )
        )
    return users


def setup(env, size):
    company = env.ref("base.main_company")
    company.write({"country_id": env.ref("base.pl").id})
    company.resource_calendar_id.tz = TZ
    operators = bench_users(
        env,
        "operator",
        "Operator",
        OPERATORS,
        env.ref("claim_management.group_claim_operator"),
    )
    packers = bench_users(
        env, "packer", "Packer", PACKERS, env.ref("stock.group_stock_user")
    )
    partners = env["res.partner"]
    proto_company = partners.create(
        {
            "name": "Bench Prototype Company",
            "is_company": True,
            "country_id": env.ref("base.pl").id,
        }
    )
    # without an e-mail address: the prototype claim sends no registration
    # e-mail (its PDF needs a running server); the clones get their addresses
    proto_contact = partners.create(
        {"name": "Bench Prototype Contact", "parent_id": proto_company.id}
    )
    proto_consumer = partners.create(
        {"name": "Bench Prototype Consumer", "email": "consumer@example.com"}
    )
    proto_product = env["product.product"].create(
        {
            "name": "Bench Prototype Product",
            "default_code": "BENCH-PROTO",
            "type": "consu",
            "is_storable": True,
            "list_price": 10.0,
            "standard_price": 6.0,
        }
    )
    # a delivery of one unit, validated by a packer (who is recorded as its
    # packer): the rows of pickings, moves and move lines are cloned from it
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", company.id)], limit=1
    )
    out_type = warehouse.out_type_id
    proto_picking = (
        env["stock.picking"]
        .with_user(packers[0])
        .create(
            {
                "picking_type_id": out_type.id,
                "partner_id": proto_contact.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": proto_product.id,
                            "product_uom_qty": 1,
                            "location_id": out_type.default_location_src_id.id,
                            "location_dest_id": out_type.default_location_dest_id.id,
                        }
                    )
                ],
            }
        )
    )
    proto_picking.action_confirm()
    proto_picking.move_ids.write({"quantity": 1, "picked": True})
    proto_picking._action_done()
    if proto_picking.state != "done" or proto_picking.packer_id != packers[0]:
        raise RuntimeError("The prototype delivery was not validated and packed.")
    claim_type = env.ref("claim_management.type_quality")
    operator = operators[0]
    proto_claim = (
        env["claim.claim"]
        .with_user(operator)
        .create(
            {
                "partner_id": proto_contact.id,
                "claim_type_id": claim_type.id,
                "user_id": operators[1].id,
                "description": "<p>Prototype</p>",
                "line_ids": [
                    Command.create(
                        {
                            "product_id": proto_product.id,
                            "quantity": 1,
                            "price_unit": 10.0,
                        }
                    )
                ],
            }
        )
    )
    env.flush_all()
    return {
        "company": company,
        "operators": operators,
        "packers": packers,
        "out_type": out_type,
        "proto_picking": proto_picking,
        "proto_company": proto_company,
        "proto_contact": proto_contact,
        "proto_consumer": proto_consumer,
        "proto_product": proto_product,
        "proto_claim": proto_claim,
    }


# ----------------------------------------------------------------------
# Customers and products
# ----------------------------------------------------------------------


def generate_customers(cr, ctx, size, watch, prefix="Bench"):
    """Companies (each with two contacts) and consumers; the first company is
    the big customer. Creates t_customer(idx, commercial_id, contact_ids,
    is_company)."""
    ncust = size["customers"]
    ncomp = ncust * 8 // 10
    ncons = ncust - ncomp
    comp_base = common.reserve_ids(cr, "res_partner", ncomp)
    contact_base = common.reserve_ids(cr, "res_partner", 2 * ncomp)
    cons_base = common.reserve_ids(cr, "res_partner", ncons)
    now = "(now() at time zone 'utc')"
    with watch.step("customers: companies") as step:
        step["rows"] = common.clone_rows(
            cr,
            "res_partner",
            ctx["proto_company"].id,
            {
                "id": "%s + g.i",
                "name": f"'{prefix} Company ' || g.i",
                "complete_name": f"'{prefix} Company ' || g.i",
                "commercial_partner_id": "%s + g.i",
                "commercial_company_name": f"'{prefix} Company ' || g.i",
                "email": "'company' || g.i || '@example.com'",
                "email_normalized": "'company' || g.i || '@example.com'",
                "vat": "NULL",
                "create_date": now,
                "write_date": now,
            },
            "generate_series(0, %s - 1) g(i)",
            (comp_base, comp_base, ncomp),
        )
    with watch.step("customers: contacts") as step:
        step["rows"] = common.clone_rows(
            cr,
            "res_partner",
            ctx["proto_contact"].id,
            {
                "id": "%s + g.i",
                "name": "'Contact ' || g.i",
                "complete_name": f"'{prefix} Company ' || (g.i / 2) || ', Contact ' || g.i",
                "parent_id": "%s + g.i / 2",
                "commercial_partner_id": "%s + g.i / 2",
                "commercial_company_name": f"'{prefix} Company ' || (g.i / 2)",
                "email": "'contact' || g.i || '@example.com'",
                "email_normalized": "'contact' || g.i || '@example.com'",
                "create_date": now,
                "write_date": now,
            },
            "generate_series(0, %s - 1) g(i)",
            (contact_base, comp_base, comp_base, 2 * ncomp),
        )
    with watch.step("customers: consumers") as step:
        step["rows"] = common.clone_rows(
            cr,
            "res_partner",
            ctx["proto_consumer"].id,
            {
                "id": "%s + g.i",
                "name": "'Consumer ' || g.i",
                "complete_name": "'Consumer ' || g.i",
                "commercial_partner_id": "%s + g.i",
                "email": "'consumer' || g.i || '@example.com'",
                "email_normalized": "'consumer' || g.i || '@example.com'",
                "create_date": now,
                "write_date": now,
            },
            "generate_series(0, %s - 1) g(i)",
            (cons_base, cons_base, ncons),
        )
    cr.execute(
        """
        CREATE TEMP TABLE t_customer AS
        SELECT i AS idx, %s + i AS commercial_id,
               ARRAY[%s + i, %s + 2 * i, %s + 2 * i + 1] AS contact_ids,
               TRUE AS is_company
          FROM generate_series(0, %s - 1) i
        UNION ALL
        SELECT %s + i, %s + i, ARRAY[%s + i], FALSE
          FROM generate_series(0, %s - 1) i;
        CREATE UNIQUE INDEX ON t_customer (idx);
        ANALYZE t_customer;
        """,
        (
            comp_base,
            comp_base,
            contact_base,
            contact_base,
            ncomp,
            ncomp,
            cons_base,
            cons_base,
            ncons,
        ),
    )


def generate_products(cr, ctx, size, watch):
    nprod = size["products"]
    proto = ctx["proto_product"]
    company = ctx["company"]
    tmpl_base = common.reserve_ids(cr, "product_template", nprod)
    prod_base = common.reserve_ids(cr, "product_product", nprod)
    cr.execute(
        """
        CREATE TEMP TABLE t_product AS
        SELECT i AS idx, %s + i AS tmpl_id, %s + i AS id,
               'BP' || lpad(i::text, 5, '0') AS code,
               'Bench Product ' || i AS name,
               round((5 + power(random(), 3) * 1995)::numeric, 2) AS price,
               (ARRAY[0, 0, 0, 36, 60])[1 + floor(random() * 5)::int] AS warranty_months
          FROM generate_series(0, %s - 1) i;
        ALTER TABLE t_product ADD COLUMN cost numeric;
        UPDATE t_product SET cost = round(price * 0.6, 2);
        CREATE UNIQUE INDEX ON t_product (idx);
        ANALYZE t_product;
        """,
        (tmpl_base, prod_base, nprod),
    )
    now = "(now() at time zone 'utc')"
    with watch.step("products: templates") as step:
        step["rows"] = common.clone_rows(
            cr,
            "product_template",
            proto.product_tmpl_id.id,
            {
                "id": "p.tmpl_id",
                "name": "jsonb_build_object('en_US', p.name)",
                "default_code": "p.code",
                "list_price": "p.price",
                "claim_warranty_months": "p.warranty_months",
                "create_date": now,
                "write_date": now,
            },
            "t_product p",
        )
    with watch.step("products: variants") as step:
        step["rows"] = common.clone_rows(
            cr,
            "product_product",
            proto.id,
            {
                "id": "p.id",
                "product_tmpl_id": "p.tmpl_id",
                "default_code": "p.code",
                "standard_price": f"jsonb_build_object('{company.id}', p.cost)",
                "create_date": now,
                "write_date": now,
            },
            "t_product p",
        )


# ----------------------------------------------------------------------
# Claims and lines
# ----------------------------------------------------------------------


def plan_claims(env, cr, ctx, size):
    """t_claim: one row per claim with every column decided; t_line likewise."""
    n = size["claims"]
    ncust = size["customers"]
    big = size["big_customer_claims"]
    claim_model = env["claim.claim"]
    types = [(env.ref(xmlid), weight) for xmlid, weight in TYPE_SPREAD]
    type_case = pick("r_type", [(t.id, w) for t, w in types])
    # reasons applicable to each type (the field's domain), 10% without reason
    reason_cases = []
    for claim_type, _weight in types:
        reasons = env["claim.reason"].search(
            ["|", ("type_ids", "=", False), ("type_ids", "in", claim_type.id)]
        )
        array = "ARRAY[" + ",".join(str(r) for r in reasons.ids) + "]::int[]"
        reason_cases.append(
            f"WHEN {claim_type.id} THEN (CASE WHEN r_reason < 0.1 THEN NULL ELSE "
            f"({array})[1 + floor((r_reason - 0.1) / 0.9 * {len(reasons)})::int] END)"
        )
    stage_cases = []
    for claim_type, _weight in types:
        for state in (
            "new",
            "in_progress",
            "decided",
            "resolved",
            "closed",
            "cancelled",
        ):
            stage = claim_model._get_stage_for_state(state, claim_type)
            stage_cases.append(
                f"WHEN type_id = {claim_type.id} AND state = '{state}' THEN {stage.id}"
            )
    operators = ctx["operators"]
    op_users = "(ARRAY[" + ",".join(str(u) for u in operators.ids) + "])"
    packer_users = "(ARRAY[" + ",".join(str(u) for u in ctx["packers"].ids) + "])"
    state_case = (
        "(CASE WHEN age < 7 THEN {recent} WHEN age < 45 THEN {month} ELSE {old} END)"
    ).format(
        **{
            key: pick("r_state", [(quote(s), w) for s, w in spread])
            for key, spread in STATE_SPREAD.items()
        }
    )
    claim_base = common.reserve_ids(cr, "claim_claim", n)
    cr.execute(SQL("SELECT setseed(0.42)"))
    cr.execute(
        f"""
        CREATE TEMP TABLE t_claim AS
        WITH g AS (
            SELECT i, random() AS r_cust, random() AS r_contact, random() AS r_type,
                   random() AS r_reason, random() AS r_state, random() AS r_date,
                   random() AS r_user, random() AS r_prio, random() AS r_chan,
                   random() AS r_lines, random() AS r_d1, random() AS r_d2,
                   random() AS r_d3, random() AS r_sent, random() AS r_pick,
                   random() AS r_packer, random() AS r_deliv
              FROM generate_series(0, %(n)s - 1) i
        ), a AS (
            SELECT g.*,
                   CASE WHEN i < %(big)s THEN 0
                        ELSE 1 + floor((%(ncust)s - 1) * power(r_cust, 2))::int
                   END AS cust_idx,
                   (now() at time zone 'utc')
                     - make_interval(secs => power(r_date, 1.15) * {YEARS} * 365 * 86400)
                     AS date_received,
                   {type_case} AS type_id
              FROM g
        ), b AS (
            SELECT a.*, extract(epoch FROM (now() at time zone 'utc') - date_received)
                        / 86400.0 AS age
              FROM a
        ), c AS (
            SELECT b.*, {state_case} AS state FROM b
        )
        SELECT i, %(base)s + i AS id, c.cust_idx, cu.commercial_id,
               cu.contact_ids[1 + floor(r_contact * array_length(cu.contact_ids, 1))::int]
                 AS partner_id,
               cu.is_company, c.type_id,
               CASE c.type_id {" ".join(reason_cases)} END AS reason_id,
               c.state,
               CASE {" ".join(stage_cases)} END AS stage_id,
               CASE WHEN c.state = 'new' AND r_user < 0.3 THEN NULL
                    ELSE {op_users}[1 + floor(r_user * {len(operators)})::int]
               END AS user_id,
               {op_users}[1 + floor(r_d3 * {len(operators)})::int] AS create_uid,
               {pick("r_prio", [(quote(v), w) for v, w in PRIORITY_SPREAD])} AS priority,
               {pick("r_chan", [(quote(v), w) for v, w in CHANNEL_SPREAD])} AS channel,
               date_trunc('second', c.date_received) AS date_received,
               CASE WHEN r_lines < 0.2 THEN 1 WHEN r_lines < 0.4 THEN 2
                    WHEN r_lines < 0.65 THEN 3 WHEN r_lines < 0.85 THEN 4 ELSE 5
               END AS nlines,
               r_d1, r_d2, r_sent,
               r_pick < CASE WHEN cu.is_company THEN %(share_company)s
                             ELSE %(share_consumer)s END AS has_delivery,
               -- delivered 0-900 days before the claim (recent ones more
               -- often), some hours before on the day
               date_trunc('second', c.date_received
                 - make_interval(days => floor(power(r_deliv, 2) * 900)::int)
                 - make_interval(secs => 3600 + r_deliv * 7 * 3600)) AS delivered_at,
               {packer_users}[1 + floor(power(r_packer, 1.3) * {len(ctx["packers"])})::int]
                 AS packer_id
          FROM c JOIN t_customer cu ON cu.idx = c.cust_idx
        """,
        {
            "n": n,
            "big": big,
            "ncust": ncust,
            "base": claim_base,
            "share_company": DELIVERY_SHARE["company"],
            "share_consumer": DELIVERY_SHARE["consumer"],
        },
    )
    cr.execute(
        """
        CREATE UNIQUE INDEX ON t_claim (id);
        ANALYZE t_claim;
        -- dates of the workflow steps, never in the future
        ALTER TABLE t_claim
            ADD COLUMN date_decided timestamp, ADD COLUMN decision_sent_date timestamp,
            ADD COLUMN date_resolved timestamp, ADD COLUMN date_closed timestamp;
        UPDATE t_claim SET date_decided = least(
                date_received + make_interval(secs => (1 + r_d1 * 19) * 86400),
                (now() at time zone 'utc') - interval '1 minute')
         WHERE state IN ('decided', 'resolved', 'closed');
        UPDATE t_claim SET decision_sent_date = least(
                date_decided + interval '2 hours',
                (now() at time zone 'utc') - interval '1 minute')
         WHERE date_decided IS NOT NULL AND r_sent < 0.9;
        UPDATE t_claim SET date_resolved = least(
                date_decided + make_interval(secs => (1 + r_d2 * 9) * 86400),
                (now() at time zone 'utc') - interval '1 minute')
         WHERE state = 'resolved' OR (state = 'closed' AND r_d2 < 0.8);
        UPDATE t_claim SET date_closed = least(
                coalesce(date_resolved, date_decided)
                  + make_interval(secs => (1 + r_d1 * 13) * 86400),
                (now() at time zone 'utc') - interval '1 minute')
         WHERE state = 'closed';
        """
    )
    cr.execute("SELECT count(*) FROM t_claim WHERE has_delivery")
    npickings = cr.fetchone()[0]
    picking_base = common.reserve_ids(cr, "stock_picking", npickings)
    cr.execute(
        """
        ALTER TABLE t_claim ADD COLUMN picking_id int, ADD COLUMN picking_name varchar;
        UPDATE t_claim c SET picking_id = %(base)s + s.rn
          FROM (SELECT id, row_number() OVER (ORDER BY delivered_at, id) - 1 AS rn
                  FROM t_claim WHERE has_delivery) s
         WHERE s.id = c.id;
        """,
        {"base": picking_base},
    )
    nprod = size["products"]
    cr.execute(
        """
        CREATE TEMP TABLE t_line AS
        SELECT c.id AS claim_id, k AS sequence, c.state, c.date_received,
               1 + floor(%(nprod)s * power(random(), 1.5))::int - 1 AS prod_idx,
               random() AS r_qty, random() AS r_dec, random() AS r_undecided,
               random() AS r_more,
               -- the day the customer got the goods: the delivery's date (in
               -- UTC, as stock.move.date gives it), else one 0-900 days back
               CASE WHEN c.has_delivery THEN c.delivered_at::date
                    ELSE c.date_received::date - floor(power(random(), 2) * 900)::int
               END AS delivery_date
          FROM t_claim c, generate_series(1, c.nlines) k
        """,
        {"nprod": nprod},
    )
    cr.execute("SELECT count(*) FROM t_line")
    nlines = cr.fetchone()[0]
    line_base = common.reserve_ids(cr, "claim_line", nlines)
    cr.execute(
        """
        ALTER TABLE t_line ADD COLUMN id int, ADD COLUMN quantity numeric,
            ADD COLUMN decision varchar, ADD COLUMN quantity_accepted numeric;
        UPDATE t_line l SET
            id = %(base)s + s.rn,
            quantity = CASE WHEN r_qty < 0.55 THEN 1 WHEN r_qty < 0.8 THEN 2
                            WHEN r_qty < 0.92 THEN 3 ELSE 4 + mod(floor(r_qty * 100)::int, 7) END
          FROM (SELECT ctid, row_number() OVER (ORDER BY claim_id, sequence) - 1 AS rn
                  FROM t_line) s
         WHERE s.ctid = l.ctid;
        UPDATE t_line SET decision = CASE
                WHEN state IN ('new', 'cancelled') THEN NULL
                WHEN state = 'in_progress' AND r_undecided < 0.5 THEN NULL
                WHEN state = 'resolved' AND sequence = 1 THEN 'accepted'
                WHEN r_dec < 0.6 THEN 'accepted'
                WHEN r_dec < 0.85 THEN 'rejected'
                WHEN quantity >= 2 THEN 'partially_accepted'
                ELSE 'accepted' END;
        UPDATE t_line SET quantity_accepted = CASE decision
                WHEN 'accepted' THEN quantity
                WHEN 'partially_accepted' THEN quantity - 1
                ELSE 0 END;
        CREATE INDEX ON t_line (claim_id, sequence);
        ANALYZE t_line;
        """,
        {"base": line_base},
    )
    # one delivery move and move line per claimed product of a delivered
    # claim; the delivery sometimes carried more units than are claimed
    cr.execute(
        """
        SELECT count(*) FROM t_line l JOIN t_claim c ON c.id = l.claim_id
         WHERE c.has_delivery
        """
    )
    nmoves = cr.fetchone()[0]
    move_base = common.reserve_ids(cr, "stock_move", nmoves)
    move_line_base = common.reserve_ids(cr, "stock_move_line", nmoves)
    cr.execute(
        """
        ALTER TABLE t_line ADD COLUMN move_id int, ADD COLUMN move_line_id int,
            ADD COLUMN delivered_qty numeric;
        UPDATE t_line l SET move_id = %(move_base)s + s.rn,
               move_line_id = %(move_line_base)s + s.rn,
               delivered_qty = l.quantity + CASE WHEN l.r_more < 0.3
                                                 THEN 1 + floor(l.r_more * 10) ELSE 0 END
          FROM (SELECT l2.id, row_number() OVER (ORDER BY l2.id) - 1 AS rn
                  FROM t_line l2 JOIN t_claim c ON c.id = l2.claim_id
                 WHERE c.has_delivery) s
         WHERE s.id = l.id;
        CREATE INDEX ON t_line (move_id);
        ANALYZE t_line;
        """,
        {"move_base": move_base, "move_line_base": move_line_base},
    )
    return nlines


def plan_deadlines(env, cr, ctx):
    """t_deadline(regime, type_id, local_date, response, resolution) from the
    add-on's engine, one call per distinct combination."""
    company = ctx["company"]
    engine = env["claim.deadline"]
    cr.execute(
        f"""
        SELECT DISTINCT (date_received AT TIME ZONE 'UTC' AT TIME ZONE {quote(TZ)})::date
          FROM t_claim
        """
    )
    dates = [row[0] for row in cr.fetchall()]
    country = company.country_id.code
    rows = []
    tz = pytz.timezone(TZ)
    for claim_type in env["claim.type"].search([]):
        for is_company in (True, False):
            # the same choice as claim.claim._compute_legal_regime
            basis = claim_type.legal_basis or "statutory"
            if is_company or basis == "b2b_contract":
                regime = "b2b"
            elif basis == "statutory" and country == "PL":
                regime = "pl_consumer"
            elif basis == "statutory" and country == "CZ":
                regime = "cz_consumer"
            else:
                regime = "consumer"
            # and the days of claim.claim._compute_deadlines (no customer SLA)
            if regime == "b2b":
                response_days = claim_type.response_days
                resolution_days = claim_type.resolution_days
            else:
                response_days = company.claim_consumer_response_days
                resolution_days = (
                    company.claim_consumer_resolution_days or claim_type.resolution_days
                )
            for day in dates:
                noon = tz.localize(datetime.combine(day, datetime.min.time()))
                received = (noon + timedelta(hours=12)).astimezone(pytz.utc)
                response, resolution = engine._compute_deadlines(
                    regime,
                    received.replace(tzinfo=None),
                    company,
                    response_days=response_days,
                    resolution_days=resolution_days,
                )
                rows.append(
                    (
                        claim_type.id,
                        is_company,
                        regime,
                        day,
                        response or None,
                        resolution or None,
                    )
                )
    cr.execute(
        """
        CREATE TEMP TABLE t_deadline (type_id int, is_company bool, regime varchar,
            local_date date, response date, resolution date)
        """
    )
    for start in range(0, len(rows), 5000):
        cr.execute(
            SQL(
                "INSERT INTO t_deadline VALUES %s",
                SQL(", ").join(SQL("%s", row) for row in rows[start : start + 5000]),
            )
        )
    cr.execute(
        "CREATE UNIQUE INDEX ON t_deadline (type_id, is_company, local_date); "
        "ANALYZE t_deadline"
    )
    return len(rows)


def write_deliveries(env, cr, ctx, watch):
    """The done deliveries the claims with one come from: a picking per claim
    (numbered by the delivery type's sequence, packed by a warehouse user),
    a move and a move line per claimed product. Cloned from the prototype
    delivery validated through the ORM; stock quants are not generated."""
    proto = ctx["proto_picking"]
    proto_move = proto.move_ids[:1]
    proto_move_line = proto_move.move_line_ids[:1]
    sequence = ctx["out_type"].sequence_id
    prefix, suffix = sequence._get_prefix_suffix()
    cr.execute("SELECT count(*), count(packer_id) FROM t_claim WHERE has_delivery")
    npickings, npacked = cr.fetchone()
    if npacked != npickings:
        raise RuntimeError(f"{npickings - npacked} planned deliveries have no packer")
    first = sequence.number_next_actual
    sequence.write({"number_next": first + npickings})
    cr.execute(
        """
        UPDATE t_claim SET picking_name = %(prefix)s
               || lpad(n::text, greatest(%(padding)s, length(n::text)), '0') || %(suffix)s
          FROM (SELECT id AS claim_id,
                       %(first)s + picking_id - min(picking_id) OVER () AS n
                  FROM t_claim WHERE has_delivery) s
         WHERE s.claim_id = t_claim.id
        """,
        {
            "prefix": prefix,
            "suffix": suffix,
            "first": first,
            "padding": sequence.padding,
        },
    )
    # the move's value: its quantity at the product's cost, with the sign the
    # ORM gave the prototype
    value_sign = -1 if (proto_move.value or 0) < 0 else 1
    with watch.step("deliveries") as step:
        step["rows"] = common.clone_rows(
            cr,
            "stock_picking",
            proto.id,
            {
                "id": "c.picking_id",
                "name": "c.picking_name",
                "partner_id": "c.partner_id",
                "scheduled_date": "c.delivered_at - interval '1 day'",
                "date_done": "c.delivered_at",
                "packer_id": "c.packer_id",
                "packed_date": "c.delivered_at",
                "create_uid": "c.packer_id",
                "write_uid": "c.packer_id",
                "create_date": "c.delivered_at - interval '1 day'",
                "write_date": "c.delivered_at",
            },
            "(SELECT * FROM t_claim WHERE has_delivery) c",
        )
    with watch.step("delivery moves") as step:
        step["rows"] = common.clone_rows(
            cr,
            "stock_move",
            proto_move.id,
            {
                "id": "l.move_id",
                "sequence": "l.sequence",
                "product_id": "p.id",
                "partner_id": "c.partner_id" if proto_move.partner_id else "NULL",
                "picking_id": "c.picking_id",
                "reference": "c.picking_name",
                "product_qty": "l.delivered_qty",
                "product_uom_qty": "l.delivered_qty",
                "quantity": "l.delivered_qty",
                "packaging_uom_qty": "l.delivered_qty",
                "price_unit": "p.cost",
                "value": f"{value_sign} * l.delivered_qty * p.cost",
                "date": "c.delivered_at",
                "create_uid": "c.packer_id",
                "write_uid": "c.packer_id",
                "create_date": "c.delivered_at - interval '1 day'",
                "write_date": "c.delivered_at",
            },
            """t_line l JOIN t_claim c ON c.id = l.claim_id AND l.move_id IS NOT NULL
                JOIN t_product p ON p.idx = l.prod_idx""",
        )
    with watch.step("delivery move lines") as step:
        step["rows"] = common.clone_rows(
            cr,
            "stock_move_line",
            proto_move_line.id,
            {
                "id": "l.move_line_id",
                "picking_id": "c.picking_id",
                "move_id": "l.move_id",
                "product_id": "p.id",
                "quantity": "l.delivered_qty",
                "quantity_product_uom": "l.delivered_qty",
                "date": "c.delivered_at",
                "create_uid": "c.packer_id",
                "write_uid": "c.packer_id",
                "create_date": "c.delivered_at - interval '1 day'",
                "write_date": "c.delivered_at",
            },
            """t_line l JOIN t_claim c ON c.id = l.claim_id AND l.move_id IS NOT NULL
                JOIN t_product p ON p.idx = l.prod_idx""",
        )


def write_claims(env, cr, ctx, size, watch):
    company = ctx["company"]
    today = fields.Date.context_today(env["claim.claim"])
    due_soon = today + timedelta(days=company.claim_due_soon_days)
    proto = ctx["proto_claim"]
    cr.execute(
        """
        CREATE TEMP TABLE t_claim_sum AS
        SELECT claim_id,
               (array_agg(p.id ORDER BY l.sequence, l.id))[1] AS product_id,
               count(*) AS nlines, count(l.decision) AS ndecided,
               bool_and(l.decision = 'accepted') AS all_accepted,
               bool_and(l.decision = 'rejected') AS all_rejected,
               sum(l.quantity * p.price) AS amount_claimed,
               sum(l.quantity_accepted * p.price) AS amount_accepted,
               sum(l.quantity * p.cost) AS amount_cost
          FROM t_line l JOIN t_product p ON p.idx = l.prod_idx
         GROUP BY claim_id;
        CREATE UNIQUE INDEX ON t_claim_sum (claim_id);
        ANALYZE t_claim_sum;
        """
    )
    next_deadline = (
        "CASE WHEN c.state NOT IN ('new', 'in_progress', 'decided') THEN NULL "
        "WHEN c.decision_sent_date IS NULL AND d.response IS NOT NULL THEN d.response "
        "ELSE d.resolution END"
    )
    with watch.step("claims") as step:
        step["rows"] = common.clone_rows(
            cr,
            "claim_claim",
            proto.id,
            {
                "id": "c.id",
                "name": "'CLM/' || extract(year FROM c.date_received) || '/' "
                "|| lpad((c.i + 1)::text, 7, '0')",
                "company_id": str(company.id),
                "currency_id": str(company.currency_id.id),
                "partner_id": "c.partner_id",
                "commercial_partner_id": "c.commercial_id",
                "claim_type_id": "c.type_id",
                "reason_id": "c.reason_id",
                "stage_id": "c.stage_id",
                "state": "c.state",
                "user_id": "c.user_id",
                "decided_by_id": "CASE WHEN c.date_decided IS NOT NULL "
                "THEN coalesce(c.user_id, c.create_uid) END",
                "product_id": "s.product_id",
                "picking_id": "c.picking_id",
                "source_document": "c.picking_name",
                "decision": "CASE WHEN s.ndecided < s.nlines THEN NULL "
                "WHEN s.all_accepted THEN 'accepted' "
                "WHEN s.all_rejected THEN 'rejected' "
                "ELSE 'partially_accepted' END",
                "amount_claimed": "s.amount_claimed",
                "amount_accepted": "s.amount_accepted",
                "amount_cost": "s.amount_cost",
                "priority": "c.priority",
                "channel": "c.channel",
                "legal_regime": "d.regime",
                "response_deadline": "d.response",
                "resolution_deadline": "d.resolution",
                "deadline_status": f"CASE WHEN ({next_deadline}) IS NULL THEN NULL "
                f"WHEN ({next_deadline}) < %s THEN 'overdue' "
                f"WHEN ({next_deadline}) <= %s THEN 'due_soon' ELSE 'on_time' END",
                "date_received": "c.date_received",
                # the company calendar's time zone is TZ (see setup)
                "month_received": "date_trunc('month', c.date_received AT TIME ZONE "
                f"'UTC' AT TIME ZONE {quote(TZ)})::date",
                "date_decided": "c.date_decided",
                "decision_sent_date": "c.decision_sent_date",
                "date_resolved": "c.date_resolved",
                "date_closed": "c.date_closed",
                "days_to_first_answer": "coalesce(extract(epoch FROM "
                "c.decision_sent_date - c.date_received)::float8 / 86400.0, 0)",
                "days_to_resolution": "coalesce(extract(epoch FROM "
                "c.date_resolved - c.date_received)::float8 / 86400.0, 0)",
                "description": "'<p>Claim ' || c.i || ': goods do not match the "
                "order.</p>'",
                "create_uid": "c.create_uid",
                "write_uid": "c.create_uid",
                "create_date": "c.date_received",
                "write_date": "coalesce(c.date_closed, c.date_resolved, "
                "c.date_decided, c.date_received)",
            },
            f"""t_claim c JOIN t_claim_sum s ON s.claim_id = c.id
                JOIN t_deadline d ON d.type_id = c.type_id
                 AND d.is_company = c.is_company
                 AND d.local_date = (c.date_received AT TIME ZONE 'UTC'
                                     AT TIME ZONE {quote(TZ)})::date""",
            (today, due_soon),
        )
    proto_line = proto.line_ids[:1]
    statutory = company.claim_statutory_warranty_months or 0
    with watch.step("claim lines") as step:
        step["rows"] = common.clone_rows(
            cr,
            "claim_line",
            proto_line.id,
            {
                "id": "l.id",
                "claim_id": "l.claim_id",
                "sequence": "l.sequence",
                "company_id": str(company.id),
                "commercial_partner_id": "c.commercial_id",
                "state": "c.state",
                "product_id": "p.id",
                "name": "'[' || p.code || '] ' || p.name",
                "uom_id": str(ctx["proto_product"].uom_id.id),
                "quantity": "l.quantity",
                "price_unit": "p.price",
                "cost_price": "p.cost",
                "amount": "l.quantity * p.price",
                "decision": "l.decision",
                "quantity_accepted": "l.quantity_accepted",
                "amount_accepted": "l.quantity_accepted * p.price",
                "amount_cost": "l.quantity * p.cost",
                "qty_to_resolve": "l.quantity_accepted",
                "move_id": "l.move_id",
                "packer_id": "CASE WHEN l.move_id IS NOT NULL THEN c.packer_id END",
                "delivery_date": "l.delivery_date",
                "warranty_end_date": "(l.delivery_date + make_interval(months => "
                f"greatest(p.warranty_months, {statutory})))::date",
                "in_warranty": "c.date_received::date <= (l.delivery_date + "
                f"make_interval(months => greatest(p.warranty_months, {statutory})))"
                "::date",
                "create_uid": "c.create_uid",
                "write_uid": "c.create_uid",
                "create_date": "c.date_received",
                "write_date": "c.date_received",
            },
            """t_line l JOIN t_claim c ON c.id = l.claim_id
                JOIN t_product p ON p.idx = l.prod_idx""",
        )


def mark_past_cron_runs(env, cr, ctx, watch):
    """What the daily deadline cron did on earlier days: claims whose deadline
    was already due soon or overdue yesterday were reminded or escalated, and
    Polish consumer claims without an answer in time were flagged. The cron of
    today then only handles today's increment, as in production. (The
    activities and messages those runs posted are not generated.)"""
    company = ctx["company"]
    today = fields.Date.context_today(env["claim.claim"])
    yesterday_horizon = today + timedelta(days=company.claim_due_soon_days - 1)
    next_deadline = (
        "CASE WHEN decision_sent_date IS NULL AND response_deadline IS NOT NULL "
        "THEN response_deadline ELSE resolution_deadline END"
    )
    with watch.step("earlier cron runs") as step:
        cr.execute(
            f"""
            UPDATE claim_claim SET
                deadline_reminder_sent = ({next_deadline}) <= %(horizon)s,
                deadline_escalated = ({next_deadline}) < %(today)s - 1
             WHERE state IN ('new', 'in_progress', 'decided')
               AND ({next_deadline}) <= %(horizon)s
            """,
            {"horizon": yesterday_horizon, "today": today},
        )
        step["rows"] = cr.rowcount
        cr.execute(
            """
            UPDATE claim_claim SET deemed_accepted = TRUE
             WHERE legal_regime = 'pl_consumer' AND decision_sent_date IS NULL
               AND response_deadline < %s - 1
               AND state IN ('new', 'in_progress', 'decided')
            """,
            [today],
        )
        step["rows"] += cr.rowcount


def write_followers(env, cr, ctx, watch):
    """The followers the ORM adds on create: the creator and the responsible
    (plus the followers of the claim type), with the default subtypes."""
    proto = ctx["proto_claim"]
    cr.execute(
        """
        SELECT f.partner_id, array_agg(r.mail_message_subtype_id ORDER BY 1)
          FROM mail_followers f
          LEFT JOIN mail_followers_mail_message_subtype_rel r
            ON r.mail_followers_id = f.id
         WHERE f.res_model = 'claim.claim' AND f.res_id = %s
         GROUP BY f.partner_id
        """,
        [proto.id],
    )
    subtypes = {row[0]: row[1] for row in cr.fetchall()}
    creator = proto.create_uid.partner_id.id
    responsible = proto.user_id.partner_id.id
    if (
        set(subtypes)
        - {creator, responsible}
        - set(proto.claim_type_id.follower_ids.partner_id.ids)
    ):
        raise RuntimeError(f"Unexpected followers of the prototype: {subtypes}")
    creator_subtypes = [s for s in subtypes.get(creator, []) if s]
    type_followers = {
        t.id: t.follower_ids.partner_id.ids for t in env["claim.type"].search([])
    }
    type_values = ", ".join(
        f"({type_id}, {partner})"
        for type_id, partners in type_followers.items()
        for partner in partners
    )
    with watch.step("followers") as step:
        cr.execute(
            f"""
            CREATE TEMP TABLE t_follower AS
            SELECT DISTINCT c.id AS res_id, f.partner_id
              FROM t_claim c
              JOIN res_users cu ON cu.id = c.create_uid
              LEFT JOIN res_users ru ON ru.id = c.user_id
              CROSS JOIN LATERAL (
                  VALUES (cu.partner_id), (ru.partner_id)
              ) f(partner_id)
             WHERE f.partner_id IS NOT NULL
            {"UNION SELECT c.id, tf.partner_id FROM t_claim c JOIN (VALUES " + type_values + ") tf(type_id, partner_id) ON tf.type_id = c.type_id" if type_values else ""}
            """
        )
        cr.execute(
            """
            INSERT INTO mail_followers (res_model, res_id, partner_id)
            SELECT 'claim.claim', res_id, partner_id FROM t_follower
            RETURNING id
            """
        )
        ids = [row[0] for row in cr.fetchall()]
        step["rows"] = len(ids)
    with watch.step("follower subtypes") as step:
        cr.execute(
            """
            INSERT INTO mail_followers_mail_message_subtype_rel
                (mail_followers_id, mail_message_subtype_id)
            SELECT f.id, s.subtype_id
              FROM mail_followers f, unnest(%s::int[]) s(subtype_id)
             WHERE f.res_model = 'claim.claim' AND f.res_id >= %s
            """,
            [creator_subtypes, proto.id + 1],
        )
        step["rows"] = cr.rowcount


def write_stage_history(cr, ctx, watch):
    proto = ctx["proto_claim"]
    cr.execute(
        "SELECT id FROM claim_stage_history WHERE claim_id = %s LIMIT 1", [proto.id]
    )
    row = cr.fetchone()
    if not row:
        return
    with watch.step("time per stage") as step:
        step["rows"] = common.clone_rows(
            cr,
            "claim_stage_history",
            row[0],
            {
                "id": "nextval('claim_stage_history_id_seq')",
                "claim_id": "c.id",
                "company_id": str(ctx["company"].id),
                "claim_type_id": "c.type_id",
                "stage_id": "c.stage_id",
                "user_id": "c.user_id",
                "date_in": "coalesce(c.date_closed, c.date_resolved, c.date_decided, "
                "c.date_received)",
                "date_out": "NULL",
                "planned_date": "NULL",
                "days": "0",
                "late": "FALSE",
                "create_uid": "c.create_uid",
                "write_uid": "c.create_uid",
                "create_date": "c.date_received",
                "write_date": "c.date_received",
            },
            "t_claim c",
        )


# ----------------------------------------------------------------------
# Verification through the ORM
# ----------------------------------------------------------------------

CLAIM_FIELDS = [
    "commercial_partner_id",
    "state",
    "currency_id",
    "product_id",
    "decision",
    "amount_claimed",
    "amount_accepted",
    "amount_cost",
    "source_document",
    "legal_regime",
    "response_deadline",
    "resolution_deadline",
    "deadline_status",
    "days_to_first_answer",
    "days_to_resolution",
    "approval_required",
    "amount_credited",
    "amount_replacement_cost",
    "amount_repair_cost",
    "amount_resolution_cost",
]
LINE_FIELDS = [
    "company_id",
    "commercial_partner_id",
    "state",
    "name",
    "uom_id",
    "amount",
    "quantity_accepted",
    "amount_accepted",
    "amount_cost",
    "cost_price",
    "packer_id",
    "delivery_date",
    "warranty_end_date",
    "warranty_restart_date",
    "warranty_extension_months",
    "in_warranty",
    "qty_credited",
    "qty_replaced",
    "qty_returned",
    "qty_resolved",
    "qty_to_resolve",
    "is_resolved",
    "amount_credited",
]


def _stored_computed(records):
    """Names of the stored computed fields of `records` kept in their table."""
    return sorted(
        name
        for name, field in records._fields.items()
        if field.store and field.compute and field.column_type
    )


def _snapshot(cr, table, ids, fnames):
    cr.execute(
        SQL(
            "SELECT id, %s FROM %s WHERE id IN %s ORDER BY id",
            SQL(", ").join(SQL.identifier(f) for f in fnames),
            SQL.identifier(table),
            tuple(ids),
        )
    )
    return {row[0]: row[1:] for row in cr.fetchall()}


def _same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return abs((a or 0.0) - (b or 0.0)) < 1e-6
    if a in (None, False, 0) and b in (None, False, 0) and type(a) is not type(b):
        return True
    return a == b


def verify(env, sample_size=200, seed=7):
    """Recompute a random sample of claims and their lines through the ORM
    (every stored computed field above, also the constraints) and compare
    with what SQL wrote. Rolled back."""
    cr = env.cr
    cr.execute("SELECT id FROM claim_claim ORDER BY id")
    all_ids = [row[0] for row in cr.fetchall()]
    ids = random.Random(seed).sample(all_ids, min(sample_size, len(all_ids)))
    claims = env["claim.claim"].browse(ids)
    lines = claims.line_ids
    moves = lines.move_id
    checks = [
        (claims, CLAIM_FIELDS),
        (lines, LINE_FIELDS),
        # the deliveries: every stored computed field of their pickings,
        # moves and move lines
        (claims.picking_id, _stored_computed(claims.picking_id)),
        (moves, _stored_computed(moves)),
        (moves.move_line_ids, _stored_computed(moves.move_line_ids)),
    ]
    checks = [(records, fnames) for records, fnames in checks if records]
    before = [_snapshot(cr, r._table, r.ids, f) for r, f in checks]
    mismatches = []
    cr.execute("SAVEPOINT bench_verify")
    try:
        env.invalidate_all()
        for records, fnames in checks:
            for fname in fnames:
                env.add_to_compute(records._fields[fname], records)
        env.flush_all()
        # constraints as the ORM checks them on write
        claims._validate_fields(
            [*CLAIM_FIELDS, "invoice_id", "picking_id", "partner_id"]
        )
        lines._validate_fields(["quantity", "decision", "lot_id", "product_id"])
        after = [_snapshot(cr, r._table, r.ids, f) for r, f in checks]
    finally:
        cr.execute("ROLLBACK TO SAVEPOINT bench_verify")
        env.invalidate_all()
    for (records, fnames), old_rows, new_rows in zip(
        checks, before, after, strict=True
    ):
        for rec_id, values in old_rows.items():
            for fname, old, new in zip(fnames, values, new_rows[rec_id], strict=True):
                if not _same(old, new):
                    mismatches.append(
                        f"{records._name} {rec_id} {fname}: sql={old!r} orm={new!r}"
                    )
    return len(claims), len(lines), len(claims.picking_id), mismatches


# ----------------------------------------------------------------------


def generate(registry, claims, check=True):
    size = sizes(claims)
    print(
        f"Generating {size['claims']:,} claims, {size['customers']:,} customers, "
        f"{size['products']:,} products, {OPERATORS} operators; the big customer "
        f"owns {size['big_customer_claims']:,} claims",
        flush=True,
    )
    watch = common.Stopwatch()
    with common.environment(registry) as env:
        cr = env.cr
        ctx = setup(env, size)
        generate_customers(cr, ctx, size, watch)
        generate_products(cr, ctx, size, watch)
        begin = time.perf_counter()
        nlines = plan_claims(env, cr, ctx, size)
        combos = plan_deadlines(env, cr, ctx)
        print(
            f"  planned {size['claims']:,} claims, {nlines:,} lines and "
            f"{combos:,} deadline combinations in {time.perf_counter() - begin:.1f} s",
            flush=True,
        )
        write_deliveries(env, cr, ctx, watch)
        write_claims(env, cr, ctx, size, watch)
        mark_past_cron_runs(env, cr, ctx, watch)
        write_followers(env, cr, ctx, watch)
        write_stage_history(cr, ctx, watch)
        # later claims through the ORM continue the numbering
        cr.execute(
            "SELECT id FROM ir_sequence WHERE code = 'claim.claim' "
            "AND implementation = 'standard'"
        )
        for (seq_id,) in cr.fetchall():
            cr.execute(
                SQL(
                    "SELECT setval(%s, %s)",
                    f"ir_sequence_{seq_id:03d}",
                    size["claims"] + 10,
                )
            )
        # the prototype claim is not part of the data set
        proto = ctx["proto_claim"]
        cr.execute("SELECT commercial_id FROM t_customer WHERE idx = 0")
        big_customer = cr.fetchone()[0]
        env.invalidate_all()
        env["claim.claim"].browse(proto.id).unlink()
        ctx["proto_contact"].parent_id.write({"active": False})
        (ctx["proto_contact"] | ctx["proto_consumer"]).write({"active": False})
        ctx["proto_product"].write({"active": False})
        env.flush_all()
        cr.execute(
            "INSERT INTO ir_config_parameter (key, value) VALUES "
            "('claim_bench.big_customer_id', %s), ('claim_bench.claims', %s), "
            "('claim_bench.generator', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [str(big_customer), str(size["claims"]), generator_hash()],
        )
        cr.commit()
        with watch.step("VACUUM ANALYZE") as step:
            common.vacuum_analyze(cr.dbname)
            step["rows"] = 0
        rows, elapsed = watch.total()
        print(
            f"Loaded {rows:,} rows in {elapsed:.0f} s ({rows / elapsed:,.0f} rows/s); "
            f"database size {common.database_size(cr)}",
            flush=True,
        )
        if check:
            nclaims, nlines, npickings, mismatches = verify(env)
            print(
                f"Verified {nclaims} claims, {nlines} lines and {npickings} deliveries "
                f"recomputed by the ORM: {len(mismatches)} differences",
                flush=True,
            )
            for mismatch in mismatches[:30]:
                print("  " + mismatch)
            if mismatches:
                raise SystemExit(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--no-verify", action="store_true")
    args = parser.parse_args()
    registry = common.open_registry(args.config, args.database)
    generate(registry, args.claims, check=not args.no_verify)


if __name__ == "__main__":
    main()
