"""Load N RMAs of the OCA add-on rma (the second peer) the way generate.py
loads claims and generate_peer.py loads tickets: the same customers (and the
same big customer's share, for the portal row), operators, products, dates
and spreads over states; followers as the ORM adds them; set-based SQL cloned
from a prototype created through the ORM.

    python3 bench/generate_rma.py -c .local/odoo-bench.conf -d bench_rma --rmas 10000

An RMA is one product of one customer (a claim has about 2.9 lines): one RMA
per claim. Claim states map to RMA states by the requested operation
(replace, repair, refund). RMAs point to no delivery and no reception move
(stock moves are not generated); their source document is a delivery number
for the same share of customers as our claims from deliveries.
"""

import argparse
import hashlib
import random
from pathlib import Path

from odoo.fields import Command
from odoo.tools import SQL

try:
    from . import common, generate
except ImportError:  # run as a script
    import common
    import generate

# requested operation (xmlid) -> weight
OPERATION_SPREAD = [
    ("rma.rma_operation_replace", 0.40),
    ("rma.rma_operation_return", 0.20),
    ("rma.rma_operation_refund", 0.40),
]
# RMA state of a claim state, by operation (replace, repair, refund): the
# open states of the filter "Unresolved RMAs" for open claims, so that the
# same share of records is open on every side
STATE_OF_CLAIM = {
    "new": ("draft", "draft", "draft"),
    "in_progress": ("confirmed", "confirmed", "confirmed"),
    "decided": ("waiting_replacement", "waiting_return", "received"),
    "resolved": ("replaced", "returned", "refunded"),
    "closed": ("replaced", "returned", "refunded"),
    "cancelled": ("cancelled", "cancelled", "cancelled"),
}
OPEN_STATES = [
    "draft",
    "confirmed",
    "received",
    "waiting_return",
    "waiting_replacement",
]


def generator_hash():
    """Digest of this generator and the helpers it uses: `make bench` loads
    the RMAs again when it changes (`claim_bench.rma_generator`)."""
    digest = hashlib.md5(usedforsecurity=False)
    for path in (Path(__file__), Path(generate.__file__), Path(common.__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def setup(env):
    company = env.ref("base.main_company")
    company.write({"country_id": env.ref("base.pl").id})
    operators = generate.bench_users(
        env,
        "operator",
        "Operator",
        generate.OPERATORS,
        env.ref("rma.rma_group_user_all"),
    )
    team = env["rma.team"].search([("name", "=", "Bench RMA Team")]) or env[
        "rma.team"
    ].create(
        {
            "name": "Bench RMA Team",
            "user_id": operators[0].id,
            "member_ids": [Command.set(operators.ids)],
        }
    )
    partners = env["res.partner"]
    pl = env.ref("base.pl")
    proto_company = partners.create(
        {"name": "Bench Prototype Company", "is_company": True, "country_id": pl.id}
    )
    proto_contact = partners.create(
        {
            "name": "Bench Prototype Contact",
            "parent_id": proto_company.id,
            "email": "contact@example.com",
        }
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
    proto_rma = (
        env["rma"]
        .with_user(operators[0])
        .create(
            {
                "partner_id": proto_contact.id,
                "user_id": operators[1].id,
                "product_id": proto_product.id,
                "product_uom_qty": 1,
                "operation_id": env.ref("rma.rma_operation_replace").id,
                "description": "<p>Prototype</p>",
                "origin": "WH/OUT/00001",
            }
        )
    )
    env.flush_all()
    # followers as the ORM leaves them: creator and responsible on create,
    # the customer from confirmation on (`action_confirm`)
    followers = {}
    for follower in proto_rma.message_follower_ids:
        followers[follower.partner_id.id] = follower.subtype_ids.ids
    creator = followers.get(operators[0].partner_id.id, [])
    responsible = followers.get(operators[1].partner_id.id, creator)
    proto_rma.with_user(operators[0])._add_message_subscribe_partner()
    customer = proto_rma.message_follower_ids.filtered(
        lambda f: f.partner_id == proto_contact
    ).subtype_ids.ids
    if (
        proto_rma.team_id != team
        or proto_rma.partner_shipping_id != proto_contact
        or not proto_rma.location_id
    ):
        raise RuntimeError("The prototype RMA was not created as expected.")
    return {
        "company": company,
        "operators": operators,
        "team": team,
        "proto_company": proto_company,
        "proto_contact": proto_contact,
        "proto_consumer": proto_consumer,
        "proto_product": proto_product,
        "proto_rma": proto_rma,
        "subtypes": {
            "creator": creator,
            "responsible": responsible,
            "customer": customer,
        },
    }


def generate_products(cr, ctx, size, watch):
    """N/200 products cloned from the prototype (generate.py's products
    without the fields of our add-on)."""
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
               round((5 + power(random(), 3) * 1995)::numeric, 2) AS price
          FROM generate_series(0, %s - 1) i;
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
                "standard_price": f"jsonb_build_object('{company.id}', "
                "round(p.price * 0.6, 2))",
                "create_date": now,
                "write_date": now,
            },
            "t_product p",
        )


def plan_rmas(env, cr, ctx, size):
    n = size["claims"]
    ops = ctx["operators"]
    op_users = "(ARRAY[" + ",".join(str(u) for u in ops.ids) + "])"
    operations = [env.ref(xmlid).id for xmlid, _w in OPERATION_SPREAD]
    operation_idx = generate.pick(
        "r_op", [(str(i), w) for i, (_x, w) in enumerate(OPERATION_SPREAD)]
    )
    state_case = (
        "(CASE WHEN age < 7 THEN {recent} WHEN age < 45 THEN {month} ELSE {old} END)"
    ).format(
        **{
            key: generate.pick("r_state", [(generate.quote(s), w) for s, w in spread])
            for key, spread in generate.STATE_SPREAD.items()
        }
    )
    rma_state = " ".join(
        f"WHEN t.claim_state = '{claim}' THEN (ARRAY["
        + ",".join(generate.quote(s) for s in states)
        + "])[t.op_idx + 1]"
        for claim, states in STATE_OF_CLAIM.items()
    )
    base = common.reserve_ids(cr, "rma", n)
    cr.execute("SELECT setseed(0.42)")
    cr.execute(
        f"""
        CREATE TEMP TABLE t_rma AS
        WITH g AS (
            SELECT i, random() AS r_cust, random() AS r_contact, random() AS r_state,
                   random() AS r_date, random() AS r_user, random() AS r_prio,
                   random() AS r_op, random() AS r_d1, random() AS r_d3,
                   random() AS r_prod, random() AS r_qty, random() AS r_doc,
                   random() AS r_deadline
              FROM generate_series(0, %(n)s - 1) i
        ), a AS (
            SELECT g.*,
                   CASE WHEN i < %(big)s THEN 0
                        ELSE 1 + floor((%(ncust)s - 1) * power(r_cust, 2))::int
                   END AS cust_idx,
                   (now() at time zone 'utc')
                     - make_interval(secs => power(r_date, 1.15)
                                     * {generate.YEARS} * 365 * 86400)
                     AS date_received
              FROM g
        ), b AS (
            SELECT a.*, extract(epoch FROM (now() at time zone 'utc') - date_received)
                        / 86400.0 AS age
              FROM a
        )
        SELECT i, %(base)s + i AS id, b.cust_idx, cu.commercial_id, cu.is_company,
               cu.contact_ids[1 + floor(r_contact * array_length(cu.contact_ids, 1))::int]
                 AS partner_id,
               {state_case} AS claim_state,
               {operation_idx} AS op_idx,
               CASE WHEN r_user < 0.1 THEN NULL
                    ELSE {op_users}[1 + floor(r_user * {len(ops)})::int] END AS user_id,
               {op_users}[1 + floor(r_d3 * {len(ops)})::int] AS create_uid,
               CASE WHEN r_prio < 0.2 THEN '1' ELSE '0' END AS priority,
               pr.id AS product_id,
               (1 + floor(power(r_qty, 3) * 5))::numeric AS qty,
               CASE WHEN r_doc < CASE WHEN cu.is_company
                        THEN {generate.DELIVERY_SHARE["company"]}
                        ELSE {generate.DELIVERY_SHARE["consumer"]} END
                    THEN 'WH/OUT/' || lpad((i + 1)::text, 7, '0') END AS origin,
               CASE WHEN r_deadline < 0.5
                    THEN (b.date_received + interval '14 days')::date END AS deadline,
               date_trunc('second', b.date_received) AS date_received, r_d1
          FROM b JOIN t_customer cu ON cu.idx = b.cust_idx
          JOIN t_product pr
            ON pr.idx = floor(power(b.r_prod, 2) * %(nprod)s)::int
        """,
        {
            "n": n,
            "big": size["big_customer_claims"],
            "ncust": size["customers"],
            "nprod": size["products"],
            "base": base,
        },
    )
    cr.execute(
        f"""
        ALTER TABLE t_rma ADD COLUMN state varchar, ADD COLUMN operation_id int,
            ADD COLUMN write_date timestamp;
        UPDATE t_rma t SET state = CASE {rma_state} END,
               operation_id = (ARRAY[{",".join(map(str, operations))}])[t.op_idx + 1];
        UPDATE t_rma SET write_date = CASE
            WHEN state IN ({",".join(map(generate.quote, OPEN_STATES))})
            THEN date_received
            ELSE least(date_received + make_interval(secs => (1 + r_d1 * 25) * 86400),
                       (now() at time zone 'utc') - interval '1 minute') END;
        CREATE UNIQUE INDEX ON t_rma (id);
        ANALYZE t_rma;
        """
    )


def write_rmas(env, cr, ctx, watch):
    proto = ctx["proto_rma"]
    with watch.step("rmas") as step:
        step["rows"] = common.clone_rows(
            cr,
            "rma",
            proto.id,
            {
                "id": "t.id",
                "name": "'RMA' || lpad((t.i + 1)::text, 7, '0')",
                "origin": "t.origin",
                "date": "t.date_received",
                "deadline": "t.deadline",
                "user_id": "t.user_id",
                "team_id": str(ctx["team"].id),
                "company_id": str(ctx["company"].id),
                "partner_id": "t.partner_id",
                "partner_shipping_id": "t.partner_id",
                "partner_invoice_id": "t.partner_id",
                "product_id": "t.product_id",
                "product_uom_qty": "t.qty",
                "priority": "t.priority",
                "operation_id": "t.operation_id",
                "state": "t.state",
                "description": "'<p>RMA ' || t.i || ': the product does not work.</p>'",
                "access_token": "NULL",
                "create_uid": "t.create_uid",
                "write_uid": "t.create_uid",
                "create_date": "t.date_received",
                "write_date": "t.write_date",
            },
            "t_rma t",
        )
    subtypes = ctx["subtypes"]
    # the responsible is followed by the creator's subtypes when the ORM gave
    # no others; the customer from confirmation on (every state but draft)
    with watch.step("followers") as step:
        cr.execute(
            """
            INSERT INTO mail_followers (res_model, res_id, partner_id)
            SELECT DISTINCT 'rma', t.id, f.partner_id
              FROM t_rma t
              JOIN res_users cu ON cu.id = t.create_uid
              LEFT JOIN res_users ru ON ru.id = t.user_id
              CROSS JOIN LATERAL (VALUES (cu.partner_id), (ru.partner_id),
                  (CASE WHEN t.state <> 'draft' THEN t.partner_id END)) f(partner_id)
             WHERE f.partner_id IS NOT NULL
            """
        )
        step["rows"] = cr.rowcount
    with watch.step("follower subtypes") as step:
        cr.execute(
            """
            INSERT INTO mail_followers_mail_message_subtype_rel
                (mail_followers_id, mail_message_subtype_id)
            SELECT f.id, s.subtype_id
              FROM mail_followers f
              JOIN rma r ON r.id = f.res_id
              JOIN res_users cu ON cu.id = r.create_uid
              CROSS JOIN LATERAL unnest(CASE
                  WHEN f.partner_id = cu.partner_id THEN %(creator)s::int[]
                  WHEN f.partner_id = r.partner_id THEN %(customer)s::int[]
                  ELSE %(responsible)s::int[] END) s(subtype_id)
             WHERE f.res_model = 'rma' AND f.res_id > %(proto)s
            """,
            {
                "creator": subtypes["creator"],
                "customer": subtypes["customer"],
                "responsible": subtypes["responsible"],
                "proto": proto.id,
            },
        )
        step["rows"] = cr.rowcount


def verify(env, sample_size=200, seed=7):
    """Recompute the stored computed fields of a sample through the ORM and
    check the model's constraints (required fields after draft)."""
    model = env["rma"]
    fnames = [
        "partner_shipping_id",
        "partner_invoice_id",
        "product_uom",
        "location_id",
        "warehouse_id",
        "delivered_qty",
        "delivered_qty_done",
    ]
    fnames = [f for f in fnames if model._fields[f].compute and model._fields[f].store]
    cr = env.cr
    cr.execute("SELECT id FROM rma WHERE user_id IS NOT NULL ORDER BY id")
    ids = [row[0] for row in cr.fetchall()]
    ids = random.Random(seed).sample(ids, min(sample_size, len(ids)))
    # the team follows the responsible (the others keep the first team, as
    # `create` gives it)
    fnames.append("team_id")
    before = generate._snapshot(cr, "rma", ids, fnames)
    cr.execute("SAVEPOINT bench_verify")
    try:
        records = model.browse(ids)
        for fname in fnames:
            env.add_to_compute(model._fields[fname], records)
        env.flush_all()
        records._validate_fields(["state", "partner_id", "product_id"])
        after = generate._snapshot(cr, "rma", ids, fnames)
    finally:
        cr.execute("ROLLBACK TO SAVEPOINT bench_verify")
        env.invalidate_all()
    return [
        f"rma {rec_id} {fname}: sql={old!r} orm={new!r}"
        for rec_id, values in before.items()
        for fname, old, new in zip(fnames, values, after[rec_id], strict=True)
        if not generate._same(old, new)
    ]


def generate_rmas(registry, rmas, check=True):
    size = generate.sizes(rmas)
    print(
        f"Generating {rmas:,} RMAs for {size['customers']:,} customers and "
        f"{size['products']:,} products (peer rma); the big customer owns "
        f"{size['big_customer_claims']:,} RMAs",
        flush=True,
    )
    watch = common.Stopwatch()
    with common.environment(registry) as env:
        cr = env.cr
        ctx = setup(env)
        generate.generate_customers(cr, ctx, size, watch)
        generate_products(cr, ctx, size, watch)
        plan_rmas(env, cr, ctx, size)
        write_rmas(env, cr, ctx, watch)
        cr.execute(
            "SELECT id FROM ir_sequence WHERE code = 'rma' "
            "AND implementation = 'standard'"
        )
        for (seq_id,) in cr.fetchall():
            cr.execute(
                SQL("SELECT setval(%s, %s)", f"ir_sequence_{seq_id:03d}", rmas + 10)
            )
        cr.execute("SELECT commercial_id FROM t_customer WHERE idx = 0")
        big_customer = cr.fetchone()[0]
        # a draft RMA may be deleted (the others are kept)
        env["rma"].browse(ctx["proto_rma"].id).unlink()
        (ctx["proto_contact"] | ctx["proto_consumer"] | ctx["proto_company"]).write(
            {"active": False}
        )
        ctx["proto_product"].active = False
        env.flush_all()
        cr.execute(
            "INSERT INTO ir_config_parameter (key, value) VALUES "
            "('claim_bench.big_customer_id', %s), ('claim_bench.claims', %s), "
            "('claim_bench.rma_generator', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [str(big_customer), str(rmas), generator_hash()],
        )
        cr.commit()
        common.vacuum_analyze(cr.dbname)
        rows, elapsed = watch.total()
        print(
            f"Loaded {rows:,} rows in {elapsed:.0f} s ({rows / elapsed:,.0f} rows/s); "
            f"database size {common.database_size(cr)}",
            flush=True,
        )
        cr.execute("SELECT state, count(*) FROM rma GROUP BY 1 ORDER BY 2 DESC")
        print(
            "States: " + ", ".join(f"{s} {c:,}" for s, c in cr.fetchall()), flush=True
        )
        if check:
            mismatches = verify(env)
            print(f"Verified a sample of RMAs: {len(mismatches)} differences")
            for mismatch in mismatches[:20]:
                print("  " + mismatch)
            if mismatches:
                raise SystemExit(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--rmas", type=int, default=1_000_000)
    parser.add_argument("--no-verify", action="store_true")
    args = parser.parse_args()
    registry = common.open_registry(args.config, args.database)
    generate_rmas(registry, args.rmas, check=not args.no_verify)


if __name__ == "__main__":
    main()
