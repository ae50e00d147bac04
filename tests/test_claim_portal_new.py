from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common_portal import PDF, PNG, ClaimPortalCommon


@tagged("post_install", "-at_install")
class TestClaimPortalNew(ClaimPortalCommon):
    """New claims from the portal: from a real invoice and a real delivery,
    and every refusal, with nothing created."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clause = cls.env["claim.consent.clause"].create(
            {
                "name": "Data processing",
                "text": "I agree that my data is processed to handle the claim.",
                "channel": "portal",
            }
        )
        cls.public_clause = cls.env["claim.consent.clause"].create(
            {"name": "Public only", "text": "Public form terms.", "channel": "public"}
        )
        cls.dispatcher = cls._new_user(
            "claim_portal_dispatcher", "claim_management.group_claim_operator"
        )
        cls.env.company.claim_dispatcher_ids = cls.dispatcher
        cls.key_a = cls._source_key(cls.invoice, cls.product_a)
        cls.url = f"/my/claims/new/account.move/{cls.invoice.id}"

    def setUp(self):
        super().setUp()
        self.authenticate(self.portal_user.login, self.portal_user.login)

    def _form(self, **values):
        data = {
            "type_id": self.type_quality.id,
            "reason_id": self.reason_defective.id,
            "description": "Two chairs have a cracked seat.",
            f"qty_{self.key_a}": "2",
            "consent_ids": [self.clause.id],
        }
        data.update(values)
        return {key: value for key, value in data.items() if value is not None}

    def _error(self, response):
        start = response.text.find("o_claim_portal_error")
        return response.text[start : start + 300] if start >= 0 else response.text[:300]

    def _claims(self):
        return self.Claim.search([("commercial_partner_id", "=", self.customer.id)])

    def _refused(self, message, data=None, files=None, url=None):
        before = self._claims()
        attachments = self.env["ir.attachment"].search_count([])
        response = self._post(url or self.url, data or self._form(), files=files)
        self.assertEqual(response.status_code, 400, response.text[-500:])
        self.assertIn(message, response.text)
        self.assertEqual(self._claims(), before)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)
        return response

    def test_document_list(self):
        page = self.url_open("/my/claims/new").text
        self.assertIn(self.invoice.name, page)
        self.assertIn(self.url, page)
        self.assertNotIn(self.other_invoice.name, page)
        page = self.url_open("/my/claims/new?filterby=delivery").text
        self.assertIn(self.delivery.name, page)
        self.assertIn(f"/my/claims/new/stock.picking/{self.delivery.id}", page)
        self.assertNotIn(self.other_delivery.name, page)
        page = self.url_open(f"/my/claims/new?search={self.invoice.name}").text
        self.assertIn(self.invoice.name, page)
        page = self.url_open("/my/claims/new?search=NOPE-42").text
        self.assertIn("No invoice found", page)

    def test_invoice_page_offers_new_claim(self):
        page = self.url_open(f"/my/invoices/{self.invoice.id}").text
        self.assertIn(f'href="{self.url}"', page)
        self.assertIn("o_claim_portal_from_invoice", page)

    def test_form_shows_claimable_lines(self):
        page = self.url_open(self.url).text
        self.assertIn("Office Chair", page)
        self.assertIn("Desk Lamp", page)
        self.assertIn(f'name="qty_{self.key_a}"', page)
        self.assertIn('max="5.0"', page)
        self.assertIn(self.clause.text, page)
        self.assertNotIn(self.public_clause.text, page)
        self.assertNotIn("Read it", page)
        self.clause.url = "https://example.com/privacy"
        page = self.url_open(self.url).text
        self.assertIn('href="https://example.com/privacy"', page)
        with self.assertRaises(ValidationError):
            self.clause.url = "javascript:alert(1)"
        self.assertIn('accept=".gif,.jpeg,.jpg,.pdf,.png,.webp"', page)

    def test_new_claim_from_invoice(self):
        response = self._post(
            self.url,
            self._form(),
            files=[
                ("attachments", ("seat.png", PNG, "image/png")),
                ("attachments", ("delivery-note.pdf", PDF, "application/pdf")),
            ],
        )
        self.assertEqual(response.status_code, 303, self._error(response))
        claim = self._claims()
        self.assertEqual(len(claim), 1)
        self.assertIn(
            f"/my/claims/{claim.id}?success=created", response.headers["Location"]
        )
        self.assertRecordValues(
            claim,
            [
                {
                    "channel": "portal",
                    "partner_id": self.portal_user.partner_id.id,
                    "invoice_id": self.invoice.id,
                    "claim_type_id": self.type_quality.id,
                    "reason_id": self.reason_defective.id,
                }
            ],
        )
        self.assertRecordValues(
            claim.line_ids,
            [{"product_id": self.product_a.id, "quantity": 2.0, "price_unit": 100.0}],
        )
        self.assertIn("cracked seat", claim.description)
        self.assertRecordValues(
            claim.consent_ids,
            [
                {
                    "clause_id": self.clause.id,
                    "text": self.clause.text,
                    "partner_id": self.portal_user.partner_id.id,
                    "email": "paula@acme.example.com",
                }
            ],
        )
        self.assertTrue(claim.consent_ids.date_accepted)
        self.assertTrue(claim.consent_ids.ip_address)
        files = claim._customer_visible_attachments()
        self.assertLessEqual(
            {"seat.png", "delivery-note.pdf"}, set(files.mapped("name"))
        )
        self.assertEqual(files.filtered(lambda f: f.name == "seat.png").raw, PNG)
        self.assertEqual(set(files.mapped("res_model")), {"claim.claim"})
        notified = self.env["mail.message"].search(
            [
                ("model", "=", "claim.claim"),
                ("res_id", "=", claim.id),
                ("partner_ids", "in", self.dispatcher.partner_id.ids),
            ]
        )
        self.assertTrue(notified, "the dispatchers are told of the new claim")
        page = self.url_open(response.headers["Location"]).text
        self.assertIn("your claim is registered", page)
        self.assertIn("seat.png", page)

    def test_new_claim_from_delivery(self):
        key_b = self._source_key(self.delivery, self.product_b)
        url = f"/my/claims/new/stock.picking/{self.delivery.id}"
        response = self._post(
            url, self._form(**{f"qty_{self.key_a}": None, f"qty_{key_b}": "3"})
        )
        self.assertEqual(response.status_code, 303, self._error(response))
        claim = self._claims()
        self.assertEqual(claim.picking_id, self.delivery)
        self.assertEqual(claim.channel, "portal")
        self.assertRecordValues(
            claim.line_ids,
            [
                {
                    "product_id": self.product_b.id,
                    "quantity": 3.0,
                    "move_id": self.delivery.move_ids.filtered(
                        lambda m: m.product_id == self.product_b
                    ).id,
                }
            ],
        )
        # the claimed quantity is no longer claimable
        self._refused(
            "between 0 and 0",
            self._form(**{f"qty_{self.key_a}": None, f"qty_{key_b}": "1"}),
            url=url,
        )

    def test_refuse_quantity_over_claimable(self):
        response = self._refused(
            "between 0 and 5", self._form(**{f"qty_{self.key_a}": "6"})
        )
        # what the customer entered is kept
        self.assertIn("Two chairs have a cracked seat.", response.text)
        self.assertIn('value="6"', response.text)
        self._refused("between 0 and 5", self._form(**{f"qty_{self.key_a}": "-1"}))
        self._refused("enter a number", self._form(**{f"qty_{self.key_a}": "two"}))
        self._refused("at least one line", self._form(**{f"qty_{self.key_a}": "0"}))

    def test_refuse_other_customers_documents(self):
        for url in (
            f"/my/claims/new/account.move/{self.other_invoice.id}",
            f"/my/claims/new/stock.picking/{self.other_delivery.id}",
            f"/my/claims/new/sale.order/{self.order.id}",
            f"/my/claims/new/res.partner/{self.customer.id}",
            f"/my/claims/new/account.move/{self.invoice.id + 100000}",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn(self.other_invoice.name, response.text)
            before = self._claims()
            response = self._post(url, self._form())
            self.assertEqual(response.status_code, 404, url)
            self.assertEqual(self._claims(), before)

    def test_refuse_documents_of_other_companies(self):
        """A delivery of another company to the same customer: the portal
        user does not belong to that company and would not see the claim."""
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_2.id)], limit=1
        )
        picking = (
            self.env["stock.picking"]
            .with_company(self.company_2)
            .create(
                {
                    "picking_type_id": warehouse.out_type_id.id,
                    "partner_id": self.customer.id,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": self.product_b.id,
                                "product_uom_qty": 1,
                                "location_id": warehouse.lot_stock_id.id,
                                "location_dest_id": self.env.ref(
                                    "stock.stock_location_customers"
                                ).id,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        self._deliver(picking)
        self.assertEqual(picking.state, "done")
        page = self.url_open("/my/claims/new?filterby=delivery").text
        self.assertIn(self.delivery.name, page)
        self.assertNotIn(f"/my/claims/new/stock.picking/{picking.id}", page)
        url = f"/my/claims/new/stock.picking/{picking.id}"
        self.assertEqual(self.url_open(url).status_code, 404)

    def test_refuse_line_of_another_document(self):
        other_key = self._source_key(self.other_invoice, self.product_a)
        self._refused(
            "not part of",
            self._form(**{f"qty_{self.key_a}": None, f"qty_{other_key}": "1"}),
        )
        self._refused("not part of", self._form(**{"qty_i999999": "1"}))

    def test_refuse_missing_consent(self):
        self._refused("Please accept", self._form(consent_ids=None))
        self._refused(
            "Unknown consent clause",
            self._form(consent_ids=[self.clause.id, self.public_clause.id]),
        )

    def test_refuse_files(self):
        self.env.company.claim_upload_max_mb = 1
        big = PNG + b"0" * (1024 * 1024)
        self._refused(
            "too large",
            files=[("attachments", ("big.png", big, "image/png"))],
        )
        self._refused(
            "not accepted",
            files=[
                ("attachments", ("run.exe", b"MZ\x90\x00", "application/octet-stream"))
            ],
        )
        self._refused(
            "does not match",
            files=[
                ("attachments", ("fake.pdf", b"<script>x</script>", "application/pdf"))
            ],
        )

    def test_refuse_html_and_bad_choices(self):
        response = self._refused(
            "plain text", self._form(description="<script>alert(1)</script>")
        )
        self.assertNotIn("<script>alert(1)</script>", response.text)
        self._refused("Choose the type", self._form(type_id="999999"))
        self._refused("Choose the type", self._form(type_id="abc"))
        hidden_type = self.type_warranty.copy({"portal_published": False})
        self._refused("Choose the type", self._form(type_id=hidden_type.id))

    def test_refuse_malformed_input(self):
        """Values no browser sends: the form's error with the values kept,
        never a server error, nothing created."""
        for quantity in ("nan", "inf", "-inf", "1e309"):
            with self.subTest(quantity=quantity):
                response = self._refused(
                    "enter a number", self._form(**{f"qty_{self.key_a}": quantity})
                )
                self.assertIn("Two chairs have a cracked seat.", response.text)
        self._refused("Please accept", self._form(consent_ids=""))
        for consents in ("abc", "1.5", [str(self.clause.id), "x"]):
            with self.subTest(consent_ids=consents):
                self._refused(
                    "Unknown consent clause", self._form(consent_ids=consents)
                )
        response = self._refused(
            "invisible control characters",
            self._form(description="Two chairs\x00 have a cracked seat."),
        )
        self.assertIn("have a cracked seat.", response.text)

    def test_refuse_without_csrf(self):
        before = self._claims()
        response = self.url_open(self.url, data=self._form(), allow_redirects=False)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._claims(), before)

    def test_visitor_cannot_file(self):
        self.authenticate(None, None)
        response = self.url_open(self.url, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def test_customer_reference_from_the_form(self):
        response = self._post(self.url, self._form(customer_ref="  PO-ACME-778 "))
        self.assertEqual(response.status_code, 303, self._error(response))
        claim = self._claims()
        self.assertEqual(claim.customer_ref, "PO-ACME-778")
        listing = self.url_open("/my/claims?search_in=number&search=PO-ACME").text
        self.assertIn(claim.name, listing)
        self.assertIn("PO-ACME-778", listing)
        self.assertIn("PO-ACME-778", self.url_open(claim.access_url).text)
        self._refused("plain text", self._form(customer_ref="<b>x</b>"))
        self._refused("at most 64", self._form(customer_ref="x" * 65))
