"""Each role does its job in the browser, as a user holding only that role's
groups (issue: every role can do its whole job in the browser)."""

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestClaimRolesUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.company.chart_template:
            cls.env["account.chart.template"].try_loading(
                "generic_coa", company=cls.env.company, install_demo=False
            )
        # the Claims Operator role alone (it implies what it needs)
        cls.operator = new_test_user(
            cls.env,
            login="tour_claim_operator_only",
            groups="claim_management.group_claim_operator",
        )
        customer = cls.env["res.partner"].create(
            {"name": "Operator Day Ltd", "is_company": True}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Day Planer", "type": "consu", "list_price": 50.0}
        )
        order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": 4,
                            "price_unit": 50,
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
        cls.invoice = order._create_invoices()
        cls.invoice.invoice_date = fields.Date.today()
        cls.invoice.action_post()

    def test_operator_role_only_from_invoice_to_credit_note(self):
        groups = self.operator.all_group_ids
        self.assertFalse(groups & self.env.ref("account.group_account_invoice"))
        self.assertFalse(groups & self.env.ref("stock.group_stock_user"))
        self.assertFalse(groups & self.env.ref("sales_team.group_sale_salesman"))
        self.start_tour(
            "/odoo/action-claim_management.claim_action_claimable_invoices",
            "claim_management_operator_day_tour",
            login=self.operator.login,
        )
        claim = self.env["claim.claim"].search([("invoice_id", "=", self.invoice.id)])
        self.assertEqual(claim.state, "decided")
        self.assertEqual(claim.line_ids.decision, "partially_accepted")
        self.assertEqual(claim.line_ids.quantity_accepted, 2.0)
        credit_note = claim.credit_note_ids
        self.assertEqual(credit_note.state, "draft")
        self.assertEqual(credit_note.reversed_entry_id, self.invoice)
        self.assertEqual(credit_note.invoice_line_ids.quantity, 2.0)
        self.assertEqual(claim.create_uid, self.operator)
