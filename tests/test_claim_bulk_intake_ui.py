"""The bulk intake of a chain's file in the browser, as a user holding only
the claims operator role."""

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestClaimBulkIntakeUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.company.chart_template:
            cls.env["account.chart.template"].try_loading(
                "generic_coa", company=cls.env.company, install_demo=False
            )
        cls.operator = new_test_user(
            cls.env,
            login="tour_claim_bulk_operator",
            groups="claim_management.group_claim_operator",
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
        cls.order = cls.env["sale.order"].create(
            {
                "name": "CHAIN-TOUR-SO",
                "partner_id": cls.chain.id,
                "partner_shipping_id": cls.store.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": 3,
                            "price_unit": 70.0,
                        }
                    )
                ],
            }
        )
        cls.order.action_confirm()
        for move in cls.order.picking_ids.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        cls.order.picking_ids.button_validate()

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
