from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError

from .common import ClaimCommon


class TestClaimAutoClose(ClaimCommon):
    """Resolved claims whose customer stays silent are announced, then closed
    through the workflow; a reply from the customer cancels it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"claim_auto_close_days": 10, "claim_auto_close_notice_days": 3}
        )
        cls.customer_contact.email = "anna@acme.example.com"
        cls.Claim = cls.env["claim.claim"]

    def _resolved_claim(self):
        claim = self._decided_claim()
        claim.action_resolve()
        self.assertEqual(claim.state, "resolved")
        self.assertTrue(claim.auto_close_since)
        return claim

    def _silent_for(self, claim, days, announced_days_ago=None):
        now = fields.Datetime.now()
        values = {"auto_close_since": now - timedelta(days=days)}
        if announced_days_ago is not None:
            values["auto_close_notice_date"] = now - timedelta(days=announced_days_ago)
        claim._workflow().write(values)

    def _notices(self, claim):
        return claim.message_ids.filtered(
            lambda m: "will be closed soon" in (m.subject or "")
        )

    def test_announce_then_close(self):
        claim = self._resolved_claim()
        self._silent_for(claim, 5)
        self.Claim._cron_claim_auto_close()
        self.assertFalse(self._notices(claim))
        self._silent_for(claim, 7)
        self.Claim._cron_claim_auto_close()
        notice = self._notices(claim)
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice.partner_ids, self.customer_contact)
        self.assertTrue(claim.auto_close_notice_date)
        self.assertEqual(claim.state, "resolved")
        # announced once
        self.Claim._cron_claim_auto_close()
        self.assertEqual(len(self._notices(claim)), 1)
        # the customer always gets the days announced, even when late
        self._silent_for(claim, 11, announced_days_ago=1)
        self.Claim._cron_claim_auto_close()
        self.assertEqual(claim.state, "resolved")
        self._silent_for(claim, 11, announced_days_ago=3)
        self.Claim._cron_claim_auto_close()
        self.assertEqual(claim.state, "closed")
        self.assertIn(
            "Closed automatically: the customer did not answer for 10 days",
            "".join(claim.message_ids.mapped("body")),
        )
        self.assertFalse(claim.auto_close_since)

    def test_customer_reply_cancels(self):
        claim = self._resolved_claim()
        self._silent_for(claim, 8)
        self.Claim._cron_claim_auto_close()
        self.assertTrue(claim.auto_close_notice_date)
        claim.message_post(
            body="The replacement does not work either.",
            author_id=self.customer_contact.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertFalse(claim.auto_close_notice_date)
        self.assertGreater(
            claim.auto_close_since, fields.Datetime.now() - timedelta(minutes=5)
        )
        self.assertIn(
            "announced automatic closing is cancelled", claim.message_ids[0].body
        )
        self.Claim._cron_claim_auto_close()
        self.assertEqual(claim.state, "resolved")
        self.assertFalse(claim.auto_close_notice_date)

    def test_staff_messages_do_not_count(self):
        claim = self._resolved_claim()
        self._silent_for(claim, 8)
        self.Claim._cron_claim_auto_close()
        claim.with_user(self.operator).message_post(
            body="Did the replacement arrive?", message_type="comment"
        )
        self.assertTrue(claim.auto_close_notice_date)

    def test_without_notice_days(self):
        self.company.claim_auto_close_notice_days = 0
        claim = self._resolved_claim()
        self._silent_for(claim, 10)
        self.Claim._cron_claim_auto_close()
        self.assertEqual(claim.state, "closed")
        self.assertFalse(self._notices(claim))

    def test_disabled(self):
        self.company.claim_auto_close_days = 0
        claim = self._resolved_claim()
        self._silent_for(claim, 100)
        self.Claim._cron_claim_auto_close()
        self.assertEqual(claim.state, "resolved")
        self.assertFalse(self._notices(claim))

    def test_other_states_not_touched(self):
        claim = self._decided_claim()
        self.assertFalse(claim.auto_close_since)
        self.Claim._cron_claim_auto_close()
        self.assertEqual(claim.state, "decided")

    def test_fields_and_settings_refused(self):
        claim = self._resolved_claim()
        with self.assertRaises(AccessError):
            claim.with_user(self.operator).write({"auto_close_notice_date": False})
        with self.assertRaises(ValidationError):
            self.company.claim_auto_close_notice_days = 10
        with self.assertRaises(ValidationError):
            self.company.claim_auto_close_days = -1
