from odoo import Command
from odoo.tests import Form

from .common import ClaimCommon, load_chart_of_accounts, post_invoice


class ClaimDocumentCommon(ClaimCommon):
    """Real sales orders, deliveries and posted invoices to claim from."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chart_of_accounts(cls.env)
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.product_lot = cls.env["product.product"].create(
            {
                "name": "Drill (lot tracked)",
                "type": "consu",
                "is_storable": True,
                "tracking": "lot",
                "list_price": 80.0,
                "standard_price": 35.0,
                "claim_warranty_months": 36,
            }
        )
        cls.product_a.standard_price = 60.0
        # claims operators usually sell too: they open the wizard on documents
        cls.operator = cls._new_user(
            "claim_doc_operator",
            "claim_management.group_claim_operator,sales_team.group_sale_salesman_all_leads",
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other Customer Ltd", "is_company": True}
        )

    @classmethod
    def _stock(cls, product, quantity, lot=None):
        cls.env["stock.quant"]._update_available_quantity(
            product, cls.stock_location, quantity, lot_id=lot
        )

    @classmethod
    def _sale(cls, lines, partner=None, currency=None):
        """Confirm a sales order. `lines`: (product, qty, price[, discount])."""
        values = {
            "partner_id": (partner or cls.customer).id,
            "order_line": [
                Command.create(
                    {
                        "product_id": line[0].id,
                        "product_uom_qty": line[1],
                        "price_unit": line[2],
                        "discount": line[3] if len(line) > 3 else 0.0,
                    }
                )
                for line in lines
            ],
        }
        if currency:
            pricelist = cls.env["product.pricelist"].create(
                {"name": f"Pricelist {currency.name}", "currency_id": currency.id}
            )
            values["pricelist_id"] = pricelist.id
        order = cls.env["sale.order"].create(values)
        order.action_confirm()
        return order

    @classmethod
    def _deliver(cls, picking, quantities=None, lots=None):
        """Validate a delivery. `quantities`: {product: qty}; `lots`: {product: [(lot, qty)]}."""
        quantities = quantities or {}
        lots = lots or {}
        for move in picking.move_ids:
            if move.product_id in lots:
                move.move_line_ids.unlink()
                for lot, qty in lots[move.product_id]:
                    cls.env["stock.move.line"].create(
                        {
                            "move_id": move.id,
                            "picking_id": picking.id,
                            "product_id": move.product_id.id,
                            "lot_id": lot.id,
                            "quantity": qty,
                            "location_id": move.location_id.id,
                            "location_dest_id": move.location_dest_id.id,
                        }
                    )
            else:
                move.quantity = quantities.get(move.product_id, move.product_uom_qty)
            move.picked = True
        result = picking.button_validate()
        if (
            isinstance(result, dict)
            and result.get("res_model") == "stock.backorder.confirmation"
        ):
            Form(
                cls.env["stock.backorder.confirmation"].with_context(
                    **result["context"]
                )
            ).save().process_cancel_backorder()
        return picking

    @classmethod
    def _invoice(cls, order):
        return post_invoice(order)

    @classmethod
    def _return(cls, picking, quantities):
        wizard = Form(
            cls.env["stock.return.picking"].with_context(
                active_id=picking.id, active_model="stock.picking"
            )
        ).save()
        for line in wizard.product_return_moves:
            line.quantity = quantities.get(line.product_id, 0.0)
        action = wizard.action_create_returns()
        return_picking = cls.env["stock.picking"].browse(action["res_id"])
        cls._deliver(return_picking, quantities)
        return return_picking

    def _open_wizard(self, document, user=None):
        action = document.with_user(user or self.operator).action_open_claim_wizard()
        return (
            self.env["claim.create.wizard"]
            .with_user(user or self.operator)
            .browse(action["res_id"])
        )

    def _wizard_line(self, wizard, product, lot=None):
        return wizard.line_ids.filtered(
            lambda line: line.product_id == product and (not lot or line.lot_id == lot)
        )
