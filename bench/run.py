"""Benchmarks of issues 9 and 22: our claims against the OCA peers
helpdesk_mgmt and rma.

    python3 bench/run.py -c .local/odoo-bench.conf --claims-db bench_claims \
        --peer-db bench_peer --rma-db bench_rma [--runs 7] \
        [--plans .local/bench/plans.txt]

The databases must have been loaded by generate.py, generate_peer.py and
generate_rma.py (an empty --peer-db or --rma-db leaves that peer out). Each
case runs the ORM call the web client makes (`web_search_read`,
`web_read_group`, `formatted_read_group` with the view's fields), as a real
operator (record rules apply), with the caches emptied before each run; the
figure is the median of --runs server-side runs. The raw-SQL column is the
median of the equivalent hand-written indexed query. The slowest SQL query of
each ORM call is run again under EXPLAIN ANALYZE; its plan is written to
--plans and summarised (index or sequential scan of the big table).

HTTP cases (JSON-2 with 2 workers, the peers' portals) start their own Odoo
server on a free port and stop it before the script ends. Nothing measured is
kept: ORM cases run read-only, the others are rolled back or deleted.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from lxml import etree

from odoo import api
from odoo.fields import Command
from odoo.tools import SQL

try:
    from . import common, quality
except ImportError:  # run as a script
    import common
    import quality

HERE = Path(__file__).resolve().parent
OPEN_CLAIMS = [("state", "in", ["new", "in_progress", "decided"])]
OPEN_TICKETS = [("stage_id.closed", "=", False)]
# the rma search view's filter "Unresolved RMAs"
RMA_OPEN_STATES = [
    "draft",
    "confirmed",
    "received",
    "waiting_return",
    "waiting_replacement",
]
OPEN_RMAS = [
    (
        "state",
        "not in",
        ["refunded", "returned", "replaced", "locked", "cancelled", "finished"],
    )
]
WEB_CONTEXT = {"lang": "en_US", "tz": "Europe/Warsaw", "bin_size": True}
API_BATCH = 25  # claims per call of api_submit_batch
GOALS = {
    "list": (30, 5),
    "search customer": (80, 4),
    "search product": (80, 4),
    "search number": (80, 4),
    "kanban": (250, 4),
    "group by stage": (300, None),
    "group by type+month": (300, None),
    "group by packer": (300, None),
    "portal /my/claims": (60, 5),
}


# ----------------------------------------------------------------------
# What the web client asks
# ----------------------------------------------------------------------


def view_spec(model, view_type):
    """The fields specification the web client sends for a view."""
    arch = model.get_views([(False, view_type)])["views"][view_type]["arch"]
    root = etree.fromstring(arch)
    spec = {}
    for node in root.iter("field"):
        # fields of embedded x2many views are not read by the parent view
        parent = node.getparent()
        inner = False
        while parent is not None and parent is not root:
            if parent.tag == "field":
                inner = True
                break
            parent = parent.getparent()
        name = node.get("name")
        if inner or name not in model._fields:
            continue
        field = model._fields[name]
        if field.type == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif field.type in ("many2many", "one2many"):
            sub = {"display_name": {}}
            if "color" in model.env[field.comodel_name]._fields:
                sub["color"] = {}
            spec[name] = {"fields": sub}
        else:
            spec[name] = {}
    return spec


class QueryLog:
    """Queries run by a call, with their time, to explain the slowest."""

    def __init__(self, cr):
        self.cr = cr
        self.queries = []

    @contextmanager
    def capture(self):
        original = self.cr.execute

        def execute(query, params=None, log_exceptions=True):
            begin = time.perf_counter()
            result = original(query, params, log_exceptions)
            elapsed = time.perf_counter() - begin
            if isinstance(query, SQL):
                text, args = query.code, query.params
            else:
                text, args = query, params
            self.queries.append((elapsed, text, args))
            return result

        self.cr.execute = execute
        try:
            yield self
        finally:
            del self.cr.execute

    def slowest(self):
        return max(self.queries, default=None, key=lambda q: q[0])


def explain(cr, query, params):
    cr.execute(
        SQL("EXPLAIN (ANALYZE, BUFFERS OFF) %s", SQL(query, *(params or ())))
        if not isinstance(params, dict)
        else "EXPLAIN (ANALYZE) " + query,
        params if isinstance(params, dict) else None,
    )
    return "\n".join(row[0] for row in cr.fetchall())


def plan_summary(plan, big_tables):
    seq = [t for t in big_tables if f"Seq Scan on {t}" in plan]
    index = "Index" in plan or "Bitmap" in plan
    if seq:
        return "SEQ SCAN on " + ", ".join(seq)
    return "index" if index else "no index (small tables only)"


# ----------------------------------------------------------------------
# Sides: our add-on and the peer
# ----------------------------------------------------------------------


class Side:
    def __init__(self, label, registry, model, big_tables):
        self.label = label
        self.registry = registry
        self.model_name = model
        self.big_tables = big_tables
        self.cr = registry.cursor()
        self.cr.execute("SET TRANSACTION READ ONLY")
        env = api.Environment(self.cr, 1, {})
        operator = env["res.users"].search(
            [("login", "=", "bench_operator_01")], limit=1
        )
        if not operator:
            raise SystemExit(f"{label}: no bench operator; run the generator first")
        context = dict(WEB_CONTEXT, allowed_company_ids=operator.company_ids.ids)
        self.env = api.Environment(self.cr, operator.id, context)
        self.model = self.env[model]
        self.company_ids = operator.company_ids.ids
        param = env["ir.config_parameter"].sudo()
        self.big_customer = int(param.get_param("claim_bench.big_customer_id", 0))
        self.size = int(param.get_param("claim_bench.claims", 0))

    def close(self):
        self.cr.rollback()
        self.cr.close()

    def measure(self, call, runs):
        def fresh():
            self.env.invalidate_all()
            return call()

        return common.median_ms(fresh, runs=runs)

    def explain_slowest(self, call):
        log = QueryLog(self.cr)
        self.env.invalidate_all()
        with log.capture():
            call()
        slowest = log.slowest()
        if not slowest:
            return "", "no query"
        _elapsed, query, params = slowest
        plan = explain(self.cr, query, params)
        return f"-- {query}\n-- params {params!r}\n{plan}", plan_summary(
            plan, self.big_tables
        )

    def sql_ms(self, query, params, runs):
        def run():
            self.cr.execute(query, params)
            self.cr.fetchall()

        return common.median_ms(run, runs=runs)


def claims_cases(side):
    model = side.model
    list_spec = view_spec(model, "list")
    kanban_spec = view_spec(model, "kanban")
    env = side.env
    cr = side.cr
    cr.execute(
        "SELECT p.name, pp.default_code, c.name FROM claim_claim c "
        "JOIN res_partner p ON p.id = c.commercial_partner_id "
        "JOIN product_product pp ON pp.id = c.product_id "
        "WHERE c.state IN ('new', 'in_progress', 'decided') "
        "ORDER BY c.id DESC LIMIT 1 OFFSET 7"
    )
    customer, product_code, number = cr.fetchone()
    companies = tuple(side.company_ids)
    # an API client syncing: the claims changed after the 1,000th latest change
    cr.execute(
        "SELECT write_date, id FROM claim_claim ORDER BY write_date DESC, id DESC "
        "LIMIT 1 OFFSET 1000"
    )
    since, since_id = cr.fetchone()
    cases = {
        "list": (
            lambda: model.web_search_read(
                OPEN_CLAIMS, list_spec, limit=80, count_limit=10001
            ),
            "SELECT id FROM claim_claim WHERE active IS TRUE AND state IN ('new', "
            "'in_progress', 'decided') AND company_id IN %s ORDER BY date_received "
            "DESC, id DESC LIMIT 80",
            (companies,),
        ),
        "search customer": (
            lambda: model.web_search_read(
                [*OPEN_CLAIMS, ("partner_id", "child_of", customer)],
                list_spec,
                limit=80,
                count_limit=10001,
            ),
            "SELECT c.id FROM claim_claim c WHERE c.commercial_partner_id IN "
            "(SELECT id FROM res_partner WHERE complete_name ILIKE %s) AND c.state IN "
            "('new', 'in_progress', 'decided') AND c.company_id IN %s "
            "ORDER BY c.date_received DESC, c.id DESC LIMIT 80",
            (f"%{customer}%", companies),
        ),
        "search product": (
            lambda: model.web_search_read(
                [*OPEN_CLAIMS, ("line_ids.product_id", "ilike", product_code)],
                list_spec,
                limit=80,
                count_limit=10001,
            ),
            "SELECT c.id FROM claim_claim c WHERE EXISTS (SELECT 1 FROM claim_line l "
            "WHERE l.claim_id = c.id AND l.product_id IN (SELECT id FROM "
            "product_product WHERE default_code ILIKE %s)) AND c.state IN "
            "('new', 'in_progress', 'decided') AND c.company_id IN %s "
            "ORDER BY c.date_received DESC, c.id DESC LIMIT 80",
            (f"%{product_code}%", companies),
        ),
        "search number": (
            lambda: model.web_search_read(
                [
                    *OPEN_CLAIMS,
                    "|",
                    ("name", "ilike", number),
                    ("source_document", "ilike", number),
                ],
                list_spec,
                limit=80,
                count_limit=10001,
            ),
            "SELECT id FROM claim_claim WHERE (name ILIKE %s OR source_document "
            "ILIKE %s) AND state IN ('new', 'in_progress', 'decided') AND "
            "company_id IN %s ORDER BY date_received DESC, id DESC LIMIT 80",
            (f"%{number}%", f"%{number}%", companies),
        ),
        "kanban": (
            lambda: model.web_read_group(
                OPEN_CLAIMS,
                ["stage_id"],
                ["__count"],
                auto_unfold=True,
                unfold_read_specification=kanban_spec,
                unfold_read_default_limit=40,
            ),
            # the counts per stage, then one indexed page of 40 cards per stage
            "WITH g AS (SELECT stage_id, count(*) AS n FROM claim_claim WHERE "
            "active IS TRUE AND state IN ('new', 'in_progress', 'decided') AND company_id "
            "IN %s GROUP BY stage_id) SELECT g.stage_id, g.n, ARRAY(SELECT c.id "
            "FROM claim_claim c WHERE c.stage_id = g.stage_id AND c.active IS TRUE AND "
            "c.state IN ('new', 'in_progress', 'decided') AND c.company_id IN %s "
            "ORDER BY c.date_received DESC, c.id DESC LIMIT 40) FROM g",
            (companies, companies),
        ),
        "group by stage": (
            lambda: model.formatted_read_group(
                [], ["stage_id"], ["__count", "amount_claimed:sum"]
            ),
            "SELECT stage_id, count(*), sum(amount_claimed) FROM claim_claim "
            "WHERE company_id IN %s AND active IS TRUE GROUP BY stage_id",
            (companies,),
        ),
        "group by type+month": (
            lambda: model.formatted_read_group(
                [],
                ["claim_type_id", "month_received:month"],
                ["__count", "amount_claimed:sum"],
            ),
            "SELECT claim_type_id, month_received, count(*), "
            "sum(amount_claimed) FROM claim_claim WHERE company_id IN %s AND active "
            "IS TRUE GROUP BY 1, 2",
            (companies,),
        ),
        "API changed since": (
            lambda: model.api_changed_since(
                since=since.strftime("%Y-%m-%d %H:%M:%S.%f"),
                after_id=since_id,
                limit=200,
            ),
            "SELECT id, name, state, write_date FROM claim_claim WHERE company_id "
            "IN %s AND (write_date, id) > (%s, %s) ORDER BY write_date, id LIMIT 200",
            (companies, since, since_id),
        ),
        "group by packer": (
            lambda: env["claim.line"].formatted_read_group(
                [("packer_id", "!=", False)], ["packer_id"], ["__count", "amount:sum"]
            ),
            "SELECT packer_id, count(*), sum(amount) FROM claim_line "
            "WHERE company_id IN %s AND packer_id IS NOT NULL GROUP BY packer_id",
            (companies,),
        ),
    }
    # the 8D report of bench/quality.py: its effectiveness check
    report_case = quality.bench_case(env)
    if report_case:
        cases["8D effectiveness"] = report_case
    return cases


def peer_cases(side):
    model = side.model
    list_spec = view_spec(model, "list")
    kanban_spec = view_spec(model, "kanban")
    cr = side.cr
    cr.execute(
        "SELECT p.name, t.number FROM helpdesk_ticket t "
        "JOIN res_partner p ON p.id = t.commercial_partner_id "
        "JOIN helpdesk_ticket_stage s ON s.id = t.stage_id "
        "WHERE NOT s.closed ORDER BY t.id DESC LIMIT 1 OFFSET 7"
    )
    customer, number = cr.fetchone()
    companies = tuple(side.company_ids)
    order = "t.priority DESC, t.sequence, t.number DESC, t.id DESC"
    open_sql = (
        "t.stage_id IN (SELECT id FROM helpdesk_ticket_stage WHERE NOT closed) "
        "AND (t.company_id IN %s OR t.company_id IS NULL)"
    )
    return {
        "list": (
            lambda: model.web_search_read(
                OPEN_TICKETS, list_spec, limit=80, count_limit=10001
            ),
            f"SELECT t.id FROM helpdesk_ticket t WHERE {open_sql} ORDER BY {order} "
            "LIMIT 80",
            (companies,),
        ),
        "search customer": (
            lambda: model.web_search_read(
                [*OPEN_TICKETS, ("partner_id", "ilike", customer)],
                list_spec,
                limit=80,
                count_limit=10001,
            ),
            "SELECT t.id FROM helpdesk_ticket t WHERE t.partner_id IN (SELECT id "
            f"FROM res_partner WHERE complete_name ILIKE %s) AND {open_sql} "
            f"ORDER BY {order} LIMIT 80",
            (f"%{customer}%", companies),
        ),
        "search number": (
            lambda: model.web_search_read(
                [
                    *OPEN_TICKETS,
                    "|",
                    ("number", "ilike", number),
                    ("name", "ilike", number),
                ],
                list_spec,
                limit=80,
                count_limit=10001,
            ),
            "SELECT t.id FROM helpdesk_ticket t WHERE (t.number ILIKE %s OR t.name "
            f"ILIKE %s) AND {open_sql} ORDER BY {order} LIMIT 80",
            (f"%{number}%", f"%{number}%", companies),
        ),
        "kanban": (
            lambda: model.web_read_group(
                OPEN_TICKETS,
                ["stage_id"],
                ["__count"],
                auto_unfold=True,
                unfold_read_specification=kanban_spec,
                unfold_read_default_limit=40,
            ),
            "WITH g AS (SELECT t.stage_id, count(*) AS n FROM helpdesk_ticket t "
            f"WHERE {open_sql} GROUP BY t.stage_id) SELECT g.stage_id, g.n, "
            "ARRAY(SELECT t.id FROM helpdesk_ticket t WHERE t.stage_id = g.stage_id "
            f"AND {open_sql} ORDER BY {order} LIMIT 40) FROM g",
            (companies, companies),
        ),
        "group by stage": (
            lambda: model.formatted_read_group([], ["stage_id"], ["__count"]),
            "SELECT stage_id, count(*) FROM helpdesk_ticket t WHERE "
            "(t.company_id IN %s OR t.company_id IS NULL) AND active GROUP BY stage_id",
            (companies,),
        ),
        "group by type+month": (
            lambda: model.formatted_read_group(
                [], ["channel_id", "create_date:month"], ["__count"]
            ),
            "SELECT channel_id, date_trunc('month', create_date), count(*) FROM "
            "helpdesk_ticket t WHERE (t.company_id IN %s OR t.company_id IS NULL) "
            "AND active GROUP BY 1, 2",
            (companies,),
        ),
    }


def rma_cases(side):
    """The same rows on the OCA add-on rma: one product per RMA, no stages
    (states), no kanban view of RMAs, no packer."""
    model = side.model
    list_spec = view_spec(model, "list")
    cr = side.cr
    cr.execute(
        "SELECT p.name, pp.default_code, r.name FROM rma r "
        "JOIN res_partner c ON c.id = r.partner_id "
        "JOIN res_partner p ON p.id = c.commercial_partner_id "
        "JOIN product_product pp ON pp.id = r.product_id "
        "WHERE r.state IN %s ORDER BY r.id DESC LIMIT 1 OFFSET 7",
        (tuple(RMA_OPEN_STATES),),
    )
    customer, product_code, number = cr.fetchone()
    companies = tuple(side.company_ids)
    order = "r.date DESC, r.priority"
    open_sql = "r.state IN %s AND (r.company_id IN %s OR r.company_id IS NULL)"
    open_params = (tuple(RMA_OPEN_STATES), companies)
    return {
        "list": (
            lambda: model.web_search_read(
                OPEN_RMAS, list_spec, limit=80, count_limit=10001
            ),
            f"SELECT r.id FROM rma r WHERE {open_sql} ORDER BY {order} LIMIT 80",
            open_params,
        ),
        "search customer": (
            lambda: model.web_search_read(
                [*OPEN_RMAS, ("partner_id", "ilike", customer)],
                list_spec,
                limit=80,
                count_limit=10001,
            ),
            "SELECT r.id FROM rma r WHERE r.partner_id IN (SELECT id FROM "
            f"res_partner WHERE complete_name ILIKE %s) AND {open_sql} "
            f"ORDER BY {order} LIMIT 80",
            (f"%{customer}%", *open_params),
        ),
        "search product": (
            lambda: model.web_search_read(
                [*OPEN_RMAS, ("product_id", "ilike", product_code)],
                list_spec,
                limit=80,
                count_limit=10001,
            ),
            "SELECT r.id FROM rma r WHERE r.product_id IN (SELECT id FROM "
            f"product_product WHERE default_code ILIKE %s) AND {open_sql} "
            f"ORDER BY {order} LIMIT 80",
            (f"%{product_code}%", *open_params),
        ),
        "search number": (
            lambda: model.web_search_read(
                [
                    *OPEN_RMAS,
                    "|",
                    ("name", "ilike", number),
                    ("origin", "ilike", number),
                ],
                list_spec,
                limit=80,
                count_limit=10001,
            ),
            "SELECT r.id FROM rma r WHERE (r.name ILIKE %s OR r.origin ILIKE %s) "
            f"AND {open_sql} ORDER BY {order} LIMIT 80",
            (f"%{number}%", f"%{number}%", *open_params),
        ),
        # rma has no kanban view of RMAs: its list grouped by status, every
        # group unfolded with 40 rows, is the board of open RMAs
        "kanban": (
            lambda: model.web_read_group(
                OPEN_RMAS,
                ["state"],
                ["__count"],
                auto_unfold=True,
                unfold_read_specification=list_spec,
                unfold_read_default_limit=40,
            ),
            "WITH g AS (SELECT r.state, count(*) AS n FROM rma r "
            f"WHERE {open_sql} GROUP BY r.state) SELECT g.state, g.n, "
            "ARRAY(SELECT r.id FROM rma r WHERE r.state = g.state "
            f"AND {open_sql} ORDER BY {order} LIMIT 40) FROM g",
            (*open_params, *open_params),
        ),
        "group by stage": (
            lambda: model.formatted_read_group(
                [], ["state"], ["__count", "product_uom_qty:sum"]
            ),
            "SELECT state, count(*), sum(product_uom_qty) FROM rma r WHERE "
            "(r.company_id IN %s OR r.company_id IS NULL) GROUP BY state",
            (companies,),
        ),
        "group by type+month": (
            lambda: model.formatted_read_group(
                [], ["operation_id", "date:month"], ["__count", "product_uom_qty:sum"]
            ),
            "SELECT operation_id, date_trunc('month', date), count(*), "
            "sum(product_uom_qty) FROM rma r WHERE (r.company_id IN %s OR "
            "r.company_id IS NULL) GROUP BY 1, 2",
            (companies,),
        ),
    }


# ----------------------------------------------------------------------
# Rows
# ----------------------------------------------------------------------


def ratio(ours, other):
    if ours is None or other is None or not ours:
        return None
    return other / ours


def fmt(value, unit=" ms"):
    return "n/a" if value is None else f"{value:,.1f}{unit}"


def verdict(case, ours, peers):
    """The goal of a row: its time, and its ratio to every peer measured
    (`peers`: {label: ms or None}; a ratio goal of issue 9 is checked against
    each peer with a figure)."""
    goal_ms, goal_ratio = GOALS.get(case, (None, None))
    if goal_ms is None or ours is None:
        return ""
    missed = []
    if ours > goal_ms:
        missed.append(f"> {goal_ms} ms")
    measured = {label: ms for label, ms in peers.items() if ms is not None}
    if goal_ratio:
        missed += [
            f"< {goal_ratio}x {label}"
            for label, ms in measured.items()
            if ms / ours < goal_ratio
        ]
        if not measured:
            return (
                "met (no peer figure)" if not missed else "MISSED " + ", ".join(missed)
            )
    return "met" if not missed else "MISSED " + ", ".join(missed)


# the peers' labels in the tables: helpdesk_mgmt keeps the key "peer" of the
# earlier runs (RESULTS.md, results-<size>.json)
PEER_LABELS = {"peer": "helpdesk", "rma": "rma"}


def run_orm_rows(ours, peers, runs, plans):
    """Every case on our side and on each peer's side that has it.
    `peers`: {"peer": Side or None, "rma": Side or None}."""
    ours_cases = claims_cases(ours)
    builders = {"peer": peer_cases, "rma": rma_cases}
    peer_rows = {
        key: builders[key](side) if side else {} for key, side in peers.items()
    }
    labels = [PEER_LABELS[key] for key in peers]
    header = (
        f"{'case':<20} {'ours':>10} "
        + " ".join(f"{label:>10}" for label in labels)
        + f" {'ours SQL':>10} "
        + " ".join(f"{label + ' SQL':>12}" for label in labels)
        + " "
        + " ".join(f"{label + '/ours':>13}" for label in labels)
        + f" {'ours/SQL':>9}  {'plan (ours)':<12} goal"
    )
    print(header)
    print("-" * len(header))
    rows = []
    for case, (call, sql, params) in ours_cases.items():
        ours_ms = ours.measure(call, runs)
        ours_sql = ours.sql_ms(sql, params, runs)
        text, summary = ours.explain_slowest(call)
        plans.write(f"\n===== ours: {case}\n{text}\n")
        row = {"case": case, "ours": ours_ms, "ours_sql": ours_sql}
        for key, side in peers.items():
            ms = sql_ms = None
            if case in peer_rows[key]:
                pcall, psql, pparams = peer_rows[key][case]
                ms = side.measure(pcall, runs)
                sql_ms = side.sql_ms(psql, pparams, runs)
                ptext, psummary = side.explain_slowest(pcall)
                plans.write(f"\n===== {PEER_LABELS[key]}: {case}\n{ptext}\n")
                row[f"{key}_plan"] = psummary
            row[key] = ms
            row[f"{key}_sql"] = sql_ms
            row[f"{key}/ours"] = ratio(ours_ms, ms)
        row["ours/sql"] = ratio(ours_sql, ours_ms)
        row["plan"] = summary
        row["goal"] = verdict(
            case, ours_ms, {PEER_LABELS[key]: row[key] for key in peers}
        )
        rows.append(row)
        print(
            f"{case:<20} {fmt(ours_ms):>10} "
            + " ".join(f"{fmt(row[key]):>10}" for key in peers)
            + f" {fmt(ours_sql):>10} "
            + " ".join(f"{fmt(row[key + '_sql']):>12}" for key in peers)
            + " "
            + " ".join(f"{fmt(row[key + '/ours'], 'x'):>13}" for key in peers)
            + f" {fmt(row['ours/sql'], 'x'):>9}  {summary:<12} {row['goal']}",
            flush=True,
        )
    return rows


def run_cron(registry, plans):
    """The daily deadline cron over all open claims, rolled back."""
    with common.environment(registry) as env:
        cr = env.cr
        cr.execute(
            "SELECT count(*) FROM claim_claim WHERE state IN "
            "('new', 'in_progress', 'decided')"
        )
        open_count = cr.fetchone()[0]
        log = QueryLog(cr)
        begin = time.perf_counter()
        with log.capture():
            env["claim.claim"]._cron_claim_deadlines()
            env.flush_all()
        elapsed = (time.perf_counter() - begin) * 1000
        searches = sorted(
            (q for q in log.queries if "claim_claim" in str(q[1])[:400]),
            key=lambda q: -q[0],
        )[:3]
        summaries = []
        for _t, query, params in searches:
            plan = explain(cr, query, params)
            plans.write(f"\n===== ours: cron\n-- {query}\n-- {params!r}\n{plan}\n")
            summaries.append(plan_summary(plan, ["claim_claim"]))
        cr.rollback()
    summary = ", ".join(sorted(set(summaries))) or "no claim query"
    print(
        f"{'deadline cron':<22} {fmt(elapsed):>10} over {open_count:,} open claims, "
        f"{len(log.queries):,} queries; slowest claim queries: {summary}",
        flush=True,
    )
    return {
        "case": "deadline cron",
        "ours": elapsed,
        "open": open_count,
        "plan": summary,
    }


def run_export(config_file, database, count):
    script = HERE / "export_xlsx.py"
    if not script.exists():
        print(f"{'XLSX export':<22} n/a (bench/export_xlsx.py absent)", flush=True)
        return {"case": "XLSX export", "text": "n/a"}
    begin = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            str(script),
            "-c",
            config_file,
            "-d",
            database,
            "--claims",
            str(count),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - begin
    lines = [
        line
        for line in proc.stdout.splitlines()
        if line.strip() and " INFO " not in line and " WARNING " not in line
    ]
    text = " | ".join(lines[-4:]) if proc.returncode == 0 else "failed"
    if proc.returncode:
        text += ": " + proc.stderr.strip().splitlines()[-1][:200]
    print(
        f"{'XLSX export':<22} {count:,} claims: {text} (script wall {wall:.0f} s)",
        flush=True,
    )
    return {"case": "XLSX export", "text": text, "count": count}


def build_invoice(env, partner, products):
    order = env["sale.order"].create(
        {
            "partner_id": partner.id,
            "order_line": [
                Command.create(
                    {"product_id": p.id, "product_uom_qty": 2, "price_unit": 10.0}
                )
                for p in products
            ],
        }
    )
    order.action_confirm()
    picking = order.picking_ids
    for move in picking.move_ids:
        move.quantity = move.product_uom_qty
        move.picked = True
    picking.button_validate()
    invoice = order._create_invoices()
    invoice.action_post()
    return invoice


def run_invoice_claim(registry, runs=3):
    """A claim from an invoice of 50 lines through the wizard, rolled back."""
    with common.environment(registry) as env:
        cr = env.cr
        if not env.company.chart_template:
            env["account.chart.template"].try_loading(
                "generic_coa", company=env.company
            )
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        partner = env["res.partner"].create({"name": "Bench Invoice Customer"})
        operator = env["res.users"].search([("login", "=", "bench_operator_01")])
        operator.group_ids = [
            Command.link(env.ref("sales_team.group_sale_salesman").id),
            Command.link(env.ref("account.group_account_invoice").id),
            Command.link(env.ref("stock.group_stock_user").id),
        ]
        times = []
        for run in range(runs):
            products = env["product.product"].create(
                [
                    {
                        "name": f"Bench invoice product {run}-{i}",
                        "type": "consu",
                        "is_storable": True,
                    }
                    for i in range(50)
                ]
            )
            for product in products:
                env["stock.quant"]._update_available_quantity(
                    product, warehouse.lot_stock_id, 10
                )
            invoice = build_invoice(env, partner, products)
            env.flush_all()
            env.invalidate_all()
            op_invoice = invoice.with_user(operator)
            begin = time.perf_counter()
            action = op_invoice.action_open_claim_wizard()
            wizard = (
                env["claim.create.wizard"].with_user(operator).browse(action["res_id"])
            )
            wizard.claim_type_id = env.ref("claim_management.type_quantity")
            wizard.line_ids.write({"quantity": 1.0})
            wizard.action_create_claim()
            env.flush_all()
            times.append((time.perf_counter() - begin) * 1000)
        cr.rollback()
    ms = sorted(times)[len(times) // 2]
    print(
        f"{'claim from invoice':<22} {fmt(ms):>10} per claim (50 lines, median of "
        f"{runs}, wizard opened and confirmed as an operator)",
        flush=True,
    )
    return {"case": "claim from invoice (50 lines)", "ours": ms}


# ----------------------------------------------------------------------
# HTTP: a real server with workers
# ----------------------------------------------------------------------


def run_json2(registry, config_file, database, count=1000, workers=2):
    """`count` claims created over JSON-2 by 2 clients against 2 workers."""
    with common.environment(registry) as env:
        operator = env["res.users"].search([("login", "=", "bench_operator_01")])
        key = (
            env["res.users.apikeys"]
            .with_user(operator)
            ._generate("rpc", "bench json2", datetime.now() + timedelta(days=1))
        )
        cr = env.cr
        cr.execute(
            "SELECT c.partner_id, l.product_id FROM claim_claim c "
            "JOIN claim_line l ON l.claim_id = c.id ORDER BY c.id LIMIT 200"
        )
        pairs = cr.fetchall()
        claim_type = env.ref("claim_management.type_quality").id
        cr.execute("SELECT coalesce(max(id), 0) FROM claim_claim")
        max_id = cr.fetchone()[0]
        cr.commit()
    payloads = [
        {
            "vals_list": [
                {
                    "partner_id": pairs[i % len(pairs)][0],
                    "claim_type_id": claim_type,
                    "channel": "api",
                    # the quality type requires a description from every channel
                    "description": "<p>The product broke after a week.</p>",
                    "line_ids": [
                        [0, 0, {"product_id": pairs[i % len(pairs)][1], "quantity": 1}]
                    ],
                }
            ]
        }
        for i in range(count)
    ]
    errors = []
    try:
        with common.odoo_server(config_file, database, workers) as url:
            endpoint = url + "/json/2/claim.claim/create"

            def post(body):
                request = urllib.request.Request(
                    endpoint,
                    data=json.dumps(body).encode(),
                    headers={
                        "Authorization": f"bearer {key}",
                        "Content-Type": "application/json",
                        "X-Odoo-Database": database,
                    },
                )
                with urllib.request.urlopen(request, timeout=120) as response:
                    response.read()

            post(payloads[0])  # warm the workers up
            post(payloads[1])
            chunks = [payloads[2 + i :: workers] for i in range(workers)]

            def client(chunk):
                for body in chunk:
                    try:
                        post(body)
                    except Exception as error:
                        errors.append(str(error))

            threads = [threading.Thread(target=client, args=(c,)) for c in chunks]
            begin = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - begin
    finally:
        with common.environment(registry) as env:
            created = env["claim.claim"].search([("id", ">", max_id)])
            created.unlink()
            env["res.users.apikeys"].search(
                [("name", "=", "bench json2")]
            ).sudo().unlink()
            env.cr.commit()
    done = count - 2 - len(errors)
    rate = done / elapsed if elapsed else 0
    print(
        f"{'JSON-2 create':<22} {rate:,.1f} claims/s ({done:,} claims, {workers} "
        f"workers, {workers} clients, {len(errors)} errors"
        + (f": {errors[0][:120]}" if errors else "")
        + "); created claims deleted afterwards",
        flush=True,
    )
    return {"case": "JSON-2 create", "rate": rate, "errors": len(errors)}


def _bench_api_invoices(env, clients, per_client, lines=5):
    """Posted invoices to file claims on over the API: ``per_client`` for each
    client, so that two clients never claim the same delivered goods (which
    would serialize them by design)."""
    if not env.company.chart_template:
        env["account.chart.template"].try_loading("generic_coa", company=env.company)
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    partner = env["res.partner"].create({"name": "Bench API Customer"})
    invoices = []
    for client in range(clients):
        mine = []
        for n in range(per_client):
            products = env["product.product"].create(
                [
                    {
                        "name": f"Bench API product {client}-{n}-{i}",
                        "default_code": f"BAPI-{client}-{n}-{i}",
                        "type": "consu",
                        "is_storable": True,
                    }
                    for i in range(lines)
                ]
            )
            for product in products:
                env["stock.quant"]._update_available_quantity(
                    product, warehouse.lot_stock_id, 1000
                )
            order = env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": p.id,
                                "product_uom_qty": 1000,
                                "price_unit": 10,
                            }
                        )
                        for p in products
                    ],
                }
            )
            order.action_confirm()
            for move in order.picking_ids.move_ids:
                move.quantity = move.product_uom_qty
                move.picked = True
            order.picking_ids.button_validate()
            invoice = order._create_invoices()
            invoice.action_post()
            mine.append((invoice.name, products.mapped("default_code")))
        invoices.append(mine)
    return partner, invoices


def run_json2_submit(registry, config_file, database, count=1000, workers=2, batch=0):
    """`count` claims filed with ``api_submit`` (from an invoice number, with
    a client reference; the registration e-mail queued) by 2 clients against
    2 workers, as an integration user of the "Claims: API" group; with
    ``batch``, ``batch`` claims per call of ``api_submit_batch``."""
    with common.environment(registry) as env:
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
        key = (
            env["res.users.apikeys"]
            .with_user(user)
            ._generate("rpc", "bench api_submit", datetime.now() + timedelta(days=1))
        )
        _partner, invoices = _bench_api_invoices(env, workers, 4)
        consents = env["claim.consent.clause"]._for_channel(env.company, "api").ids
        env.cr.execute("SELECT coalesce(max(id), 0) FROM claim_claim")
        max_id = env.cr.fetchone()[0]
        env.cr.commit()
    stamp = int(time.time())

    def payload(client, i):
        number, codes = invoices[client][i % len(invoices[client])]
        return {
            "document": number,
            "document_type": "invoice",
            "lines": [{"default_code": codes[(i // 4) % len(codes)], "quantity": 1}],
            "client_ref": f"bench-{stamp}-{client}-{i}",
            "description": "The product broke after a week.",
            "consent_ids": consents,
        }

    errors = []
    try:
        with common.odoo_server(config_file, database, workers) as url:
            method = "api_submit_batch" if batch else "api_submit"
            endpoint = f"{url}/json/2/claim.claim/{method}"

            def post(body):
                request = urllib.request.Request(
                    endpoint,
                    data=json.dumps(body).encode(),
                    headers={
                        "Authorization": f"bearer {key}",
                        "Content-Type": "application/json",
                        "X-Odoo-Database": database,
                    },
                )
                with urllib.request.urlopen(request, timeout=120) as response:
                    return json.loads(response.read())

            def call(client, first, size):
                if not batch:
                    return post(payload(client, first))
                results = post(
                    {"claims": [payload(client, first + k) for k in range(size)]}
                )
                errors.extend(r["error"] for r in results if "error" in r)
                return results

            for client in range(workers):  # warm the workers up
                call(client, 10_000, batch or 1)
            per_client = (count - workers * (batch or 1)) // workers
            if batch:
                per_client -= per_client % batch

            def client_run(client):
                for first in range(0, per_client, batch or 1):
                    try:
                        call(client, first, batch or 1)
                    except Exception as error:
                        errors.append(str(error))

            threads = [
                threading.Thread(target=client_run, args=(c,)) for c in range(workers)
            ]
            begin = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - begin
    finally:
        with common.environment(registry) as env:
            # claims with documents are never deleted through the ORM (they
            # are archived): the bench removes its own in SQL
            env.cr.execute(
                "SELECT count(*), count(DISTINCT client_ref) FROM claim_claim "
                "WHERE id > %s",
                [max_id],
            )
            stored, distinct_refs = env.cr.fetchone()
            env.cr.execute("DELETE FROM claim_claim WHERE id > %s", [max_id])
            env["res.users.apikeys"].search(
                [("name", "=", "bench api_submit")]
            ).sudo().unlink()
            env.cr.commit()
    done = per_client * workers - len(errors)
    rate = done / elapsed if elapsed else 0
    case = f"JSON-2 api_submit_batch ({batch})" if batch else "JSON-2 api_submit"
    print(
        f"{case:<22} {rate:,.1f} claims/s ({done:,} claims from 5-line "
        f"invoices, {workers} workers, {workers} clients, {len(errors)} errors, "
        f"{stored:,} stored, {distinct_refs:,} client references"
        + (f": {errors[0][:120]}" if errors else "")
        + "); created claims deleted afterwards",
        flush=True,
    )
    return {"case": case, "rate": rate, "errors": len(errors)}


def run_portal(registry, config_file, database, runs, model, path):
    """A portal page (``/my/claims``, the peers' ``/my/tickets`` and
    ``/my/rmas``) over HTTP for a portal contact of the big customer; returns
    (median ms, the customer's records, the records its portal user sees)."""
    login = "bench_portal"
    with common.environment(registry) as env:
        user, customer = common.big_customer_portal_user(env, login, "Bench Portal")
        env.cr.commit()
        count = env[model].search_count([("commercial_partner_id", "=", customer.id)])
        visible = env[model].with_user(user).search_count([])
    with common.odoo_server(config_file, database, 2) as url:
        opener = common.http_session(url, database, login)

        def page():
            with opener.open(url + path, timeout=60) as response:
                response.read()

        try:
            ms = common.median_ms(page, runs=runs, warmup=2)
        except urllib.error.HTTPError as error:
            print(f"{path}: {error}")
            return None
    return ms, count, visible


# ----------------------------------------------------------------------


class ProcessCpu(threading.Thread):
    """CPU time of the machine's processes every 2 s from /proc, summed per
    kind (``kind(pid, command)`` names one of ``kinds``), and the cores'
    busy and stolen ticks from /proc/stat at the start and the end."""

    def __init__(self, kinds):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.used = dict.fromkeys(kinds, 0.0)
        self.seconds = 0.0

    def kind(self, pid, command):
        raise NotImplementedError

    def snapshot(self):
        ticks = {}
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                    command = (
                        cmdline.read().replace(b"\0", b" ").decode(errors="replace")
                    )
            except OSError:
                continue
            # utime and stime: the 14th and 15th fields of the line
            ticks[pid] = (self.kind(pid, command), int(fields[11]) + int(fields[12]))
        return ticks

    @staticmethod
    def machine():
        """(busy, steal, total) ticks of all cores from /proc/stat."""
        with open("/proc/stat") as stat:
            ticks = [int(v) for v in stat.readline().split()[1:9]]
        idle = ticks[3] + ticks[4]
        return sum(ticks) - idle - ticks[7], ticks[7], sum(ticks)

    def run(self):
        hertz = os.sysconf("SC_CLK_TCK")
        self.start_ticks = self.machine()
        before, begin = self.snapshot(), time.monotonic()
        while not self.stop.wait(2):
            after, now = self.snapshot(), time.monotonic()
            for pid, (kind, ticks) in after.items():
                if pid in before:
                    self.used[kind] += (ticks - before[pid][1]) / hertz
            self.seconds += now - begin
            before, begin = after, now
        self.end_ticks = self.machine()


class MachineLoad(ProcessCpu):
    """What else the machine did during the run: every 2 s the CPU time of
    every process from /proc, split into this run (this script, the Odoo
    servers and export it starts, the PostgreSQL backends of its databases)
    and everything else (other people's test runs); the cores' busy and
    stolen shares from /proc/stat."""

    def __init__(self, databases):
        super().__init__(["run", "others"])
        self.databases = [db for db in databases if db]
        self.load_start = os.getloadavg()

    def kind(self, pid, command):
        return "run" if self.ours(pid, command) else "others"

    def ours(self, pid, command):
        if pid == str(os.getpid()) or "bench/" in command:
            return True
        if command.startswith("postgres"):
            return any(f" {db} " in command for db in self.databases)
        return "-m odoo" in command and any(
            f"-d {db} " in command + " " for db in self.databases
        )

    def summary(self):
        self.stop.set()
        self.join()
        end = self.end_ticks
        total = (end[2] - self.start_ticks[2]) or 1
        seconds = self.seconds or 1
        return (
            f"{os.cpu_count()} cores; load average {self.load_start[0]:.2f} at the "
            f"start, {os.getloadavg()[0]:.2f} at the end; /proc/stat: "
            f"{(end[0] - self.start_ticks[0]) / total:.0%} busy, "
            f"{(end[1] - self.start_ticks[1]) / total:.0%} stolen by the hypervisor; "
            f"cores in use on average: this run {self.used['run'] / seconds:.2f}, "
            f"other processes (other people's tests) {self.used['others'] / seconds:.2f}"
        )


def machine_description(cr):
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cr.execute(
        "SELECT name, current_setting(name) FROM pg_settings WHERE name IN "
        "('shared_buffers', 'work_mem', 'maintenance_work_mem', "
        "'effective_cache_size', 'random_page_cost', 'fsync', 'synchronous_commit', "
        "'full_page_writes', 'max_parallel_workers_per_gather', 'jit') ORDER BY name"
    )
    settings = ", ".join(f"{name}={value}" for name, value in cr.fetchall())
    cr.execute("SHOW server_version")
    version = cr.fetchone()[0]
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB RAM; PostgreSQL {version}: "
        f"{settings}"
    )


def portal_text(measured, noun):
    if not measured:
        return "n/a"
    text = f"{measured[0]:,.1f} ms ({measured[1]:,} {noun}"
    if len(measured) > 2 and measured[2] != measured[1]:
        text += f", {measured[2]:,} on the portal"
    return text + ")"


PORTALS = {
    "ours": ("/my/claims", "claims"),
    "peer": ("/my/tickets", "tickets"),
    "rma": ("/my/rmas", "RMAs"),
}


def record(path, results, machine, sizes_text, load_text=""):
    """Append this run to bench/RESULTS.md."""
    lines = [
        "",
        f"## Run of {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        f"- Machine: {machine}",
        f"- Data: {sizes_text}",
        *([f"- Load: {load_text}"] if load_text else []),
        "",
        "| case | ours | helpdesk | rma | ours SQL | helpdesk SQL | rma SQL | "
        "helpdesk/ours | rma/ours | ours/SQL | plan (ours) | goal |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in results["orm"]:
        lines.append(
            f"| {row['case']} | {fmt(row['ours'])} | {fmt(row.get('peer'))} | "
            f"{fmt(row.get('rma'))} | {fmt(row['ours_sql'])} | "
            f"{fmt(row.get('peer_sql'))} | {fmt(row.get('rma_sql'))} | "
            f"{fmt(row.get('peer/ours'), 'x')} | {fmt(row.get('rma/ours'), 'x')} | "
            f"{fmt(row['ours/sql'], 'x')} | {row['plan']} | {row['goal']} |"
        )
    portal = results.get("portal", {})
    ours_portal = portal.get("ours")
    ratios = [
        fmt(
            portal[key][0] / ours_portal[0]
            if ours_portal and portal.get(key)
            else None,
            "x",
        )
        for key in ("peer", "rma")
    ]
    portal_verdict = verdict(
        "portal /my/claims",
        ours_portal[0] if ours_portal else None,
        {
            PEER_LABELS[key]: portal[key][0] if portal.get(key) else None
            for key in ("peer", "rma")
        },
    )
    lines.append(
        "| portal /my/claims, /my/tickets, /my/rmas (HTTP) | "
        + " | ".join(
            portal_text(portal.get(key), PORTALS[key][1])
            for key in ("ours", "peer", "rma")
        )
        + f" | | | | {ratios[0]} | {ratios[1]} | | | {portal_verdict or 'n/a'} |"
    )
    cron = results.get("cron")
    if cron:
        lines.append(
            f"| deadline cron | {fmt(cron['ours'])} over {cron['open']:,} open "
            f"claims | | | | | | | | | {cron['plan']} | |"
        )
    export = results.get("export")
    if export:
        text = export["text"].replace(" | ", "; ")
        lines.append(f"| XLSX export | {text} | | | | | | | | | | |")
    invoice = results.get("invoice")
    if invoice:
        lines.append(
            f"| claim from invoice (50 lines) | {fmt(invoice['ours'])} "
            "| | | | | | | | | | |"
        )
    json2 = results.get("json2")
    if json2:
        lines.append(
            f"| 1,000 claims over JSON-2, 2 workers | {json2['rate']:,.1f} claims/s "
            f"({json2['errors']} errors) | | | | | | | | | | |"
        )
    submit = results.get("api_submit")
    if submit:
        lines.append(
            f"| 1,000 claims over JSON-2 `api_submit` from invoices, 2 workers | "
            f"{submit['rate']:,.1f} claims/s ({submit['errors']} errors) "
            "| | | | | | | | | | |"
        )
    batch = results.get("api_submit_batch")
    if batch:
        lines.append(
            f"| 1,000 claims over JSON-2 `api_submit_batch`, {API_BATCH} per call, "
            f"2 workers | {batch['rate']:,.1f} claims/s ({batch['errors']} errors) "
            "| | | | | | | | | | |"
        )
    with open(path, "a") as out:
        out.write("\n".join(lines) + "\n")


PEERS = {
    # key: (model, big tables, portal page)
    "peer": ("helpdesk.ticket", ["helpdesk_ticket", "res_partner"], "/my/tickets"),
    "rma": ("rma", ["rma", "res_partner", "mail_followers"], "/my/rmas"),
}


def open_peers(args):
    """{key: registry or None} of the peers' databases (vacuumed)."""
    registries = {}
    for key, database in (("peer", args.peer_db), ("rma", args.rma_db)):
        registries[key] = None
        if not database:
            continue
        try:
            registries[key] = common.open_registry(args.config, database)
            common.vacuum(database, PEERS[key][1])
        except Exception as error:
            print(f"{PEER_LABELS[key]} n/a: {error}")
    return registries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("--claims-db", default="bench_claims")
    parser.add_argument("--peer-db", default="bench_peer")
    parser.add_argument("--rma-db", default="bench_rma")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--plans", default=None)
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument(
        "--portal-only",
        action="store_true",
        help="measure only /my/claims and the peers' /my/tickets and /my/rmas",
    )
    parser.add_argument(
        "--compare-only",
        action="store_true",
        help="only the rows compared with the peers (ORM rows and portals): no "
        "cron, export, invoice or JSON-2 cases",
    )
    parser.add_argument(
        "--api-only",
        action="store_true",
        help="only the JSON-2 intake: api_submit, then api_submit_batch",
    )
    parser.add_argument("--json", default=None, help="write the rows as JSON here")
    parser.add_argument(
        "--record", default=None, help="append the run to this Markdown file"
    )
    args = parser.parse_args()
    if args.api_only:
        registry = common.open_registry(args.config, args.claims_db)
        run_json2_submit(registry, args.config, args.claims_db)
        run_json2_submit(registry, args.config, args.claims_db, batch=API_BATCH)
        return
    databases = {"ours": args.claims_db, "peer": args.peer_db, "rma": args.rma_db}
    load = MachineLoad(databases.values())
    load.start()
    registry = common.open_registry(args.config, args.claims_db)
    common.vacuum(args.claims_db, ["claim_claim", "claim_line", "res_partner"])
    registries = {"ours": registry, **open_peers(args)}
    models = {"ours": "claim.claim", **{key: PEERS[key][0] for key in PEERS}}
    paths = {"ours": "/my/claims", **{key: PEERS[key][2] for key in PEERS}}

    def portals():
        measured = {}
        for key, reg in registries.items():
            measured[key] = (
                run_portal(
                    reg, args.config, databases[key], args.runs, models[key], paths[key]
                )
                if reg
                else None
            )
        print(
            f"{'portal':<20} "
            + "; ".join(
                f"{label} {paths[key]}: "
                + portal_text(measured[key], PORTALS[key][1])
                .replace(" (", " for a customer with ")
                .rstrip(")")
                for key, label in (("ours", "ours"), *PEER_LABELS.items())
            ),
            flush=True,
        )
        return measured

    if args.portal_only:
        portals()
        print(f"Load: {load.summary()}")
        return
    plans_path = args.plans or tempfile.mktemp(prefix="bench-plans-", suffix=".txt")
    ours = Side(
        "ours", registry, "claim.claim", ["claim_claim", "claim_line", "res_partner"]
    )
    machine = machine_description(ours.cr)
    ours.cr.execute(
        "SELECT pg_size_pretty(pg_database_size(current_database())), "
        "(SELECT count(*) FROM claim_line), (SELECT count(*) FROM res_partner), "
        "(SELECT count(*) FROM product_product)"
    )
    db_size, line_count, partner_count, product_count = ours.cr.fetchone()
    peers = {
        key: Side(PEER_LABELS[key], registries[key], PEERS[key][0], PEERS[key][1])
        if registries[key]
        else None
        for key in PEERS
    }
    peer, rma = peers["peer"], peers["rma"]
    print(
        f"Claims database {args.claims_db}: {ours.size:,} claims; helpdesk_mgmt "
        f"{args.peer_db}: {peer.size if peer else 0:,} tickets; rma {args.rma_db}: "
        f"{rma.size if rma else 0:,} RMAs; median of {args.runs} runs, server time "
        "in ms",
        flush=True,
    )
    results = {
        "size": ours.size,
        "peer_size": peer.size if peer else None,
        "rma_size": rma.size if rma else None,
    }
    with open(plans_path, "w") as plans:
        results["orm"] = run_orm_rows(ours, peers, args.runs, plans)
        ours.close()
        for side in peers.values():
            if side:
                side.close()
        results["portal"] = (
            portals() if not args.skip_http else dict.fromkeys(registries)
        )
        load_text = load.summary()
        print(f"Load during these rows: {load_text}", flush=True)
        results["load"] = load_text
        if not args.compare_only:
            results["cron"] = run_cron(registry, plans)
    if not args.compare_only:
        results["export"] = run_export(
            args.config, args.claims_db, min(100_000, max(ours.size, 1000))
        )
        results["invoice"] = run_invoice_claim(registry)
    if not args.skip_http and not args.compare_only:
        results["json2"] = run_json2(registry, args.config, args.claims_db)
        results["api_submit"] = run_json2_submit(registry, args.config, args.claims_db)
        results["api_submit_batch"] = run_json2_submit(
            registry, args.config, args.claims_db, batch=API_BATCH
        )
    print(f"EXPLAIN ANALYZE plans: {plans_path}")
    if args.record:
        sizes_text = (
            f"{ours.size:,} claims, {line_count:,} lines, {partner_count:,} partners, "
            f"{product_count:,} products, database {db_size}; helpdesk_mgmt "
            + (f"{peer.size:,} tickets" if peer else "n/a")
            + "; rma "
            + (f"{rma.size:,} RMAs" if rma else "n/a")
        )
        record(args.record, results, machine, sizes_text, load_text)
        print(f"Recorded in {args.record}")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=1, default=str)


if __name__ == "__main__":
    main()
