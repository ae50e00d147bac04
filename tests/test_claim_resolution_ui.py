from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestClaimResolutionUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.company.chart_template:
            cls.env["account.chart.template"].try_loading(
                "generic_coa", company=cls.env.company, install_demo=False
            )
        cls.operator = new_test_user(
            cls.env,
            login="tour_claim_resolution_operator",
            groups="base.group_user,claim_management.group_claim_operator,"
            "sales_team.group_sale_salesman_all_leads,account.group_account_invoice",
        )
        customer = cls.env["res.partner"].create(
            {"name": "Tour Resolution Ltd", "is_company": True}
        )
        product = cls.env["product.product"].create(
            {"name": "Tour Sander", "type": "consu", "list_price": 70.0}
        )
        order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": 2,
                            "price_unit": 70,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        for move in order.picking_ids.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        order.picking_ids.button_validate()
        invoice = order._create_invoices()
        invoice.invoice_date = fields.Date.today()
        invoice.action_post()
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
