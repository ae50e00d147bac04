from odoo.tests import tagged

from .common_portal import ClaimPortalCommon


@tagged("post_install", "-at_install")
class TestClaimPortalUi(ClaimPortalCommon):
    """The portal in headless Chromium: list, page and reply; a new claim from
    an invoice; accepting a resolved claim."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_a.name = "Portal Tour Chair"
        cls.env["claim.consent.clause"].create(
            {
                "name": "Tour terms",
                "text": "I accept the claim terms.",
                "channel": "all",
            }
        )

    def _tour(self, url, tour):
        self.start_tour(url, tour, login=self.portal_user.login)

    def test_list_page_reply(self):
        claim = self._portal_claim()
        self._tour("/my/claims", "claim_management_portal_reply_tour")
        message = claim.message_ids.filtered(
            lambda m: "seat cracked again" in (m.body or "")
        )
        self.assertEqual(message.author_id, self.portal_user.partner_id)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))

    def test_new_claim_from_invoice(self):
        self._tour("/my/claims", "claim_management_portal_new_claim_tour")
        claim = self.Claim.search([("invoice_id", "=", self.invoice.id)])
        self.assertEqual(len(claim), 1)
        self.assertEqual(claim.channel, "portal")
        self.assertEqual(claim.partner_id, self.portal_user.partner_id)
        self.assertRecordValues(
            claim.line_ids, [{"product_id": self.product_a.id, "quantity": 1.0}]
        )
        self.assertEqual(claim.consent_ids.text, "I accept the claim terms.")

    def test_accept_resolution(self):
        claim = self._resolved(self._portal_claim())
        self._tour(f"/my/claims/{claim.id}", "claim_management_portal_accept_tour")
        self.assertEqual(claim.state, "closed")
        self.assertTrue(claim.date_customer_accepted)
