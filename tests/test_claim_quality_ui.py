"""The 8D report in the browser, as a user holding only the claims operator
group: from claimed products to a printed 8D report."""

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestClaimQualityUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # no styles for wkhtmltopdf (see test_claim_reports.py)
        cls.env["ir.config_parameter"].sudo().set_param(
            "report.url", "http://127.0.0.1:9"
        )
        cls.operator = new_test_user(
            cls.env,
            login="tour_claim_8d_operator",
            name="Quinn Quality",
            groups="claim_management.group_claim_operator",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Grinder Buyer Ltd", "is_company": True}
        )
        cls.grinder = cls.env["product.product"].create(
            {"name": "Tour Grinder", "type": "consu", "list_price": 90.0}
        )
        cls.cause = cls.env.ref("claim_management.root_cause_production_assembly")
        cls.claims = cls.env["claim.claim"]
        for quantity in (1.0, 2.0):
            claim = (
                cls.env["claim.claim"]
                .with_user(cls.operator)
                .create(
                    {
                        "partner_id": cls.customer.id,
                        "description": "<p>The grinder stops after a minute.</p>",
                        "claim_type_id": cls.env.ref(
                            "claim_management.type_quality"
                        ).id,
                        "line_ids": [
                            Command.create(
                                {
                                    "product_id": cls.grinder.id,
                                    "quantity": quantity,
                                    "price_unit": 90.0,
                                    "root_cause_id": cls.cause.id,
                                }
                            )
                        ],
                    }
                )
            )
            claim.action_start()
            claim.action_accept_all()
            claim.action_decide()
            cls.claims |= claim

    def test_operator_from_claimed_products_to_8d_report(self):
        self.start_tour(
            "/odoo/claims-products",
            "claim_management_8d_tour",
            login=self.operator.login,
        )
        report = self.env["claim.quality.report"].search(
            [("claim_line_ids", "in", self.claims.line_ids.ids)]
        )
        self.assertEqual(len(report), 1)
        self.assertEqual(report.claim_line_ids, self.claims.line_ids)
        self.assertEqual(report.root_cause_id, self.cause)
        self.assertEqual(report.why_1, "The weld is too thin")
        self.assertIn("Grinders of the lot blocked", report.containment)
        self.assertEqual(report.corrective_activity_ids.summary, "Longer welding time")
        self.assertEqual(report.corrective_activity_ids.user_id, self.operator)
