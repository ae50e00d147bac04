from odoo.tests import tagged

from .common_portal import PNG, ClaimPortalCommon


@tagged("post_install", "-at_install")
class TestClaimPortalActions(ClaimPortalCommon):
    """Reply, accept and dispute from the claim page; refused on other
    customers' claims, with wrong tokens, in the wrong state, and through the
    mail routes that would bypass the checks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.claim = cls._portal_claim(quantity=2)
        cls.other_claim = cls._portal_claim(
            document=cls.other_invoice, partner=cls.other_portal_user.partner_id
        )

    def setUp(self):
        super().setUp()
        self.authenticate(self.portal_user.login, self.portal_user.login)

    def _customer_messages(self, claim):
        return claim.message_ids.filtered(
            lambda m: (
                m.author_id == self.portal_user.partner_id
                and m.message_type == "comment"
            )
        )

    def test_reply_with_files(self):
        response = self._post(
            f"/my/claims/{self.claim.id}/reply",
            {"message": "Here is a photo of the seat."},
            files=[("attachments", ("seat.png", PNG, "image/png"))],
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("success=replied", response.headers["Location"])
        message = self._customer_messages(self.claim)[:1]
        self.assertIn("photo of the seat", message.body)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertEqual(message.attachment_ids.mapped("name"), ["seat.png"])
        self.assertEqual(message.attachment_ids.res_id, self.claim.id)
        page = self.url_open(response.headers["Location"]).text
        self.assertIn("Your message was sent.", page)
        self.assertIn("seat.png", page)

    def test_reply_with_token_as_visitor(self):
        token = self.claim._portal_ensure_token()
        self.authenticate(None, None)
        response = self._post(
            f"/my/claims/{self.claim.id}/reply",
            {"message": "Sent from the link.", "access_token": token},
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn(f"access_token={token}", response.headers["Location"])
        message = self.claim.message_ids.filtered(
            lambda m: "Sent from the link." in (m.body or "")
        )
        self.assertEqual(message.author_id, self.claim.partner_id)

    def test_reply_refusals(self):
        before = len(self.claim.message_ids)
        url = f"/my/claims/{self.claim.id}/reply"
        for data, files, error in (
            ({"message": "<b>bold</b>"}, None, "plain text"),
            ({"message": ""}, None, "Write a message or attach a file"),
            (
                {"message": "x"},
                [("attachments", ("tool.exe", b"MZ", "application/x-msdownload"))],
                "not accepted",
            ),
            (
                {"message": "x"},
                [("attachments", ("photo.png", b"not an image", "image/png"))],
                "does not match",
            ),
        ):
            response = self._post(url, data, files=files)
            self.assertEqual(response.status_code, 400)
            self.assertIn(error, response.text)
        self.env.company.claim_upload_max_files = 1
        response = self._post(
            url,
            {"message": "two"},
            files=[
                ("attachments", ("a.png", PNG, "image/png")),
                ("attachments", ("b.png", PNG, "image/png")),
            ],
        )
        self.assertIn("at most 1 files", response.text)
        self.claim.invalidate_recordset()
        self.assertEqual(len(self.claim.message_ids), before)

    def test_reply_idor(self):
        own_token = self.claim._portal_ensure_token()
        before = len(self.other_claim.message_ids)
        for data in ({}, {"access_token": own_token}, {"access_token": "x" * 36}):
            response = self._post(
                f"/my/claims/{self.other_claim.id}/reply",
                dict(data, message="Let me in."),
            )
            self.assertEqual(response.status_code, 404)
            self.assertNotIn(self.other_claim.name, response.text)
        self.other_claim.invalidate_recordset()
        self.assertEqual(len(self.other_claim.message_ids), before)

    def test_reply_without_csrf(self):
        before = len(self.claim.message_ids)
        response = self.url_open(
            f"/my/claims/{self.claim.id}/reply",
            data={"message": "No token"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 400)
        self.claim.invalidate_recordset()
        self.assertEqual(len(self.claim.message_ids), before)

    def test_mail_routes_cannot_bypass_checks(self):
        """The chatter's routes would take any file: customers cannot post
        or upload on a claim through them, even with the claim's token."""
        token = self.claim._portal_ensure_token()
        before = len(self.claim.message_ids)
        response = self.url_open(
            "/mail/attachment/upload",
            data={
                "thread_id": self.claim.id,
                "thread_model": "claim.claim",
                "token": token,
                "csrf_token": self._csrf_token(),
            },
            files={"ufile": ("tool.exe", b"MZ" * 10, "application/octet-stream")},
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(
            self.env["ir.attachment"].search([("name", "=", "tool.exe")]),
        )
        response = self.url_open(
            "/mail/message/post",
            json={
                "jsonrpc": "2.0",
                "params": {
                    "thread_model": "claim.claim",
                    "thread_id": self.claim.id,
                    "post_data": {"body": "bypass", "message_type": "comment"},
                    "token": token,
                },
            },
        )
        self.assertNotIn('"result": {', response.text)
        self.claim.invalidate_recordset()
        self.assertEqual(len(self.claim.message_ids), before)

    def test_accept_resolution(self):
        self._resolved(self.claim)
        page = self.url_open(f"/my/claims/{self.claim.id}").text
        self.assertIn("o_claim_portal_accept", page)
        response = self._post(f"/my/claims/{self.claim.id}/accept")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.claim.state, "closed")
        self.assertTrue(self.claim.date_customer_accepted)
        page = self.url_open(response.headers["Location"]).text
        self.assertIn("the claim is closed", page)
        self.assertNotIn("o_claim_portal_accept", page)
        # accepting twice is refused: nothing left to accept
        response = self._post(f"/my/claims/{self.claim.id}/accept")
        self.assertEqual(response.status_code, 400)
        self.assertIn("has no resolution to accept", response.text)

    def test_accept_refused_in_wrong_state(self):
        page = self.url_open(f"/my/claims/{self.claim.id}").text
        self.assertNotIn("o_claim_portal_accept", page)
        response = self._post(f"/my/claims/{self.claim.id}/accept")
        self.assertEqual(response.status_code, 400)
        self.assertIn("has no resolution to accept", response.text)
        self.assertEqual(self.claim.state, "new")

    def test_dispute_decision(self):
        self._resolved(self.claim)
        self.claim.user_id = self.operator
        response = self._post(
            f"/my/claims/{self.claim.id}/dispute",
            {"reason": "The credit is too low."},
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(self.claim.customer_disputed)
        self.assertEqual(self.claim.dispute_reason, "The credit is too low.")
        self.assertEqual(self.claim.activity_ids.user_id, self.operator)
        page = self.url_open(response.headers["Location"]).text
        self.assertIn("Your disagreement was sent", page)
        self.assertNotIn("claim_dispute_reason", page)

    def test_dispute_refusals(self):
        url = f"/my/claims/{self.claim.id}/dispute"
        response = self._post(url, {"reason": "Too early."})
        self.assertEqual(response.status_code, 400)
        self.assertIn("has no decision to dispute", response.text)
        self._resolved(self.claim)
        response = self._post(url, {"reason": ""})
        self.assertIn("Tell us why you disagree", response.text)
        response = self._post(url, {"reason": "<img src=x onerror=alert(1)>"})
        self.assertIn("plain text", response.text)
        self.assertFalse(self.claim.customer_disputed)

    def test_accept_dispute_idor(self):
        self._resolved(self.other_claim)
        own_token = self.claim._portal_ensure_token()
        for action in ("accept", "dispute"):
            for data in ({}, {"access_token": own_token}):
                response = self._post(
                    f"/my/claims/{self.other_claim.id}/{action}",
                    dict(data, reason="Not mine."),
                )
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self.other_claim.state, "resolved")
        self.assertFalse(self.other_claim.customer_disputed)

    def test_accept_with_token_as_visitor(self):
        self._resolved(self.claim)
        token = self.claim._portal_ensure_token()
        self.authenticate(None, None)
        response = self._post(
            f"/my/claims/{self.claim.id}/accept", {"access_token": token}
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.claim.state, "closed")
