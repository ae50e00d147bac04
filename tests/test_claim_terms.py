from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common_portal import ClaimPortalCommon
from .common_public import ClaimPublicCommon

TERMS_EN = "https://shop.example.com/claim-terms"
TERMS_PL = "https://shop.example.com/regulamin-reklamacji"


def _set_terms(company):
    company.env["res.lang"]._activate_lang("pl_PL")
    company.write({"claim_terms_url": TERMS_EN, "claim_terms_version": "2026-01"})
    company.with_context(lang="pl_PL").claim_terms_url = TERMS_PL


@tagged("post_install", "-at_install")
class TestClaimTermsPortal(ClaimPortalCommon):
    """The company's claim terms on the portal form, in the registration
    e-mail, and stored with the consents, per language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clause = cls.env["claim.consent.clause"].create(
            {
                "name": "Claim terms",
                "text": "I accept the claim terms.",
                "channel": "portal",
            }
        )
        cls.key_a = cls._source_key(cls.invoice, cls.product_a)
        cls.url = f"/my/claims/new/account.move/{cls.invoice.id}"

    def setUp(self):
        super().setUp()
        self.authenticate(self.portal_user.login, self.portal_user.login)

    def _form(self):
        return {
            "type_id": self.type_quality.id,
            "reason_id": self.reason_defective.id,
            "description": "Two chairs have a cracked seat.",
            f"qty_{self.key_a}": "2",
            "consent_ids": [self.clause.id],
        }

    def test_no_terms_no_link(self):
        page = self.url_open(self.url).text
        self.assertNotIn("o_claim_terms", page)

    def test_terms_linked_and_stored_with_the_consent(self):
        _set_terms(self.env.company)
        page = self.url_open(self.url).text
        self.assertIn("o_claim_terms", page)
        self.assertIn(f'href="{TERMS_EN}"', page)
        # a Polish customer accepts the Polish terms
        self.portal_user.partner_id.lang = "pl_PL"
        response = self._post(self.url, self._form())
        self.assertEqual(response.status_code, 303, response.text[-500:])
        self.env.invalidate_all()
        claim = self.Claim.search([("commercial_partner_id", "=", self.customer.id)])
        self.assertRecordValues(
            claim.consent_ids,
            [
                {
                    "clause_id": self.clause.id,
                    "terms_url": TERMS_PL,
                    "terms_version": "2026-01",
                }
            ],
        )
        # the registration e-mail links the terms in the customer's language
        registration = claim.message_ids.filtered(
            lambda m: "claim terms" in (m.body or "")
        )
        self.assertEqual(len(registration), 1)
        self.assertIn(TERMS_PL, registration.body)
        # a later version does not change what was accepted
        self.env.company.claim_terms_version = "2026-07"
        self.assertEqual(claim.consent_ids.terms_version, "2026-01")

    def test_terms_link_must_be_a_web_address(self):
        for url in ("javascript:alert(1)", "ftp://example.com/terms"):
            with self.subTest(url=url), self.assertRaises(ValidationError):
                self.env.company.claim_terms_url = url
        self.env.company.claim_terms_url = "/claim-terms"
        self.assertEqual(self.env.company.claim_terms_url, "/claim-terms")

    def test_only_settings_managers_change_the_terms(self):
        operator = self._new_user(
            "claim_terms_operator", "claim_management.group_claim_operator"
        )
        with self.assertRaises(AccessError):
            self.env.company.with_user(operator).claim_terms_version = "forged"


@tagged("post_install", "-at_install")
class TestClaimTermsPublic(ClaimPublicCommon):
    def test_public_form_links_the_terms(self):
        _set_terms(self.company)
        response = self._lookup(self.invoice.name, "jana.novakova@example.com")
        self.assertEqual(response.status_code, 200)
        self.assertIn(f'href="{TERMS_EN}"', response.text)
        self.company.claim_terms_url = False
        response = self._lookup(self.invoice.name, "jana.novakova@example.com")
        self.assertNotIn("o_claim_terms", response.text)
