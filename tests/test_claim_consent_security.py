from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ClaimCommon


@tagged("post_install", "-at_install")
class TestClaimConsentSecurity(ClaimCommon):
    """The consents of a claim (name, e-mail and network address of the
    person who ticked them) are as private as the claim."""

    def _consent(self, claim):
        return self.env["claim.consent"].create(
            {
                "claim_id": claim.id,
                "text": "I agree to the processing of my data for this claim.",
                "date_accepted": fields.Datetime.now(),
                "partner_id": self.customer_contact.id,
                "email": "customer@example.com",
                "ip_address": "203.0.113.5",
            }
        )

    def test_claims_user_reads_consents_of_own_and_followed_claims_only(self):
        own = self._consent(self._create_claim(user=self.claim_user))
        assigned = self._consent(self._create_claim(user_id=self.claim_user.id))
        followed_claim = self._create_claim()
        followed_claim.message_subscribe(partner_ids=self.claim_user.partner_id.ids)
        followed = self._consent(followed_claim)
        foreign = self._consent(self._create_claim(user=self.other_user))

        Consent = self.env["claim.consent"].with_user(self.claim_user)
        visible = Consent.search([])
        self.assertEqual(
            visible & (own | assigned | followed), own | assigned | followed
        )
        self.assertNotIn(foreign, visible)
        self.assertFalse(
            Consent.search(
                [("email", "=", "customer@example.com"), ("id", "=", foreign.id)]
            )
        )
        with self.assertRaises(AccessError):
            foreign.with_user(self.claim_user).read(
                ["partner_id", "email", "ip_address"]
            )
        self.assertEqual(
            own.with_user(self.claim_user).read(["ip_address"])[0]["ip_address"],
            "203.0.113.5",
        )
        # and the other user the other way round
        visible_other = self.env["claim.consent"].with_user(self.other_user).search([])
        self.assertIn(foreign, visible_other)
        self.assertNotIn(own, visible_other)

    def test_operator_reads_consents_of_every_claim_of_own_companies(self):
        mine = self._consent(self._create_claim(user=self.claim_user))
        other_company = self._consent(
            self._create_claim(user=self.operator_b, company_id=self.company_2.id)
        )
        visible = self.env["claim.consent"].with_user(self.operator).search([])
        self.assertIn(mine, visible)
        self.assertNotIn(other_company, visible)
        with self.assertRaises(AccessError):
            other_company.with_user(self.operator).read(["email"])
