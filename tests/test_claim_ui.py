from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestClaimUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator = new_test_user(
            cls.env,
            login="tour_claim_operator",
            groups="base.group_user,claim_management.group_claim_operator",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tour Furniture Ltd", "is_company": True}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Tour Armchair", "type": "consu", "is_storable": True}
        )

    def test_operator_creates_claim_in_backend_form(self):
        self.start_tour(
            "/odoo/claims", "claim_management_backend_tour", login=self.operator.login
        )
        claim = self.env["claim.claim"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(claim), 1)
        self.assertEqual(claim.state, "in_progress")
        self.assertEqual(claim.channel, "backend")
        self.assertEqual(
            claim.claim_type_id, self.env.ref("claim_management.type_quantity")
        )
        self.assertRecordValues(
            claim.line_ids,
            [{"product_id": self.product.id, "quantity": 3.0, "price_unit": 40.0}],
        )
        self.assertEqual(claim.amount_claimed, 120.0)
        self.assertTrue(claim.name.startswith("CLM/"))
