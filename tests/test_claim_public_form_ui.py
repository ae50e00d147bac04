from odoo.tests import tagged
from odoo.tools import email_normalize

from .common_public import ClaimPublicCommon


@tagged("post_install", "-at_install")
class TestClaimPublicFormUi(ClaimPublicCommon):
    def test_consumer_files_confirms_and_follows_a_claim(self):
        consumer = self.env["res.partner"].create(
            {"name": "Tomas Tour", "email": "tour.consumer@example.com"}
        )
        product = self.env["product.product"].create(
            {"name": "Tour Blender", "type": "consu", "list_price": 49.0}
        )
        invoice = self._delivered_invoice(consumer, product, 2, 49.0)

        self.start_tour(
            f"/claims/new?document_number={invoice.name}",
            "claim_management_public_form_tour",
            login=None,
        )
        self.env.invalidate_all()
        request = self.env["claim.request"].search([])
        self.assertEqual(request.email, email_normalize(consumer.email))
        self.assertFalse(request.claim_id)

        token = self._confirm_token("tour.consumer@example.com")
        self.start_tour(
            f"/claims/confirm/{token}",
            "claim_management_public_confirm_tour",
            login=None,
        )
        self.env.invalidate_all()
        claim = request.claim_id
        self.assertTrue(claim)
        self.assertRecordValues(
            claim,
            [
                {
                    "channel": "public",
                    "partner_id": consumer.id,
                    "invoice_id": invoice.id,
                }
            ],
        )
        self.assertRecordValues(
            claim.line_ids, [{"product_id": product.id, "quantity": 1.0}]
        )


@tagged("post_install", "-at_install")
class TestClaimPublicFormLanguages(ClaimPublicCommon):
    """A Polish and a Czech visitor file a claim on the public form in their
    language (the language in the address, as Odoo's language selector and
    links give it), and the confirmation e-mail follows."""

    def _document(self):
        consumer = self.env["res.partner"].create(
            {"name": "Lang Consumer", "email": "lang.consumer@example.com"}
        )
        product = self.env["product.product"].create(
            {"name": "Lang Kettle", "type": "consu", "list_price": 29.0}
        )
        return self._delivered_invoice(consumer, product, 1, 29.0)

    def test_public_form_in_polish_and_czech(self):
        invoice = self._document()
        cases = {
            "pl_PL": ("pl", "prosimy potwierdzić reklamację"),
            "cs_CZ": ("cs", "potvrďte prosím svou reklamaci"),
        }
        for code, (short, subject) in cases.items():
            with self.subTest(lang=code):
                self.env["res.lang"]._activate_lang(code)
                self.env["ir.module.module"]._load_module_terms(
                    ["claim_management"], [code], overwrite=True
                )
                url_code = self.env["res.lang"]._get_data(code=code).url_code
                self.env["claim.request"].search([]).unlink()
                self.start_tour(
                    f"/{url_code}/claims/new?document_number={invoice.name}",
                    f"claim_management_public_form_{short}_tour",
                    login=None,
                )
                self.env.invalidate_all()
                request = self.env["claim.request"].search([])
                self.assertEqual(request.lang, code)
                mail = self.env["mail.mail"].search(
                    [("email_to", "ilike", "lang.consumer@example.com")],
                    order="id desc",
                    limit=1,
                )
                self.assertIn(subject, mail.subject)
