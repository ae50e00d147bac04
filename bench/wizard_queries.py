"""Queries and time of the "New claim" wizard on invoices of 10, 100 and 200 lines.

Usage (against a database with claim_management installed, e.g. the one of
`make test` or `make run`; everything it creates is rolled back):

    python3 bench/wizard_queries.py -c .local/odoo-claims_test.conf -d claims_test

Prints, per invoice size, the queries and milliseconds to open the wizard and
to create the claim from every line. A query count that does not grow with the
number of lines is the goal (no query per line).
"""

import argparse
import time

import odoo
from odoo import Command, api, fields
from odoo.modules.registry import Registry
from odoo.tools import config

SIZES = (10, 100, 200)


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
    invoice.invoice_date = fields.Date.today()
    invoice.action_post()
    return invoice


def measure(env, call):
    env.flush_all()
    env.invalidate_all()
    before = env.cr.sql_log_count
    start = time.perf_counter()
    result = call()
    env.flush_all()
    elapsed = (time.perf_counter() - start) * 1000
    return result, env.cr.sql_log_count - before, elapsed


def run(env):
    if not env.company.chart_template:
        env["account.chart.template"].try_loading("generic_coa", company=env.company)
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    partner = env["res.partner"].create({"name": "Bench Customer", "is_company": True})
    claim_type = env.ref("claim_management.type_quantity")
    print(
        f"{'lines':>6} {'open: queries':>14} {'open: ms':>9} {'create: queries':>16} {'create: ms':>11}"
    )
    for size in SIZES:
        products = env["product.product"].create(
            [
                {
                    "name": f"Bench product {size}-{i}",
                    "type": "consu",
                    "is_storable": True,
                }
                for i in range(size)
            ]
        )
        for product in products:
            env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, 10
            )
        invoice = build_invoice(env, partner, products)
        wizard_model = env["claim.create.wizard"]
        action, open_queries, open_ms = measure(
            env, lambda inv=invoice: inv.action_open_claim_wizard()
        )
        wizard = wizard_model.browse(action["res_id"])
        wizard.claim_type_id = claim_type
        wizard.line_ids.write({"quantity": 1.0})
        _result, create_queries, create_ms = measure(env, wizard.action_create_claim)
        print(
            f"{size:>6} {open_queries:>14} {open_ms:>9.0f} {create_queries:>16} {create_ms:>11.0f}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    args = parser.parse_args()
    config.parse_config(["-c", args.config, "-d", args.database])
    odoo.tools.config["log_level"] = "warn"
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            run(env)
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
