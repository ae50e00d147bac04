from markupsafe import Markup

from odoo.tests import tagged

from .common_public import PNG, ClaimPublicCommon


@tagged("post_install", "-at_install")
class TestClaimPublicTracking(ClaimPublicCommon):
    """The consumer follows the claim filed on the public form through the
    private link of the registered e-mail, without an account."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator = cls.env["res.users"].create(
            {
                "name": "Olga Operator",
                "login": "public_tracking_operator",
                "email": "olga@shop.example.com",
                "group_ids": [
                    (4, cls.env.ref("base.group_user").id),
                    (4, cls.env.ref("claim_management.group_claim_operator").id),
                ],
            }
        )

    def setUp(self):
        super().setUp()
        self._submit(self._claim_values(self.invoice))
        self._confirm(self._confirm_token())
        self.env.invalidate_all()
        self.claim = self.env["claim.claim"].search([("channel", "=", "public")])
        self.assertEqual(len(self.claim), 1)
        self.page = f"/my/claims/{self.claim.id}?access_token={self.claim.access_token}"

    def _page(self, url=None):
        self.env.invalidate_all()
        response = self.url_open(url or self.page)
        self.assertEqual(response.status_code, 200)
        return response.text

    def _chatter(self):
        result = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {
                "thread_model": "claim.claim",
                "thread_id": self.claim.id,
                "token": self.claim.access_token,
            },
        )
        return " ".join(
            str(message["body"]) for message in result["data"]["mail.message"]
        )

    def test_state_decision_and_deadlines(self):
        text = self._page()
        self.assertIn(self.claim.name, text)
        self.assertIn(self.claim._portal_status_label(), text)
        self.assertIn("Coffee Grinder", text)
        self.assertIn("The grinder stops", text)
        self.assertTrue(self.claim.response_deadline)
        self.assertIn("Answer by", text)

        claim = self.claim.with_user(self.operator)
        claim.action_start()
        claim.line_ids.write(
            {"decision": "accepted", "decision_note": "Faulty motor, we replace it."}
        )
        claim.action_decide()
        text = self._page()
        self.assertIn(self.claim._portal_status_label(), text)
        self.assertIn("Decision", text)
        self.assertIn("Accepted", text)
        self.assertIn("Faulty motor, we replace it.", text)
        self.assertIn("Decided on", text)
        self.assertNotIn("Answer by", text)

    def test_messages_reply_and_files(self):
        self.claim.with_user(self.operator).message_post(
            body=Markup("<p>Please send us a photo of the motor.</p>"),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.claim.with_user(self.operator).message_post(
            body=Markup("<p>Internal: the supplier knows this defect.</p>"),
            subtype_xmlid="mail.mt_note",
        )
        bodies = self._chatter()
        self.assertIn("photo of the motor", bodies)
        self.assertNotIn("supplier knows", bodies)

        csrf = self._csrf()
        response = self.url_open(
            f"/my/claims/{self.claim.id}/reply",
            data={
                "csrf_token": csrf,
                "access_token": self.claim.access_token,
                "message": "Here is the photo.",
            },
            files=[("attachments", ("motor.png", PNG, "image/png"))],
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("success=replied", response.url)
        self.assertIn("motor.png", response.text)
        self.env.invalidate_all()
        reply = self.claim.message_ids.filtered(
            lambda m: "Here is the photo." in (m.body or "")
        )
        self.assertEqual(reply.author_id, self.claim.partner_id)
        self.assertEqual(reply.attachment_ids.mapped("name"), ["motor.png"])
        self.assertIn("Here is the photo.", self._chatter())

        # refusals of the reply: a forbidden file, markup
        for data, files, message in (
            ({"message": "A program"}, [("setup.exe", b"MZ", "x")], "not accepted"),
            ({"message": "<script>x()</script>"}, None, "plain text"),
        ):
            response = self.url_open(
                f"/my/claims/{self.claim.id}/reply",
                data=dict(data, csrf_token=csrf, access_token=self.claim.access_token),
                files=[("attachments", file) for file in files or []] or None,
            )
            self.assertEqual(response.status_code, 400)
            self.assertIn(message, response.text)
        self.env.invalidate_all()
        self.assertFalse(
            self.claim.message_ids.filtered(lambda m: "A program" in (m.body or ""))
        )

    def test_accept_the_resolution(self):
        claim = self.claim.with_user(self.operator)
        claim.action_start()
        claim.line_ids.write({"decision": "rejected"})
        claim.action_decide()
        response = self.url_open(
            f"/my/claims/{self.claim.id}/accept",
            data={"csrf_token": self._csrf(), "access_token": self.claim.access_token},
        )
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        self.assertEqual(self.claim.state, "closed")
        self.assertTrue(self.claim.date_customer_accepted)

    def test_wrong_token(self):
        for token in ("", "wrong", self.claim.access_token[:-1] + "x"):
            response = self.url_open(
                f"/my/claims/{self.claim.id}?access_token={token}",
                allow_redirects=False,
            )
            self.assertIn(response.status_code, (303, 403, 404), token)
            self.assertNotIn(self.claim.name, response.text)
        response = self.url_open(
            f"/my/claims/{self.claim.id}/reply",
            data={
                "csrf_token": self._csrf(),
                "access_token": "wrong",
                "message": "Let me in",
            },
        )
        self.assertEqual(response.status_code, 404)
        self.env.invalidate_all()
        self.assertFalse(
            self.claim.message_ids.filtered(lambda m: "Let me in" in (m.body or ""))
        )
