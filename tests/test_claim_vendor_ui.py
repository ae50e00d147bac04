import json
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common_vendor import ClaimVendorCommon


@tagged("post_install", "-at_install")
class TestClaimVendorUi(ClaimVendorCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor.name = "Tour Drill Vendor"
        cls.portal_user = new_test_user(
            cls.env,
            login="claim_vendor_portal",
            password="claim_vendor_portal",
            groups="base.group_portal",
        )
        cls.portal_user.partner_id.parent_id = cls.customer
        cls.env["ir.config_parameter"].sudo().set_param("portal.allow_api_keys", True)

    def _json2(self, user, model, method, body):
        # sudo: an API key for the test user; the key acts as that user
        key = (
            self.env["res.users.apikeys"]
            .with_user(user)
            .sudo()
            ._generate(None, "vendor test", fields.Datetime.now() + timedelta(days=1))
        )
        return self.url_open(
            f"/json/2/{model}/{method}",
            data=json.dumps(body),
            headers={
                "Authorization": f"bearer {key}",
                "Content-Type": "application/json",
            },
        )

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
