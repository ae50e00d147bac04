"""Helpers shared by the benchmark scripts: open a database, clone rows in SQL,
time calls, report sizes."""

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from http.cookiejar import CookieJar

import odoo
from odoo import api
from odoo.fields import Command
from odoo.modules.registry import Registry
from odoo.tools import SQL, config


def open_registry(config_file, database):
    config.parse_config(["-c", config_file, "-d", database])
    config["log_level"] = "warn"
    odoo.netsvc.init_logger()
    return Registry(database)


def vacuum(database, tables):
    """VACUUM ANALYZE the tables the cases read, as autovacuum would have done
    on a live database: the visibility map lets index-only scans skip the
    heap (earlier runs create and delete claims)."""
    connection = odoo.sql_db.db_connect(database)
    with connection.cursor() as cr:
        cr._cnx.autocommit = True
        for table in tables:
            cr.execute(SQL("VACUUM (ANALYZE) %s", SQL.identifier(table)))


def big_customer_portal_user(env, login, name):
    """The portal user (password = login) of a contact of the customer that
    owns the most claims or tickets (``claim_bench.big_customer_id``), created
    once. Returns (user, the customer)."""
    customer = env["res.partner"].browse(
        int(env["ir.config_parameter"].get_param("claim_bench.big_customer_id"))
    )
    user = env["res.users"].search([("login", "=", login)])
    if not user:
        user = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": name,
                    "login": login,
                    "password": login,
                    "partner_id": (customer.child_ids[:1] or customer).id,
                    "group_ids": [Command.set([env.ref("base.group_portal").id])],
                }
            )
        )
    return user, customer


def http_session(url, database, login):
    """A URL opener logged in on the Odoo server at ``url`` (password = login)."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(CookieJar())
    )
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "params": {"db": database, "login": login, "password": login},
        }
    ).encode()
    opener.open(
        urllib.request.Request(
            url + "/web/session/authenticate",
            data=body,
            headers={"Content-Type": "application/json"},
        )
    ).read()
    return opener


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def odoo_server(
    config_file, database, workers=0, port=None, request_log=None, extra_args=()
):
    """An Odoo server on `database` (on `port`, else a free one) for the HTTP
    cases; yields its URL and stops it afterwards. With `request_log` (a
    path) its log, with every request's query count and times (werkzeug at
    INFO), is written there and kept. `extra_args` go to the command line."""
    port = port or free_port()
    if request_log:
        log = open(request_log, "w")  # closed when the server stops
    else:
        log = tempfile.NamedTemporaryFile(
            prefix="bench-odoo-", suffix=".log", delete=False
        )
    cmd = [
        sys.executable,
        "-m",
        "odoo",
        "server",
        "-c",
        config_file,
        "-d",
        database,
        f"--db-filter=^{database}$",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={free_port()}",
        f"--workers={workers}",
        "--max-cron-threads=0",
        "--limit-time-real=600",
        "--limit-time-cpu=600",
        "--log-level=warn",
        *(["--log-handler=werkzeug:INFO"] if request_log else []),
        *extra_args,
    ]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "/web/health", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(f"Odoo server stopped, see {log.name}") from None
                time.sleep(0.5)
        else:
            raise RuntimeError(f"Odoo server did not start, see {log.name}")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        if not request_log:
            os.unlink(log.name)


@contextmanager
def environment(registry, uid=odoo.SUPERUSER_ID, context=None):
    with registry.cursor() as cr:
        yield api.Environment(cr, uid, context or {})


def table_columns(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND table_schema = current_schema() "
        "ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cr.fetchall()]


def clone_rows(cr, table, proto_id, overrides, from_sql, params=()):
    """INSERT copies of row `proto_id` of `table`, one per row of `from_sql`.

    `overrides` maps column names to SQL expressions over the aliases of
    `from_sql`; every other column keeps the prototype's value (what the ORM
    wrote for it: defaults, constant computed fields). Returns the row count.
    """
    columns = table_columns(cr, table)
    unknown = set(overrides) - set(columns)
    if unknown:
        raise ValueError(f"{table} has no columns {sorted(unknown)}")
    select = ", ".join(overrides.get(c, f"proto.{c}") for c in columns)
    query = (
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"SELECT {select} FROM {table} proto, {from_sql} WHERE proto.id = %s"
    )
    # The foreign key checks of the new rows are planned once per session: on
    # a table the statistics call tiny (a fresh database) the plan is a
    # sequential scan, repeated for every inserted row. Force index plans.
    # (DISCARD PLANS drops the plans cached while the table was small.)
    cr.execute("SET enable_seqscan = off; DISCARD PLANS")
    try:
        cr.execute(query, (*params, proto_id))
        count = cr.rowcount
    finally:
        cr.execute("RESET enable_seqscan")
    return count


def reserve_ids(cr, table, count):
    """Reserve `count` ids of a table's sequence; returns the first one."""
    cr.execute(SQL("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", table))
    first = cr.fetchone()[0]
    cr.execute(
        SQL(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
            table,
            first + count,
        )
    )
    return first


def vacuum_analyze(database):
    """VACUUM ANALYZE after a bulk load (outside a transaction): sets the
    visibility map and hint bits, so that the first measurements do not pay
    for them and index-only scans are possible."""
    import psycopg2  # noqa: PLC0415

    from odoo.sql_db import connection_info_for  # noqa: PLC0415

    _db, info = connection_info_for(database)
    connection = psycopg2.connect(**info)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    finally:
        connection.close()


def database_size(cr):
    cr.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
    return cr.fetchone()[0]


class Stopwatch:
    """Rows per second of the steps of a generator."""

    def __init__(self):
        self.start = time.perf_counter()
        self.rows = 0

    @contextmanager
    def step(self, label):
        begin = time.perf_counter()
        result = {"rows": 0}
        yield result
        elapsed = time.perf_counter() - begin
        self.rows += result["rows"]
        rate = result["rows"] / elapsed if elapsed else 0
        print(
            f"  {label:<38} {result['rows']:>10,} rows {elapsed:>7.1f} s "
            f"{rate:>10,.0f} rows/s",
            flush=True,
        )

    def total(self):
        elapsed = time.perf_counter() - self.start
        return self.rows, elapsed


def median_ms(call, runs=7, warmup=1):
    """Median wall time in ms of `call()` (the server side of a request)."""
    for _ in range(warmup):
        call()
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        call()
        times.append((time.perf_counter() - begin) * 1000)
    return statistics.median(times)


def print_table(lines, record=None):
    """Print the Markdown table ``lines``; append it to the file ``record``
    when given (bench/RESULTS.md)."""
    table = "\n".join(lines)
    print(table)
    if record:
        with open(record, "a", encoding="utf-8") as out:
            out.write("\n" + table + "\n")
