import re
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common_public import PDF, PNG, ClaimPublicCommon

# The one answer to a search that found nothing (unknown or not matching).
NO_MATCH = "We found no order or invoice with this number and this e-mail"
ERROR_RE = re.compile(r'o_claim_public_error".*?<span>(.*?)</span>', re.S)


@tagged("post_install", "-at_install")
class TestClaimPublicForm(ClaimPublicCommon):
    def test_form_disabled_is_not_found(self):
        self.company.claim_public_form = False
        self.assertEqual(self.url_open("/claims/new").status_code, 404)
        self.assertEqual(self.url_open("/claims/new?free=1").status_code, 404)
        self.assertEqual(self.url_open("/claims/sent").status_code, 404)

    def test_invoice_number_and_email_to_claim(self):
        response = self._lookup(
            self.invoice.name.lower(), email="JANA.NOVAKOVA@example.com"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Coffee Grinder", response.text)
        self.assertIn(self.invoice.name, response.text)

        response = self._submit(
            self._claim_values(self.invoice), files=[("photo.png", PNG, "image/png")]
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/claims/sent"))
        self.assertIn("Check your mailbox", response.text)
        request = self._requests()
        self.assertRecordValues(
            request,
            [
                {
                    "state": "pending",
                    "email": "jana.novakova@example.com",
                    "phone": "+420 601 123 456",
                    "document_model": "account.move",
                    "document_id": self.invoice.id,
                    "attachment_count": 1,
                    "ip_address": "127.0.0.1",
                }
            ],
        )
        self.assertFalse(self.env["claim.claim"].search([("channel", "=", "public")]))

        token = self._confirm_token()
        # opening the link (mail link checkers do) confirms nothing
        response = self.url_open(f"/claims/confirm/{token}")
        self.assertIn("Confirm my claim", response.text)
        self.assertFalse(self.env["claim.claim"].search([("channel", "=", "public")]))

        response = self._confirm(token)
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        claim = self.env["claim.claim"].search([("channel", "=", "public")])
        self.assertEqual(len(claim), 1)
        self.assertIn(claim.name, response.text)
        self.assertIn(claim.get_portal_url(), response.text.replace("&amp;", "&"))
        self.assertRecordValues(
            claim,
            [
                {
                    "partner_id": self.consumer.id,
                    "invoice_id": self.invoice.id,
                    "sale_order_id": self.order.id,
                    "claim_type_id": self.type_quality.id,
                    "reason_id": self.reason_defective.id,
                }
            ],
        )
        self.assertTrue(claim.access_token)
        # the name the consumer typed is kept with the claim
        self.assertIn(
            "Filed through the public form by Jana Novakova",
            " ".join(claim.message_ids.mapped("body")),
        )
        self.assertRecordValues(
            claim.line_ids, [{"product_id": self.product.id, "quantity": 1.0}]
        )
        self.assertRecordValues(
            claim.consent_ids,
            [
                {
                    "clause_id": self.clause.id,
                    "email": "jana.novakova@example.com",
                    "ip_address": "127.0.0.1",
                    "partner_id": self.consumer.id,
                }
            ],
        )
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "claim.claim"), ("res_id", "=", claim.id)]
        )
        self.assertIn("photo.png", attachments.mapped("name"))
        self.assertRecordValues(
            request,
            [{"state": "confirmed", "claim_id": claim.id, "attachment_count": 0}],
        )

        # the registered e-mail carries the number and the absolute private link
        link = claim.get_base_url() + claim.get_portal_url()
        self.assertTrue(link.startswith("http"))
        message = claim.message_ids.filtered(
            lambda m: link in (m.body or "").replace("&amp;", "&")
        )
        self.assertEqual(len(message), 1, "the registered e-mail has no tracking link")
        self.assertIn(claim.name, message.body)
        self.assertIn(self.consumer, message.partner_ids)

        # confirming again shows the same claim
        response = self._confirm(token)
        self.assertIn(claim.name, response.text)
        response = self.url_open(f"/claims/confirm/{token}")
        self.assertIn(claim.name, response.text)
        self.env.invalidate_all()
        self.assertEqual(
            self.env["claim.claim"].search_count([("channel", "=", "public")]), 1
        )

    def test_order_number_and_postal_code(self):
        response = self._lookup(self.order.name, zip_code="60200")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Coffee Grinder", response.text)
        values = self._claim_values(
            self.order,
            document_email="",
            zip_code="602 00",
            contact_email="husband@example.org",
            contact_name="Petr Novak",
        )
        self._submit(values)
        token = self._confirm_token("husband@example.org")
        self._confirm(token)
        self.env.invalidate_all()
        claim = self.env["claim.claim"].search([("channel", "=", "public")])
        self.assertEqual(claim.sale_order_id, self.order)
        # a contact of the order's customer with the confirmed e-mail
        self.assertEqual(claim.partner_id.parent_id, self.consumer)
        self.assertEqual(claim.partner_id.email, "husband@example.org")
        self.assertEqual(claim.commercial_partner_id, self.consumer)

    def test_free_claim_with_proof_of_purchase(self):
        internal = self.env["res.users"].create(
            {"name": "Staff", "login": "staff_kettle", "email": "kettle@example.com"}
        )
        response = self.url_open("/claims/new?free=1")
        self.assertIn("Proof of purchase", response.text)
        purchase_date = fields.Date.today() - timedelta(days=40)
        values = self._claim_values(
            contact_email="kettle@example.com",
            contact_name="Karel Kettle",
            purchase_date=fields.Date.to_string(purchase_date),
        )
        self._submit(values, files=[("receipt.pdf", PDF, "application/pdf")])
        self._confirm(self._confirm_token("kettle@example.com"))
        self.env.invalidate_all()
        claim = self.env["claim.claim"].search([("channel", "=", "public")])
        self.assertRecordValues(
            claim,
            [
                {
                    "customer_product": "Kettle bought at the fair",
                    "purchase_date": purchase_date,
                    "invoice_id": False,
                }
            ],
        )
        self.assertFalse(claim.line_ids)
        # a new consumer, never the partner of one of our users
        self.assertNotEqual(claim.partner_id, internal.partner_id)
        self.assertRecordValues(
            claim.partner_id,
            [
                {
                    "name": "Karel Kettle",
                    "email": "kettle@example.com",
                    "phone": "+420 601 123 456",
                }
            ],
        )
        self.assertIn(
            "receipt.pdf",
            self.env["ir.attachment"]
            .search([("res_model", "=", "claim.claim"), ("res_id", "=", claim.id)])
            .mapped("name"),
        )

    def test_honeypot_creates_nothing(self):
        response = self._submit(
            self._claim_values(self.invoice, website_url="http://spam.example.com")
        )
        self.assertIn("Check your mailbox", response.text)
        self.assertFalse(self._requests())
        self.assertFalse(
            self.env["mail.mail"].search([("body_html", "like", "/claims/confirm/")])
        )

    def test_rate_limit(self):
        self.company.claim_public_rate_limit = 2
        for __ in range(2):
            response = self._submit(self._claim_values(self.invoice))
            self.assertIn("Check your mailbox", response.text)
        response = self._submit(self._claim_values(self.invoice))
        self.assertEqual(response.status_code, 400)
        self.assertIn("too many claims", response.text)
        # another e-mail from the same network address
        response = self._submit(
            self._claim_values(contact_email="other@example.com"),
            files=[("receipt.pdf", PDF, "application/pdf")],
        )
        self.assertIn("too many claims", response.text)
        self.assertEqual(len(self._requests()), 2)

    def test_failed_searches_are_limited(self):
        """One network address cannot guess postal codes of an invoice."""
        self.company.claim_public_rate_limit = 1
        for zip_code in ("10000", "10001"):
            response = self._lookup(self.invoice.name, zip_code=zip_code)
            self.assertIn(NO_MATCH, response.text)
        response = self._lookup(self.invoice.name, zip_code="60200")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Too many unsuccessful searches", response.text)
        self.assertNotIn("Coffee Grinder", response.text)
        # the cron forgets the failures after an hour
        self.env.invalidate_all()
        attempts = self.env["claim.request.attempt"].search([])
        self.assertEqual(len(attempts), 2)
        self.env.cr.execute(
            "UPDATE claim_request_attempt SET create_date = create_date - "
            "interval '61 minutes' WHERE id IN %s",
            [tuple(attempts.ids)],
        )
        self.env["claim.request"]._cron_delete_expired()
        self.assertFalse(attempts.exists())
        response = self._lookup(self.invoice.name, zip_code="60200")
        self.assertIn("Coffee Grinder", response.text)

    def test_expired_and_unknown_links(self):
        self._submit(self._claim_values(self.invoice))
        token = self._confirm_token()
        request = self._requests()
        request.date_expire = fields.Datetime.now() - timedelta(minutes=1)
        response = self.url_open(f"/claims/confirm/{token}")
        self.assertEqual(response.status_code, 410)
        self.assertIn("has expired", response.text)
        self.assertFalse(self.env["claim.claim"].search([("channel", "=", "public")]))

        response = self.url_open("/claims/confirm/not-a-real-token")
        self.assertEqual(response.status_code, 404)
        self.assertIn("not valid", response.text)

    def test_cron_deletes_expired_requests(self):
        for email in ("a@example.com", "b@example.com", "c@example.com"):
            self._submit(
                self._claim_values(contact_email=email),
                files=[("receipt.pdf", PDF, "application/pdf")],
            )
        requests = self._requests().sorted("id")
        expired, fresh, confirmed = requests
        self._confirm(self._confirm_token("c@example.com"))
        self.env.invalidate_all()
        (expired | confirmed).date_expire = fields.Datetime.now() - timedelta(hours=1)
        expired_files = self.env["ir.attachment"].search(
            [("res_model", "=", "claim.request"), ("res_id", "=", expired.id)]
        )
        self.assertTrue(expired_files)

        self.env["claim.request"]._cron_delete_expired(batch_size=1)

        self.assertFalse(expired.exists())
        self.assertFalse(expired_files.exists())
        self.assertEqual(fresh.exists(), fresh)
        self.assertEqual(confirmed.exists(), confirmed)
        self.assertEqual(fresh.attachment_count, 1)


@tagged("post_install", "-at_install")
class TestClaimPublicFormRefusals(ClaimPublicCommon):
    """Every refusal re-renders the form with its message and the values
    kept; nothing is created."""

    def _assert_refused(self, response, message, kept=None):
        self.assertEqual(response.status_code, 400, response.text[:300])
        self.assertIn("o_claim_public_error", response.text)
        self.assertIn(message, response.text)
        if kept:
            self.assertIn(kept, response.text)
        self.assertFalse(self._requests())
        self.assertFalse(self.env["claim.claim"].search([("channel", "=", "public")]))

    def _error_text(self, response):
        match = ERROR_RE.search(response.text)
        self.assertTrue(match, response.text[:500])
        return match.group(1).strip()

    def test_unknown_document(self):
        response = self._lookup("INV/1999/99999", email="jana.novakova@example.com")
        self._assert_refused(response, NO_MATCH, "INV/1999/99999")

    def test_mismatched_email_or_postal_code(self):
        response = self._lookup(self.invoice.name, email="someone@example.com")
        self._assert_refused(response, NO_MATCH)
        self.assertNotIn("Coffee Grinder", response.text)
        response = self._lookup(self.order.name, zip_code="11000")
        self._assert_refused(response, NO_MATCH)
        # the number and e-mail are checked again when the claim is sent
        values = self._claim_values(self.invoice, document_email="someone@example.com")
        self._assert_refused(self._submit(values), NO_MATCH)

    def test_unknown_and_mismatched_documents_answer_alike(self):
        """The answer never tells that a number exists: an unknown number and
        a known one with another customer's e-mail or postal code give the
        same page and both count as failed searches."""
        unknown = self._lookup("INV/1999/99999", email="jana.novakova@example.com")
        mismatched = self._lookup(self.invoice.name, email="someone@example.com")
        wrong_zip = self._lookup(self.invoice.name, zip_code="11000")
        self.assertEqual(
            {r.status_code for r in (unknown, mismatched, wrong_zip)}, {400}
        )
        self.assertEqual(self._error_text(unknown), self._error_text(mismatched))
        self.assertEqual(self._error_text(unknown), self._error_text(wrong_zip))
        self.env.invalidate_all()
        self.assertEqual(self.env["claim.request.attempt"].search_count([]), 3)

    def test_malformed_input_is_a_form_error(self):
        """Values no browser sends give the form's error, the values kept,
        never a server error; nothing is stored."""
        key = self._line_key(self.invoice)
        for quantity in ("nan", "NaN", "inf", "-inf", "1e309"):
            with self.subTest(quantity=quantity):
                values = self._claim_values(self.invoice, **{f"qty_{key}": quantity})
                response = self._submit(values)
                self._assert_refused(response, "enter a number", "The grinder stops")
        for consents in ("", "abc", "1.5"):
            with self.subTest(consent_ids=consents):
                values = self._claim_values(self.invoice, consent_ids=consents)
                response = self._submit(values)
                self._assert_refused(
                    response,
                    "Please accept" if not consents else "Unknown consent clause",
                    "The grinder stops",
                )
        for field, kept in (
            ("description", "Jana Novakova"),
            ("contact_name", "Jana Novakova"),
            ("contact_email", "Jana Novakova"),
            ("contact_phone", "Jana Novakova"),
            # the number is checked first: the search page, the number kept
            ("document_email", self.invoice.name),
        ):
            with self.subTest(field=field):
                values = self._claim_values(self.invoice)
                values[field] = "x\x00" + values[field]
                response = self._submit(values)
                self._assert_refused(response, "invisible control characters", kept)
        values = self._claim_values(customer_product="Kettle\x00")
        response = self._submit(values, files=[("receipt.pdf", PDF, "application/pdf")])
        self._assert_refused(response, "invisible control characters", "Jana Novakova")
        response = self._lookup(f"{self.invoice.name}\x00", zip_code="60200")
        self._assert_refused(response, "invisible control characters")
        response = self._lookup(self.invoice.name, zip_code="602\x0000")
        self._assert_refused(response, "invisible control characters")

    def test_malformed_confirmation_token(self):
        for token in ("%00", "abc%00def", "x" * 300):
            with self.subTest(token=token):
                response = self.url_open(f"/claims/confirm/{token}")
                self.assertEqual(response.status_code, 404, response.text[:300])
                self.assertIn("not valid", response.text)
                response = self.url_open(
                    f"/claims/confirm/{token}", data={"csrf_token": self._csrf()}
                )
                self.assertEqual(response.status_code, 404, response.text[:300])

    def test_oversized_file(self):
        self.company.claim_upload_max_mb = 1
        big = PDF + b"0" * (1024 * 1024)
        response = self._submit(
            self._claim_values(self.invoice),
            files=[("big.pdf", big, "application/pdf")],
        )
        self._assert_refused(response, "is too large", "Jana Novakova")

    def test_forbidden_file_types(self):
        response = self._submit(
            self._claim_values(self.invoice),
            files=[("setup.exe", b"MZ\x90\x00", "application/octet-stream")],
        )
        self._assert_refused(response, "this type of file is not accepted")
        response = self._submit(
            self._claim_values(self.invoice),
            files=[("invoice.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")],
        )
        self._assert_refused(response, "does not match its name")

    def test_missing_consent(self):
        response = self._submit(self._claim_values(self.invoice, consent_ids=None))
        self._assert_refused(response, "Please accept", "The grinder stops")

    def test_quantity_over_claimable(self):
        key = self._line_key(self.invoice)
        response = self._submit(self._claim_values(self.invoice, **{f"qty_{key}": "4"}))
        self._assert_refused(response, "you can claim between 0 and 3")
        self.assertIn('value="4"', response.text)
        response = self._submit(self._claim_values(self.invoice, **{f"qty_{key}": "0"}))
        self._assert_refused(response, "Enter the quantity claimed")

    def test_html_in_text_fields(self):
        for field in ("description", "contact_name", "contact_phone"):
            with self.subTest(field=field):
                values = self._claim_values(
                    self.invoice, **{field: "<script>alert(1)</script>"}
                )
                response = self._submit(values)
                self._assert_refused(response, "please write plain text")
                self.assertNotIn("<script>alert(1)</script>", response.text)
        values = self._claim_values(customer_product="<b>Kettle</b>")
        response = self._submit(values, files=[("receipt.pdf", PDF, "application/pdf")])
        self._assert_refused(response, "please write plain text")

    def test_missing_contact(self):
        response = self._submit(self._claim_values(self.invoice, contact_email=""))
        self._assert_refused(response, "Enter your e-mail address.")
        response = self._submit(self._claim_values(self.invoice, contact_email="jana@"))
        self._assert_refused(response, "Enter a valid e-mail address.")
        response = self._submit(self._claim_values(self.invoice, contact_phone=""))
        self._assert_refused(response, "Enter your phone number.", "Coffee Grinder")

    def test_free_claim_needs_product_date_and_proof(self):
        self._assert_refused(
            self._submit(self._claim_values()), "Attach the proof of purchase"
        )
        self._assert_refused(
            self._submit(
                self._claim_values(customer_product=""),
                files=[("receipt.pdf", PDF, "application/pdf")],
            ),
            "Tell us which product you claim",
        )
        tomorrow = fields.Date.to_string(fields.Date.today() + timedelta(days=1))
        self._assert_refused(
            self._submit(
                self._claim_values(purchase_date=tomorrow),
                files=[("receipt.pdf", PDF, "application/pdf")],
            ),
            "cannot be in the future",
        )

    def test_claim_no_longer_possible_at_confirmation(self):
        """The quantities are checked again at confirmation: the goods were
        claimed meanwhile."""
        key = self._line_key(self.invoice)
        self._submit(
            self._claim_values(
                self.invoice,
                contact_email="new.person@example.com",
                **{f"qty_{key}": "3"},
            )
        )
        token = self._confirm_token("new.person@example.com")
        other = self._submit(self._claim_values(self.invoice, **{f"qty_{key}": "3"}))
        self.assertIn("Check your mailbox", other.text)
        self._confirm(self._confirm_token())
        partners_before = self.env["res.partner"].search_count([])

        response = self._confirm(token)
        self.assertEqual(response.status_code, 409)
        self.assertIn("you can claim between 0 and 0", response.text)
        self.env.invalidate_all()
        self.assertEqual(
            self.env["claim.claim"].search_count([("channel", "=", "public")]), 1
        )
        # nothing half-written: no contact was created for the refused claim
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before)
