from odoo import Command, fields
from odoo.tests import new_test_user

from .common_documents import ClaimDocumentCommon


class ClaimVendorCommon(ClaimDocumentCommon):
    """Goods bought from a vendor (purchase order, receipt with lots, posted
    vendor bill), sold to a customer and claimed back by that customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Drills Wholesale s.r.o.", "is_company": True}
        )
        cls.vendor_2 = cls.env["res.partner"].create(
            {"name": "Chairs Factory Sp. z o.o.", "is_company": True}
        )
        cls.env["product.supplierinfo"].create(
            [
                {
                    "partner_id": cls.vendor.id,
                    "product_tmpl_id": cls.product_lot.product_tmpl_id.id,
                    "price": 31.0,
                    "warranty_months": 24,
                },
                {
                    "partner_id": cls.vendor_2.id,
                    "product_tmpl_id": cls.product_a.product_tmpl_id.id,
                    "price": 55.0,
                    "warranty_months": 12,
                },
            ]
        )
        cls.purchaser = new_test_user(
            cls.env,
            login="claim_purchaser",
            groups="base.group_user,purchase.group_purchase_user",
        )
        cls.purchase_operator = new_test_user(
            cls.env,
            login="claim_purchase_operator",
            groups="base.group_user,purchase.group_purchase_user,"
            "claim_management.group_claim_operator",
        )
        cls.accountant = new_test_user(
            cls.env,
            login="claim_vendor_accountant",
            groups="base.group_user,account.group_account_invoice",
        )
        cls.lot_v1, cls.lot_v2 = cls.env["stock.lot"].create(
            [
                {"name": "VD-001", "product_id": cls.product_lot.id},
                {"name": "VD-002", "product_id": cls.product_lot.id},
            ]
        )
        cls.order_po = cls._purchase(cls.vendor, [(cls.product_lot, 5, 30.0)])
        cls.receipt = cls._receive(
            cls.order_po, lots={cls.product_lot: [(cls.lot_v1, 3), (cls.lot_v2, 2)]}
        )
        cls.bill = cls._bill(cls.order_po)
        cls._stock(cls.product_a, 20)
        cls.order = cls._sale([(cls.product_lot, 3, 80.0), (cls.product_a, 2, 100.0)])
        cls.delivery = cls._deliver(
            cls.order.picking_ids, lots={cls.product_lot: [(cls.lot_v1, 3)]}
        )
        cls.invoice = cls._invoice(cls.order)

    @classmethod
    def _purchase(cls, vendor, lines):
        order = cls.env["purchase.order"].create(
            {
                "partner_id": vendor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_qty": qty,
                            "price_unit": price,
                        }
                    )
                    for product, qty, price in lines
                ],
            }
        )
        order.button_confirm()
        return order

    @classmethod
    def _receive(cls, order, lots=None):
        picking = order.picking_ids
        return cls._deliver(picking, lots=lots)

    @classmethod
    def _bill(cls, order):
        order.action_create_invoice()
        bill = order.invoice_ids
        bill.invoice_date = fields.Date.today()
        bill.action_post()
        return bill

    def _customer_claim(self, quantities, decision="accepted"):
        """A decided claim of the invoice. `quantities`: {(product, lot): qty}"""
        wizard = self._open_wizard(self.invoice)
        wizard.claim_type_id = self.type_quantity
        for line in wizard.line_ids:
            line.quantity = 0
        for (product, lot), quantity in quantities.items():
            self._wizard_line(wizard, product, lot).quantity = quantity
        claim = self.env["claim.claim"].browse(wizard.action_create_claim()["res_id"])
        claim.description = "<p>Broken.</p>"
        claim.action_start()
        claim.line_ids.write({"decision": decision})
        claim.action_decide()
        return claim

    def _vendor_claims_from(self, claims, user=None, quantities=None):
        user = user or self.purchase_operator
        action = claims.with_user(user).action_open_vendor_claim_wizard()
        wizard = (
            self.env["claim.vendor.claim.wizard"]
            .with_user(user)
            .browse(action["res_id"])
        )
        for line in wizard.line_ids:
            if quantities and line.product_id in quantities:
                line.quantity = quantities[line.product_id]
        action = wizard.action_create()
        return (
            self.env["claim.vendor.claim"]
            .with_user(user)
            .search(action.get("domain") or [("id", "=", action.get("res_id"))])
        )

    def _validate(self, pickings):
        for picking in pickings:
            for move in picking.move_ids:
                if not move.move_line_ids:
                    move.quantity = move.product_uom_qty
                move.picked = True
            picking.button_validate()
        return pickings
