from odoo.tests import HttpCase, tagged

from .common import (
    SELLING_OPERATOR_GROUPS,
    confirmed_sale,
    deliver_in_full,
    load_chart_of_accounts,
    post_invoice,
    role_user,
)


@tagged("post_install", "-at_install")
class TestClaimIntakeUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chart_of_accounts(cls.env)
        cls.operator = role_user(
            cls.env,
            "tour_claim_invoice_operator",
            SELLING_OPERATOR_GROUPS,
        )
        customer = cls.env["res.partner"].create(
            {"name": "Tour Tools Ltd", "is_company": True}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Tour Drill",
                "type": "consu",
                "is_storable": True,
                "list_price": 70.0,
            }
        )
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, warehouse.lot_stock_id, 10
        )
        order = confirmed_sale(cls.env, customer, [(cls.product, 4, 70)])
        deliver_in_full(order.picking_ids)
        cls.invoice = post_invoice(order)

    def test_operator_opens_claim_from_invoice(self):
        self.start_tour(
            f"/odoo/action-account.action_move_out_invoice_type/{self.invoice.id}",
            "claim_management_from_invoice_tour",
            login=self.operator.login,
        )
        claim = self.env["claim.claim"].search([("invoice_id", "=", self.invoice.id)])
        self.assertEqual(len(claim), 1)
        self.assertEqual(
            claim.claim_type_id, self.env.ref("claim_management.type_quality")
        )
        self.assertRecordValues(
            claim.line_ids,
            [{"product_id": self.product.id, "quantity": 1.0, "price_unit": 70.0}],
        )
        self.assertIn("drill stops", claim.description)
