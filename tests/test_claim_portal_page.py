from markupsafe import Markup

from odoo.tests import tagged

from .common_portal import PNG, ClaimPortalCommon


@tagged("post_install", "-at_install")
class TestClaimPortalPage(ClaimPortalCommon):
    """The claim's page on the portal: what the customer sees, for a portal
    user and for a visitor holding the claim's link; nothing of other
    customers' claims or of internal notes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.claim = cls._portal_claim(quantity=2)
        cls.other_claim = cls._portal_claim(
            document=cls.other_invoice, partner=cls.other_portal_user.partner_id
        )
        cls.note_file = cls.env["ir.attachment"].create(
            {
                "name": "internal-costing.pdf",
                "raw": b"%PDF-1.4 internal",
                "res_model": "claim.claim",
                "res_id": cls.claim.id,
            }
        )
        cls.claim.message_post(
            body=Markup("<p>Supplier margin is 40 percent, keep it internal.</p>"),
            subtype_xmlid="mail.mt_note",
            attachment_ids=cls.note_file.ids,
        )
        cls.claim.message_post(
            body=Markup("<p>We have received your claim and look into it.</p>"),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def test_portal_user_sees_own_claim(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response = self.url_open(f"/my/claims/{self.claim.id}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(self.claim.name, page)
        self.assertIn("Office Chair", page)
        self.assertIn(self.claim._portal_status_label(), page)
        # the invoice is linked through its portal page, the customer can read it
        self.assertIn(f"/my/invoices/{self.invoice.id}", page)
        self.assertIn(
            f"/my/picking/pdf/{self.delivery.id}?access_token={self.order.access_token}",
            page,
        )
        # the files the customer sent are listed, internal ones are not
        self.assertNotIn("internal-costing.pdf", page)
        self.assertNotIn("Supplier margin", page)
        self.assertIn('id="discussion"', page)

    def test_remedy_granted_shown_once_decided(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        self.claim.write({"requested_remedy": "refund", "granted_remedy": "repair"})
        page = self.url_open(f"/my/claims/{self.claim.id}").text
        self.assertNotIn("o_claim_granted_remedy", page)
        self.claim.action_start()
        self.claim.action_accept_all()
        self.claim.action_decide()
        page = self.url_open(f"/my/claims/{self.claim.id}").text
        self.assertIn("Remedy granted", page)
        self.assertRegex(page, r"o_claim_granted_remedy\"><span>Repair<")

    def test_chatter_shows_no_internal_note(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        result = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {"thread_model": "claim.claim", "thread_id": self.claim.id},
        )
        bodies = " ".join(
            str(message["body"]) for message in result["data"]["mail.message"]
        )
        self.assertIn("look into it", bodies)
        self.assertNotIn("Supplier margin", bodies)

    def test_chatter_of_other_claims_stays_closed(self):
        self.other_claim.message_post(
            body=Markup("<p>Their private exchange.</p>"),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        own_token = self.claim._portal_ensure_token()
        self.authenticate(self.portal_user.login, self.portal_user.login)
        result = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {"thread_model": "claim.claim", "thread_id": self.other_claim.id},
        )
        self.assertFalse(result["data"]["mail.message"])
        # the token of one's own claim opens no other thread
        response = self.url_open(
            "/mail/chatter_fetch",
            json={
                "params": {
                    "thread_model": "claim.claim",
                    "thread_id": self.other_claim.id,
                    "token": own_token,
                }
            },
        )
        self.assertNotIn("Their private exchange", response.text)

    def test_visitor_reads_chatter_with_token(self):
        token = self.claim._portal_ensure_token()
        self.authenticate(None, None)
        result = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {"thread_model": "claim.claim", "thread_id": self.claim.id, "token": token},
        )
        bodies = " ".join(
            str(message["body"]) for message in result["data"]["mail.message"]
        )
        self.assertIn("look into it", bodies)
        self.assertNotIn("Supplier margin", bodies)

    def test_visitor_with_token_sees_claim(self):
        token = self.claim._portal_ensure_token()
        self.authenticate(None, None)
        response = self.url_open(f"/my/claims/{self.claim.id}?access_token={token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.claim.name, response.text)
        # a visitor cannot open the invoice page: the number without a link
        self.assertNotIn(f"/my/invoices/{self.invoice.id}", response.text)
        self.assertIn(self.invoice.name, response.text)
        # nor the portal's breadcrumbs: the visitor has no portal account
        self.assertNotIn("o_portal_submenu", response.text)

    def test_no_message_injected_through_the_url(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        page = self.url_open(
            f"/my/claims/{self.claim.id}?error=Call+us+at+555&success=hacked"
        ).text
        self.assertNotIn("Call us at 555", page)
        self.assertNotIn("o_claim_portal_success", page)

    def test_visitor_without_token_goes_to_login(self):
        self.authenticate(None, None)
        response = self.url_open(f"/my/claims/{self.claim.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def test_pdf_of_the_claim(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response = self.url_open(f"/my/claims/{self.claim.id}?report_type=html")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.claim.name, response.text)
        self.assertIn("Office Chair", response.text)
        response = self.url_open(
            f"/my/claims/{self.claim.id}?report_type=pdf&download=true"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment;", response.headers["Content-Disposition"])
        # tests render reports as HTML instead of calling wkhtmltopdf
        self.assertIn(self.claim.name.encode(), response.content)

    def test_idor_other_customers_claim(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        missing_id = self.Claim.search([], order="id desc", limit=1).id + 1000
        for claim_id in (self.other_claim.id, missing_id):
            for suffix in ("", "?report_type=pdf", "?report_type=html"):
                response = self.url_open(f"/my/claims/{claim_id}{suffix}")
                self.assertEqual(response.status_code, 404, f"{claim_id}{suffix}")
                self.assertNotIn(self.other_claim.name, response.text)
                self.assertNotIn("Other Customer", response.text)

    def test_idor_tokens(self):
        own_token = self.claim._portal_ensure_token()
        other_token = self.other_claim._portal_ensure_token()
        self.authenticate(None, None)
        cases = [
            (self.other_claim.id, own_token),  # a token of another claim
            (self.other_claim.id, "forged" + other_token[6:]),
            (self.other_claim.id, ""),
            (self.other_claim.id, other_token.upper() + "x"),
        ]
        for claim_id, token in cases:
            response = self.url_open(
                f"/my/claims/{claim_id}?access_token={token}&report_type=pdf",
                allow_redirects=False,
            )
            self.assertIn(response.status_code, (303, 404), token)
            self.assertNotIn(self.other_claim.name, response.text)
        # a portal user with their own claim's token gets nothing more
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response = self.url_open(
            f"/my/claims/{self.other_claim.id}?access_token={own_token}"
        )
        self.assertEqual(response.status_code, 404)

    def test_idor_attachments(self):
        """Files of internal notes and of other customers' claims stay closed,
        even though the claim itself is readable."""
        customer_file = self.env["ir.attachment"].create(
            {
                "name": "photo.png",
                "raw": PNG,
                "res_model": "claim.claim",
                "res_id": self.claim.id,
            }
        )
        self.claim._post_customer_message(
            self.portal_user.partner_id, "A photo.", customer_file
        )
        other_file = self.env["ir.attachment"].create(
            {
                "name": "other.png",
                "raw": PNG,
                "res_model": "claim.claim",
                "res_id": self.other_claim.id,
            }
        )
        self.other_claim._post_customer_message(
            self.other_portal_user.partner_id, "Theirs.", other_file
        )
        self.authenticate(self.portal_user.login, self.portal_user.login)
        page = self.url_open(f"/my/claims/{self.claim.id}").text
        self.assertIn("photo.png", page)
        self.assertNotIn("internal-costing.pdf", page)
        self.assertNotIn("other.png", page)
        # the page links the customer's file with its own token
        token = customer_file.access_token
        self.assertTrue(token)
        self.assertIn(
            f"/web/content/{customer_file.id}?download=true&amp;access_token={token}",
            page,
        )
        response = self.url_open(
            f"/web/content/{customer_file.id}?download=true&access_token={token}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, PNG)
        for attachment in (self.note_file, other_file):
            self.assertFalse(attachment.access_token, attachment.name)
            for query in ("", f"&access_token={token}"):
                response = self.url_open(
                    f"/web/content/{attachment.id}?download=true{query}"
                )
                self.assertIn(response.status_code, (403, 404), attachment.name)
                self.assertNotIn(b"internal", response.content)
                self.assertNotIn(PNG, response.content)
