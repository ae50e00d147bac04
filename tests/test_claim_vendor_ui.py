from odoo.tests import HttpCase, tagged

from .common import ClaimJson2Mixin, portal_user
from .common_vendor import ClaimVendorCommon


@tagged("post_install", "-at_install")
class TestClaimVendorUi(ClaimJson2Mixin, ClaimVendorCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor.name = "Tour Drill Vendor"
        cls.portal_user = portal_user(cls.env, "claim_vendor_portal", cls.customer)
        cls.env["ir.config_parameter"].sudo().set_param("portal.allow_api_keys", True)

    def test_purchase_user_claims_from_vendor_and_credits(self):
        claim = self._customer_claim({(self.product_lot, self.lot_v1): 1})
        self.start_tour(
            f"/odoo/action-claim_management.claim_claim_action/{claim.id}",
            "claim_management_vendor_tour",
            login=self.purchase_operator.login,
        )
        vendor_claim = self.env["claim.vendor.claim"].search(
            [("line_ids.claim_id", "=", claim.id)]
        )
        self.assertEqual(vendor_claim.state, "accepted")
        self.assertEqual(vendor_claim.refund_ids.move_type, "in_refund")
        self.assertEqual(vendor_claim.refund_ids.reversed_entry_id, self.bill)

    def test_json2_portal_never_sees_vendor_claims(self):
        claim = self._customer_claim({(self.product_lot, self.lot_v1): 1})
        vendor_claim = self._vendor_claims_from(claim)
        for model, method, body in (
            ("claim.vendor.claim", "search_read", {"domain": [], "fields": ["name"]}),
            (
                "claim.vendor.claim",
                "read",
                {"ids": vendor_claim.ids, "fields": ["amount_recovered"]},
            ),
            (
                "claim.vendor.claim.line",
                "search_read",
                {"domain": [], "fields": ["amount_customer_cost"]},
            ),
            (
                "claim.claim",
                "read",
                {"ids": claim.ids, "fields": ["vendor_claim_count"]},
            ),
        ):
            with self.subTest(model=model, body=body):
                response = self._json2(self.portal_user, model, method, body)
                self.assertEqual(response.status_code, 403, response.text)
                self.assertIn("AccessError", response.text)
        # the purchase user's own key reads it
        response = self._json2(
            self.purchaser,
            "claim.vendor.claim",
            "read",
            {"ids": vendor_claim.ids, "fields": ["amount_claimed"]},
        )
        self.assertEqual(response.status_code, 200, response.text)
