"""The bulk intake of a chain's file in the browser, as a user holding only
the claims operator role."""

from odoo.tests import HttpCase, tagged

from .common import (
    confirmed_sale,
    deliver_in_full,
    load_chart_of_accounts,
    role_user,
)


@tagged("post_install", "-at_install")
class TestClaimBulkIntakeUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chart_of_accounts(cls.env)
        cls.operator = role_user(
            cls.env,
            "tour_claim_bulk_operator",
            "claim_management.group_claim_operator",
        )
        cls.chain = cls.env["res.partner"].create(
            {"name": "Tour Chain", "is_company": True}
        )
        cls.store = cls.env["res.partner"].create(
            {
                "name": "Store Tour",
                "ref": "S-TOUR",
                "parent_id": cls.chain.id,
                "type": "delivery",
            }
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Tour Chair",
                "type": "consu",
                "default_code": "TOUR-CHAIR",
                "list_price": 70.0,
            }
        )
        cls.order = confirmed_sale(
            cls.env,
            cls.chain,
            [(cls.product, 3, 70.0)],
            name="CHAIN-TOUR-SO",
            partner_shipping_id=cls.store.id,
        )
        deliver_in_full(cls.order.picking_ids)

    def test_operator_imports_a_chain_file(self):
        self.start_tour(
            "/odoo/action-claim_management.claim_claim_action",
            "claim_management_bulk_intake_tour",
            login=self.operator.login,
        )
        claim = self.env["claim.claim"].search([("client_ref", "=", "TOUR-1")])
        self.assertEqual(claim.store_id, self.store)
        self.assertEqual(claim.sale_order_id, self.order)
        self.assertEqual(claim.line_ids.quantity, 1.0)
        self.assertEqual(claim.channel, "import")
        self.assertFalse(
            self.env["claim.claim"].search([("client_ref", "=", "TOUR-2")])
        )
