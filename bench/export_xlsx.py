"""Time and peak memory of the XLSX (or CSV) export of many claims.

Usage (against a database with claim_management installed, e.g. the one of
`make test`; everything it creates is rolled back):

    python3 bench/export_xlsx.py -c .local/odoo-claims_test.conf -d claims_test \
        [--claims 100000] [--lines 2] [--format xlsx|csv] [--tracemalloc]

Creates one claim with `--lines` lines through the ORM, copies it `--claims`
times in SQL (one INSERT ... SELECT per table), then exports all of them as
the administrator (record rules apply) into a temporary file. Prints the time,
the file size and the peak memory: the process's peak RSS before and after
the export, and with --tracemalloc the peak of Python allocations during the
export (slower). Bounded memory means the growth does not depend on --claims.
"""

import argparse
import resource
import tempfile
import time
import tracemalloc

import odoo
from odoo import Command, api
from odoo.fields import Domain
from odoo.modules.registry import Registry
from odoo.tools import config

PREFIX = "BENCH-EXPORT/"


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def columns(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND table_schema = current_schema() "
        "AND column_name != 'id' ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cr.fetchall()]


def generate(env, count, line_count):
    """`count` claims with `line_count` lines each; returns their domain."""
    partner = env["res.partner"].create({"name": "Bench Export Customer"})
    products = env["product.product"].create(
        [{"name": f"Bench export product {i}", "type": "consu"} for i in range(3)]
    )
    proto = env["claim.claim"].create(
        {
            "name": f"{PREFIX}0",
            "partner_id": partner.id,
            "claim_type_id": env.ref("claim_management.type_quantity").id,
            "description": "<p>Bench claim</p>",
            "line_ids": [
                Command.create(
                    {
                        "product_id": products[i % 3].id,
                        "quantity": 1.0 + i,
                        "price_unit": 10.0,
                        "decision_note": "Bench note",
                    }
                )
                for i in range(line_count)
            ],
        }
    )
    env.flush_all()
    cr = env.cr
    claim_columns = columns(cr, "claim_claim")
    select = ", ".join(
        "%s || g" if c == "name" else f"proto.{c}" for c in claim_columns
    )
    cr.execute(
        f"INSERT INTO claim_claim ({', '.join(claim_columns)}) "
        f"SELECT {select} FROM claim_claim proto, generate_series(1, %s) g "
        "WHERE proto.id = %s",
        [PREFIX, count - 1, proto.id],
    )
    line_columns = columns(cr, "claim_line")
    select = ", ".join(
        "claim.id" if c == "claim_id" else f"proto.{c}" for c in line_columns
    )
    cr.execute(
        f"INSERT INTO claim_line ({', '.join(line_columns)}) "
        f"SELECT {select} FROM claim_line proto, claim_claim claim "
        "WHERE proto.claim_id = %s AND claim.name LIKE %s AND claim.id != %s",
        [proto.id, f"{PREFIX}%", proto.id],
    )
    cr.execute("ANALYZE claim_claim")
    cr.execute("ANALYZE claim_line")
    env.invalidate_all()
    return Domain("name", "=like", f"{PREFIX}%")


def run(env, args):
    start = time.perf_counter()
    domain = generate(env, args.claims, args.lines)
    print(
        f"generated {args.claims} claims x {args.lines} lines "
        f"in {time.perf_counter() - start:.1f} s"
    )
    admin_env = env(user=env.ref("base.user_admin").id)
    exporter = admin_env["claim.export"]
    rss_before = peak_rss_mb()
    if args.tracemalloc:
        tracemalloc.start()
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        written = exporter._write_export(domain, output, args.format)
        elapsed = time.perf_counter() - start
        size = output.seek(0, 2)
    print(f"exported {written} claims to {args.format} in {elapsed:.1f} s")
    print(f"file size: {size / 1024 / 1024:.1f} MB")
    print(
        f"peak RSS: {rss_before:.0f} MB before the export, {peak_rss_mb():.0f} MB after"
    )
    if args.tracemalloc:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"peak Python allocations during the export: {peak / 1024 / 1024:.1f} MB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=2, help="lines per claim")
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args()
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    odoo.netsvc.init_logger()
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            run(env, args)
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
