from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestClaimIntakeUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.company.chart_template:
            cls.env["account.chart.template"].try_loading(
                "generic_coa", company=cls.env.company, install_demo=False
            )
        cls.operator = new_test_user(
            cls.env,
            login="tour_claim_invoice_operator",
            groups="base.group_user,claim_management.group_claim_operator,"
            "sales_team.group_sale_salesman_all_leads,account.group_account_invoice",
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
        order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": 4,
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
        cls.invoice = order._create_invoices()
        cls.invoice.invoice_date = fields.Date.today()
        cls.invoice.action_post()

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
