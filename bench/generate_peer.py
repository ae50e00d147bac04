"""Load N tickets of the OCA add-on helpdesk_mgmt (the peer) the way
generate.py loads claims: same customers, operators, dates and spreads over
stages, followers as the ORM adds them; set-based SQL cloned from a
prototype created through the ORM.

    python3 bench/generate_peer.py -c .local/odoo-bench.conf -d bench_peer --tickets 10000
"""

import argparse
import random

from odoo.tools import SQL

try:
    from . import common, generate
except ImportError:  # run as a script
    import common
    import generate

# claim state -> helpdesk stage (by its xmlid)
STAGE_OF_STATE = {
    "new": "helpdesk_mgmt.helpdesk_ticket_stage_new",
    "in_progress": "helpdesk_mgmt.helpdesk_ticket_stage_in_progress",
    "decided": "helpdesk_mgmt.helpdesk_ticket_stage_awaiting",
    "resolved": "helpdesk_mgmt.helpdesk_ticket_stage_done",
    "closed": "helpdesk_mgmt.helpdesk_ticket_stage_done",
    "cancelled": "helpdesk_mgmt.helpdesk_ticket_stage_cancelled",
}


def setup(env):
    company = env.ref("base.main_company")
    group = env.ref("helpdesk_mgmt.group_helpdesk_user")
    operators = generate.bench_users(
        env, "operator", "Operator", generate.OPERATORS, group
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
    proto_ticket = (
        env["helpdesk.ticket"]
        .with_user(operators[0])
        .create(
            {
                "name": "Prototype",
                "description": "<p>Prototype</p>",
                "partner_id": proto_contact.id,
                "user_id": operators[1].id,
                "channel_id": env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web").id,
            }
        )
    )
    env.flush_all()
    return {
        "company": company,
        "operators": operators,
        "proto_company": proto_company,
        "proto_contact": proto_contact,
        "proto_consumer": proto_consumer,
        "proto_ticket": proto_ticket,
    }


def stage_ids(env):
    """{state: stage id}, falling back to stages found by their meaning when
    an xmlid is missing."""
    stages = env["helpdesk.ticket.stage"].search([])
    result = {}
    for state, xmlid in STAGE_OF_STATE.items():
        stage = env.ref(xmlid, raise_if_not_found=False)
        if not stage:
            closed = state in ("resolved", "closed", "cancelled")
            stage = stages.filtered(lambda s, c=closed: s.closed == c)[:1]
        result[state] = stage
    return result


def plan_tickets(env, cr, ctx, size):
    n = size["claims"]
    ops = ctx["operators"]
    op_users = "(ARRAY[" + ",".join(str(u) for u in ops.ids) + "])"
    channels = env["helpdesk.ticket.channel"].search([])
    channel_array = "(ARRAY[" + ",".join(str(c) for c in channels.ids) + "])"
    stages = stage_ids(env)
    stage_case = " ".join(
        f"WHEN c.state = '{state}' THEN {stage.id}" for state, stage in stages.items()
    )
    state_case = (
        "(CASE WHEN age < 7 THEN {recent} WHEN age < 45 THEN {month} ELSE {old} END)"
    ).format(
        **{
            key: generate.pick("r_state", [(generate.quote(s), w) for s, w in spread])
            for key, spread in generate.STATE_SPREAD.items()
        }
    )
    base = common.reserve_ids(cr, "helpdesk_ticket", n)
    cr.execute("SELECT setseed(0.42)")
    cr.execute(
        f"""
        CREATE TEMP TABLE t_ticket AS
        WITH g AS (
            SELECT i, random() AS r_cust, random() AS r_contact, random() AS r_state,
                   random() AS r_date, random() AS r_user, random() AS r_prio,
                   random() AS r_chan, random() AS r_d1, random() AS r_d3
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
        SELECT i, %(base)s + i AS id, b.cust_idx, cu.commercial_id,
               cu.contact_ids[1 + floor(r_contact * array_length(cu.contact_ids, 1))::int]
                 AS partner_id,
               {state_case} AS state,
               CASE WHEN r_user < 0.1 THEN NULL
                    ELSE {op_users}[1 + floor(r_user * {len(ops)})::int] END AS user_id,
               {op_users}[1 + floor(r_d3 * {len(ops)})::int] AS create_uid,
               {generate.pick("r_prio", [(generate.quote(v), w) for v, w in generate.PRIORITY_SPREAD])}
                 AS priority,
               {channel_array}[1 + floor(r_chan * {len(channels)})::int] AS channel_id,
               date_trunc('second', b.date_received) AS date_received, r_d1
          FROM b JOIN t_customer cu ON cu.idx = b.cust_idx
        """,
        {
            "n": n,
            "big": size["big_customer_claims"],
            "ncust": size["customers"],
            "base": base,
        },
    )
    cr.execute(
        f"""
        ALTER TABLE t_ticket ADD COLUMN stage_id int, ADD COLUMN closed_date timestamp;
        UPDATE t_ticket c SET stage_id = CASE {stage_case} END;
        UPDATE t_ticket SET closed_date = least(
                date_received + make_interval(secs => (1 + r_d1 * 25) * 86400),
                (now() at time zone 'utc') - interval '1 minute')
         WHERE state IN ('resolved', 'closed', 'cancelled');
        CREATE UNIQUE INDEX ON t_ticket (id);
        ANALYZE t_ticket;
        """
    )


def write_tickets(env, cr, ctx, watch):
    proto = ctx["proto_ticket"]
    with watch.step("tickets") as step:
        step["rows"] = common.clone_rows(
            cr,
            "helpdesk_ticket",
            proto.id,
            {
                "id": "t.id",
                "number": "'HT' || lpad((t.i + 1)::text, 7, '0')",
                "name": "'Goods do not match the order ' || t.i",
                "description": "'<p>Ticket ' || t.i || ': goods do not match the "
                "order.</p>'",
                "partner_id": "t.partner_id",
                "commercial_partner_id": "t.commercial_id",
                "partner_name": "p.name",
                "partner_email": "p.email",
                "company_id": str(ctx["company"].id),
                "stage_id": "t.stage_id",
                "unattended": "s.unattended",
                "user_id": "t.user_id",
                "assigned_date": "CASE WHEN t.user_id IS NOT NULL "
                "THEN t.date_received END",
                "priority": "t.priority",
                "channel_id": "t.channel_id",
                "closed_date": "t.closed_date",
                "last_stage_update": "coalesce(t.closed_date, t.date_received)",
                "access_token": "NULL",
                "create_uid": "t.create_uid",
                "write_uid": "t.create_uid",
                "create_date": "t.date_received",
                "write_date": "coalesce(t.closed_date, t.date_received)",
            },
            """t_ticket t JOIN res_partner p ON p.id = t.partner_id
                JOIN helpdesk_ticket_stage s ON s.id = t.stage_id""",
        )
    cr.execute(
        """
        SELECT f.partner_id, array_agg(r.mail_message_subtype_id)
          FROM mail_followers f
          LEFT JOIN mail_followers_mail_message_subtype_rel r
            ON r.mail_followers_id = f.id
         WHERE f.res_model = 'helpdesk.ticket' AND f.res_id = %s
         GROUP BY f.partner_id
        """,
        [proto.id],
    )
    subtypes = {row[0]: [s for s in row[1] if s] for row in cr.fetchall()}
    creator_subtypes = subtypes.get(proto.create_uid.partner_id.id, [])
    followers_partner = proto.partner_id.id in subtypes
    with watch.step("followers") as step:
        cr.execute(
            f"""
            INSERT INTO mail_followers (res_model, res_id, partner_id)
            SELECT DISTINCT 'helpdesk.ticket', t.id, f.partner_id
              FROM t_ticket t
              JOIN res_users cu ON cu.id = t.create_uid
              LEFT JOIN res_users ru ON ru.id = t.user_id
              CROSS JOIN LATERAL (VALUES (cu.partner_id), (ru.partner_id)
                  {", (t.partner_id)" if followers_partner else ""}) f(partner_id)
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
              FROM mail_followers f, unnest(%s::int[]) s(subtype_id)
             WHERE f.res_model = 'helpdesk.ticket' AND f.res_id > %s
            """,
            [creator_subtypes, proto.id],
        )
        step["rows"] = cr.rowcount


def verify(env, sample_size=200, seed=7):
    """Recompute the stored computed fields of a sample through the ORM."""
    fnames = ["commercial_partner_id", "unattended", "user_id", "stage_id"]
    model = env["helpdesk.ticket"]
    fnames = [f for f in fnames if model._fields[f].compute and model._fields[f].store]
    cr = env.cr
    cr.execute("SELECT id FROM helpdesk_ticket ORDER BY id")
    ids = [row[0] for row in cr.fetchall()]
    ids = random.Random(seed).sample(ids, min(sample_size, len(ids)))
    before = generate._snapshot(cr, "helpdesk_ticket", ids, fnames)
    cr.execute("SAVEPOINT bench_verify")
    try:
        records = model.browse(ids)
        for fname in fnames:
            env.add_to_compute(model._fields[fname], records)
        env.flush_all()
        after = generate._snapshot(cr, "helpdesk_ticket", ids, fnames)
    finally:
        cr.execute("ROLLBACK TO SAVEPOINT bench_verify")
        env.invalidate_all()
    return [
        f"ticket {rec_id} {fname}: sql={old!r} orm={new!r}"
        for rec_id, values in before.items()
        for fname, old, new in zip(fnames, values, after[rec_id], strict=True)
        if not generate._same(old, new)
    ]


def generate_peer(registry, tickets, check=True):
    size = generate.sizes(tickets)
    print(
        f"Generating {tickets:,} helpdesk tickets for {size['customers']:,} customers "
        f"(peer); the big customer owns {size['big_customer_claims']:,} tickets",
        flush=True,
    )
    watch = common.Stopwatch()
    with common.environment(registry) as env:
        cr = env.cr
        ctx = setup(env)
        generate.generate_customers(cr, ctx, size, watch)
        plan_tickets(env, cr, ctx, size)
        write_tickets(env, cr, ctx, watch)
        cr.execute(
            "SELECT id FROM ir_sequence WHERE code = 'helpdesk.ticket.sequence' "
            "AND implementation = 'standard'"
        )
        for (seq_id,) in cr.fetchall():
            cr.execute(
                SQL("SELECT setval(%s, %s)", f"ir_sequence_{seq_id:03d}", tickets + 10)
            )
        cr.execute("SELECT commercial_id FROM t_customer WHERE idx = 0")
        big_customer = cr.fetchone()[0]
        env["helpdesk.ticket"].browse(ctx["proto_ticket"].id).unlink()
        (ctx["proto_contact"] | ctx["proto_consumer"] | ctx["proto_company"]).write(
            {"active": False}
        )
        env.flush_all()
        cr.execute(
            "INSERT INTO ir_config_parameter (key, value) VALUES "
            "('claim_bench.big_customer_id', %s), ('claim_bench.claims', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [str(big_customer), str(tickets)],
        )
        cr.commit()
        common.vacuum_analyze(cr.dbname)
        rows, elapsed = watch.total()
        print(
            f"Loaded {rows:,} rows in {elapsed:.0f} s ({rows / elapsed:,.0f} rows/s); "
            f"database size {common.database_size(cr)}",
            flush=True,
        )
        if check:
            mismatches = verify(env)
            print(f"Verified a sample of tickets: {len(mismatches)} differences")
            for mismatch in mismatches[:20]:
                print("  " + mismatch)
            if mismatches:
                raise SystemExit(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--no-verify", action="store_true")
    args = parser.parse_args()
    registry = common.open_registry(args.config, args.database)
    generate_peer(registry, args.tickets, check=not args.no_verify)


if __name__ == "__main__":
    main()
