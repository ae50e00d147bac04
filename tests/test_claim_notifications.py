import base64

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import ClaimCommon

INCOMING = """Return-Path: <{sender}>
From: {sender_name} <{sender}>
To: {to}
Subject: {subject}
Message-ID: {message_id}
{extra}Date: Tue, 24 Nov 2026 10:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="BOUNDARY"

--BOUNDARY
Content-Type: text/plain; charset="utf-8"

{body}
--BOUNDARY
Content-Type: image/png; name="broken.png"
Content-Disposition: attachment; filename="broken.png"
Content-Transfer-Encoding: base64

{attachment}
--BOUNDARY--
"""


@tagged("post_install", "-at_install")
class TestClaimNotifications(ClaimCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dispatcher = cls._new_user(
            "claim_dispatcher", "claim_management.group_claim_operator"
        )
        cls.type_dispatcher = cls._new_user(
            "claim_type_dispatcher", "claim_management.group_claim_operator"
        )
        cls.company.claim_dispatcher_ids = cls.dispatcher
        cls.type_quantity.dispatcher_ids = cls.type_dispatcher
        cls.customer_contact.email = "anna@acme.example.com"

    def _messages(self, claim, text):
        return claim.message_ids.filtered(
            lambda m: text in (m.subject or "") + (m.body or "")
        )

    def _notified(self, partner):
        return self.env["mail.notification"].search(
            [("res_partner_id", "=", partner.id)]
        )

    def test_dispatchers_told_of_every_new_claim(self):
        claim = self._create_claim(channel="api")
        for user in (self.dispatcher, self.type_dispatcher):
            notifications = self._notified(user.partner_id)
            self.assertEqual(len(notifications), 1)
            self.assertEqual(notifications.mail_message_id.res_id, claim.id)
            self.assertIn(claim.name, notifications.mail_message_id.subject)
        other = self._create_claim(claim_type_id=self.type_quality.id)
        self.assertEqual(len(self._notified(self.type_dispatcher.partner_id)), 1)
        self.assertEqual(len(self._notified(self.dispatcher.partner_id)), 2)
        self.assertTrue(other)

    def test_api_claims_registration_mail_is_queued(self):
        """Claims created over the API get the registration e-mail (and its PDF)
        from a scheduled action, once; other channels at once."""
        claim = self._create_claim(channel="api")
        self.assertTrue(claim.registration_mail_pending)
        self.assertFalse(self._messages(claim, "was registered"))
        backend = self._create_claim()
        self.assertFalse(backend.registration_mail_pending)
        self.assertEqual(len(self._messages(backend, "was registered")), 1)
        # quantities read as people write them, signed by the user acting
        body = self._messages(backend, "was registered").body
        self.assertIn("2 Units", body)
        self.assertNotIn("2.0 Units", body)
        self.assertEqual(
            self._messages(backend, "was registered").author_id,
            self.operator.partner_id,
        )

        self.env["claim.claim"]._cron_claim_registration_mails()
        registered = self._messages(claim, "was registered")
        self.assertEqual(len(registered), 1)
        self.assertEqual(registered.partner_ids, self.customer_contact)
        self.assertIn("Registration Protocol", registered.attachment_ids.name)
        self.assertFalse(claim.registration_mail_pending)
        self.env["claim.claim"]._cron_claim_registration_mails()
        self.assertEqual(len(self._messages(claim, "was registered")), 1)

    def test_responsible_told_on_assignment(self):
        claim = self._create_claim()
        claim.user_id = self.claim_user
        assigned = self._notified(self.claim_user.partner_id)
        self.assertEqual(len(assigned), 1)
        self.assertIn(self.claim_user.partner_id, claim.message_partner_ids)

    def test_customer_emails_once_per_event(self):
        claim = self._create_claim()
        customer = self.customer_contact
        registered = self._messages(claim, "was registered")
        self.assertEqual(len(registered), 1)
        self.assertEqual(registered.partner_ids, customer)
        self.assertIn("Office Chair", registered.body)
        # the registration protocol goes with it and stays on the claim
        self.assertIn("Registration Protocol", registered.attachment_ids.name)

        self._flush_tracking()
        claim.action_start()
        self._flush_tracking()
        status = self._messages(claim, "is now In Assessment")
        self.assertEqual(len(status), 1)
        self.assertIn(customer, status.notified_partner_ids)
        claim.action_accept_all()
        claim.action_decide()
        self._flush_tracking()
        decided = self._messages(claim, "Decision on your claim")
        self.assertEqual(len(decided), 1)
        self.assertIn("accepted", decided.body)
        self.assertIn(customer, decided.notified_partner_ids)
        self.assertIn("Decision Protocol", decided.attachment_ids.name)
        # the customer finds the decision protocol among the claim's files
        self.assertIn(decided.attachment_ids, claim._customer_visible_attachments())

        claim.action_resolve()
        self._flush_tracking()
        claim.action_close()
        self._flush_tracking()
        self.assertEqual(len(self._messages(claim, "is resolved")), 1)
        self.assertEqual(len(self._messages(claim, "is closed")), 1)
        self.assertEqual(len(self._messages(claim, "Decision on your claim")), 1)
        self.assertEqual(len(self._messages(claim, "is now In Assessment")), 1)

    def test_hidden_stage_sends_nothing(self):
        claim = self._create_claim()
        self._flush_tracking()
        before = len(claim.message_ids)
        claim.action_cancel()
        self._flush_tracking()
        sent = claim.message_ids[: len(claim.message_ids) - before]
        self.assertFalse(sent.filtered(lambda m: customer_in(m, self.customer_contact)))

    def test_internal_notes_never_reach_the_customer(self):
        claim = self._create_claim()
        claim.message_subscribe(partner_ids=self.customer_contact.ids)
        note = claim.message_post(
            body="Warehouse says the box was fine.", subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(note.notified_partner_ids & self.customer_contact)
        reply = claim.message_post(
            body="We received your photos.",
            subtype_xmlid="mail.mt_comment",
            message_type="comment",
        )
        self.assertIn(self.customer_contact, reply.notified_partner_ids)

    def test_reminder_while_waiting_for_customer(self):
        with freeze_time("2026-03-02 09:00:00"):
            claim = self._create_claim()
            claim.waiting_for_customer = True
            self.assertTrue(claim.date_waiting_since)
        Claim = self.env["claim.claim"]
        with freeze_time("2026-03-05 09:00:00"):
            Claim._cron_claim_customer_reminders()
        self.assertFalse(self._messages(claim, "We are waiting for you"))
        with freeze_time("2026-03-10 09:00:00"):
            Claim._cron_claim_customer_reminders()
            Claim._cron_claim_customer_reminders()
        self.assertEqual(len(self._messages(claim, "We are waiting for you")), 1)
        claim.waiting_for_customer = False
        self.assertFalse(claim.customer_reminder_sent)

    def test_claim_from_incoming_email_and_reply(self):
        domain = self.env["mail.alias.domain"].create({"name": "claims.example.com"})
        self.type_transport.write(
            {"alias_name": "transport", "alias_domain_id": domain.id}
        )
        self.assertEqual(
            self.type_transport.alias_email, "transport@claims.example.com"
        )
        picture = base64.b64encode(b"\x89PNG fake image").decode()
        message = INCOMING.format(
            sender="anna@acme.example.com",
            sender_name="Anna Acme",
            to="transport@claims.example.com",
            subject="Broken pallet",
            message_id="<claim-1@acme.example.com>",
            extra="",
            body="The pallet arrived broken, see the photo.",
            attachment=picture,
        )
        self.customer_contact.email = "anna@acme.example.com"
        claim_id = self.env["mail.thread"].message_process("claim.claim", message)
        claim = self.env["claim.claim"].browse(claim_id)
        self.assertEqual(claim.channel, "email")
        self.assertEqual(claim.claim_type_id, self.type_transport)
        self.assertEqual(claim.partner_id, self.customer_contact)
        self.assertRegex(claim.name, r"^CLM/\d{4}/\d{5}$")
        self.assertIn("pallet arrived broken", claim.description)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "claim.claim"), ("res_id", "=", claim.id)]
        )
        # the photo is kept; the registration protocol sent back is there too
        self.assertIn("broken.png", attachments.mapped("name"))

        reply = INCOMING.format(
            sender="anna@acme.example.com",
            sender_name="Anna Acme",
            to="transport@claims.example.com",
            subject=f"Re: {claim.name}",
            message_id="<claim-2@acme.example.com>",
            extra="In-Reply-To: <claim-1@acme.example.com>\n",
            body="Here is one more photo.",
            attachment=picture,
        )
        count = self.env["claim.claim"].search_count([])
        thread_id = self.env["mail.thread"].message_process("claim.claim", reply)
        self.assertEqual(thread_id, claim.id)
        self.assertEqual(self.env["claim.claim"].search_count([]), count)
        self.assertTrue(self._messages(claim, "one more photo"))

    def test_unknown_sender_becomes_a_customer(self):
        domain = self.env["mail.alias.domain"].create({"name": "claims.example.org"})
        self.type_quality.write({"alias_name": "quality", "alias_domain_id": domain.id})
        message = INCOMING.format(
            sender="new.buyer@example.net",
            sender_name="New Buyer",
            to="quality@claims.example.org",
            subject="Scratched table",
            message_id="<claim-3@example.net>",
            extra="",
            body="The table top is scratched.",
            attachment=base64.b64encode(b"x").decode(),
        )
        claim = self.env["claim.claim"].browse(
            self.env["mail.thread"].message_process("claim.claim", message)
        )
        self.assertEqual(claim.partner_id.email, "new.buyer@example.net")
        self.assertEqual(claim.claim_type_id, self.type_quality)
        # received when the e-mail was sent, never in the future
        self.assertLessEqual(claim.date_received, fields.Datetime.now())


def customer_in(message, partner):
    return partner in message.notified_partner_ids or partner in message.partner_ids
