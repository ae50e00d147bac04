from odoo.tests import new_test_user

from .common_documents import ClaimDocumentCommon


class ClaimResolutionCommon(ClaimDocumentCommon):
    """A 3-line invoice (chair, lamp, drill with lots), delivered and posted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tax = cls.env["account.tax"].create(
            {"name": "VAT 20% (claims)", "amount": 20.0, "type_tax_use": "sale"}
        )
        (cls.product_a | cls.product_b | cls.product_lot).taxes_id = cls.tax
        cls.lot_1, cls.lot_2 = cls.env["stock.lot"].create(
            [
                {"name": "DR-001", "product_id": cls.product_lot.id},
                {"name": "DR-002", "product_id": cls.product_lot.id},
            ]
        )
        cls._stock(cls.product_a, 50)
        cls._stock(cls.product_lot, 2, cls.lot_1)
        cls._stock(cls.product_lot, 5, cls.lot_2)
        cls.order = cls._sale(
            [
                (cls.product_a, 5, 100.0),
                (cls.product_b, 3, 30.0),
                (cls.product_lot, 4, 80.0),
            ]
        )
        cls.delivery = cls._deliver(
            cls.order.picking_ids,
            lots={cls.product_lot: [(cls.lot_1, 2), (cls.lot_2, 2)]},
        )
        cls.invoice = cls._invoice(cls.order)
        cls.accountant = new_test_user(
            cls.env,
            login="claim_accountant",
            groups="base.group_user,account.group_account_invoice",
        )

    def _claim(self, quantities, invoice=None, decisions=None, decide=True):
        """A decided claim from the invoice. `quantities`: {(product, lot): qty};
        `decisions`: {product: accepted quantity} (default: all accepted);
        `decide` False: left in progress, the lines decided."""
        wizard = self._open_wizard(invoice or self.invoice)
        wizard.claim_type_id = self.type_quantity
        for (product, lot), quantity in quantities.items():
            self._wizard_line(wizard, product, lot).quantity = quantity
        claim = self.env["claim.claim"].browse(wizard.action_create_claim()["res_id"])
        claim.description = "<p>Broken on arrival.</p>"
        claim.action_start()
        decisions = decisions or {}
        for line in claim.line_ids:
            accepted = decisions.get(line.product_id)
            if accepted is None or accepted == line.quantity:
                line.decision = "accepted"
            elif accepted == 0:
                line.decision = "rejected"
            else:
                line.write(
                    {"decision": "partially_accepted", "quantity_accepted": accepted}
                )
        if decide:
            claim.action_decide()
        return claim

    def _line(self, claim, product, lot=None):
        return claim.line_ids.filtered(
            lambda line: line.product_id == product and (not lot or line.lot_id == lot)
        )
