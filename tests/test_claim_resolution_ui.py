from odoo import Command
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
class TestClaimResolutionUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chart_of_accounts(cls.env)
        cls.operator = role_user(
            cls.env,
            "tour_claim_resolution_operator",
            SELLING_OPERATOR_GROUPS,
        )
        customer = cls.env["res.partner"].create(
            {"name": "Tour Resolution Ltd", "is_company": True}
        )
        product = cls.env["product.product"].create(
            {"name": "Tour Sander", "type": "consu", "list_price": 70.0}
        )
        order = confirmed_sale(cls.env, customer, [(product, 2, 70)])
        deliver_in_full(order.picking_ids)
        invoice = post_invoice(order)
        cls.claim = cls.env["claim.claim"].create(
            {
                "partner_id": customer.id,
                "claim_type_id": cls.env.ref("claim_management.type_quantity").id,
                "description": "<p>One sander missing.</p>",
                "invoice_id": invoice.id,
                "line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": 1,
                            "price_unit": 70,
                            "invoice_line_id": invoice.invoice_line_ids.id,
                        }
                    )
                ],
            }
        )
        cls.claim.action_start()
        cls.claim.line_ids.decision = "accepted"
        cls.claim.action_decide()

    def test_operator_resolves_claim_with_credit_note(self):
        self.start_tour(
            f"/odoo/action-claim_management.claim_claim_action/{self.claim.id}",
            "claim_management_resolution_tour",
            login=self.operator.login,
        )
        self.assertEqual(self.claim.state, "resolved")
        self.assertEqual(self.claim.credit_note_ids.state, "posted")
