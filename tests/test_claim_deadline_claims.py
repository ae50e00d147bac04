from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ClaimCommon


@tagged("post_install", "-at_install")
class TestClaimDeadlineOnClaims(ClaimCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.country_id = cls.env.ref("base.pl")
        calendar = cls.company.resource_calendar_id
        calendar.tz = "Europe/Warsaw"
        calendar._claim_load_public_holidays("PL", [2026, 2027])
        cls.consumer = cls.env["res.partner"].create(
            {"name": "Jan Kowalski", "email": "jan@example.com"}
        )

    def _claim(self, partner=None, received="2026-03-02 10:00:00", **vals):
        values = {
            "partner_id": (partner or self.consumer).id,
            "claim_type_id": self.type_quantity.id,
            "date_received": received,
            "description": "<p>Broken.</p>",
            "line_ids": [
                Command.create(
                    {"product_id": self.product_a.id, "quantity": 1, "price_unit": 10}
                )
            ],
        }
        values.update(vals)
        return self.env["claim.claim"].with_user(self.operator).create(values)

    def test_legal_regime(self):
        self.assertEqual(self._claim().legal_regime, "pl_consumer")
        self.assertEqual(self._claim(partner=self.customer).legal_regime, "b2b")
        self.type_quality.legal_basis = "commercial"
        commercial = self._claim(claim_type_id=self.type_quality.id)
        self.assertEqual(commercial.legal_regime, "consumer")
        self.type_quality.legal_basis = "b2b_contract"
        self.assertEqual(
            self._claim(claim_type_id=self.type_quality.id).legal_regime, "b2b"
        )
        self.company.country_id = self.env.ref("base.cz")
        self.assertEqual(self._claim().legal_regime, "cz_consumer")

    def test_polish_consumer_deadlines(self):
        claim = self._claim(received="2026-03-23 10:00:00")
        # 14 days end on Easter Monday: the next working day
        self.assertEqual(claim.response_deadline, date(2026, 4, 7))
        self.assertEqual(claim.resolution_deadline, date(2026, 4, 22))

    def test_czech_extension(self):
        self.company.country_id = self.env.ref("base.cz")
        claim = self._claim(received="2026-03-02 10:00:00")
        self.assertEqual(claim.legal_regime, "cz_consumer")
        self.assertEqual(claim.resolution_deadline, date(2026, 4, 1))
        claim.write(
            {"agreed_extension_days": 15, "extension_reason": "Waiting for parts"}
        )
        self.assertEqual(claim.resolution_deadline, date(2026, 4, 16))

    def test_business_sla_in_working_days(self):
        self.type_quantity.write({"response_days": 2, "resolution_days": 10})
        claim = self._claim(partner=self.customer, received="2026-12-18 10:00:00")
        self.assertEqual(claim.response_deadline, date(2026, 12, 22))
        self.assertEqual(claim.resolution_deadline, date(2027, 1, 7))
        self.customer.claim_sla_days = 5
        other = self._claim(partner=self.customer, received="2026-12-18 10:00:00")
        self.assertEqual(other.resolution_deadline, date(2026, 12, 29))

    def test_legal_regime_changed_by_managers_only(self):
        claim = self._claim()
        with self.assertRaises(AccessError):
            claim.write({"legal_regime": "consumer"})
        claim.with_user(self.manager).write({"legal_regime": "consumer"})
        self.assertEqual(claim.legal_regime, "consumer")

    def test_reminder_escalation_and_deemed_acceptance_once(self):
        with freeze_time("2026-03-02 10:00:00"):
            claim = self._claim(user_id=self.operator.id)
            self.assertEqual(claim.response_deadline, date(2026, 3, 16))
            self.assertEqual(claim.deadline_status, "on_time")
        Claim = self.env["claim.claim"]
        with freeze_time(datetime(2026, 3, 14, 4, 0)):
            Claim._cron_claim_deadlines()
            Claim._cron_claim_deadlines()
        self.assertEqual(claim.deadline_status, "due_soon")
        self.assertTrue(claim.deadline_reminder_sent)
        self.assertEqual(len(claim.activity_ids), 1)
        self.assertEqual(claim.activity_ids.date_deadline, date(2026, 3, 16))
        self.assertEqual(claim.activity_ids.user_id, self.operator)

        with freeze_time(datetime(2026, 3, 17, 4, 0)):
            Claim._cron_claim_deadlines()
            Claim._cron_claim_deadlines()
        self.assertEqual(claim.deadline_status, "overdue")
        self.assertTrue(claim.deadline_escalated)
        self.assertTrue(claim.deemed_accepted)
        escalations = claim.message_ids.filtered(
            lambda m: "is overdue" in (m.body or "")
        )
        self.assertEqual(len(escalations), 1)
        self.assertIn(self.manager.partner_id, escalations.partner_ids)
        deemed = claim.message_ids.filtered(
            lambda m: "deemed accepted" in (m.body or "")
        )
        self.assertEqual(len(deemed), 1)
        self.assertEqual(len(claim.activity_ids), 1)

    def test_decision_email_is_the_answer(self):
        """The decision e-mail of the Decided stage (with its protocol) is
        the answer the law counts: sent in time, no deemed acceptance."""
        with freeze_time("2026-03-02 10:00:00"):
            claim = self._claim()
        with freeze_time("2026-03-09 15:00:00"):
            claim.action_start()
            claim.action_accept_all()
            claim.action_decide()
            self._flush_tracking()
        self.assertEqual(claim.decision_sent_date, datetime(2026, 3, 9, 15, 0))
        decision_mail = claim.message_ids.filtered(
            lambda m: (
                m.subtype_id == self.env.ref("mail.mt_comment")
                and self.consumer in m.partner_ids
                and m.attachment_ids
            )
        )
        self.assertTrue(decision_mail, "the decision e-mail with its protocol left")
        with freeze_time(datetime(2026, 3, 17, 4, 0)):
            self.env["claim.claim"]._cron_claim_deadlines()
        self.assertFalse(claim.deemed_accepted)
        self.assertFalse(claim.deadline_escalated)

    def test_answer_sent_in_time(self):
        # no e-mail address: the answer went by post, the operator records it
        self.consumer.email = False
        with freeze_time("2026-03-02 10:00:00"):
            claim = self._claim()
            claim.action_start()
            claim.action_accept_all()
            claim.action_decide()
        with freeze_time("2026-03-10 10:00:00"):
            claim.action_mark_decision_sent()
        self.assertEqual(claim.decision_sent_date, datetime(2026, 3, 10, 10, 0))
        self.assertAlmostEqual(claim.days_to_first_answer, 8.0)
        with freeze_time(datetime(2026, 3, 17, 4, 0)):
            self.env["claim.claim"]._cron_claim_deadlines()
        self.assertFalse(claim.deemed_accepted)
        # the resolution deadline (1 April) now matters
        self.assertEqual(claim.deadline_status, "on_time")


@tagged("post_install", "-at_install")
class TestClaimStageTimeFrames(ClaimCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.resource_calendar_id.tz = "UTC"
        cls.type_quantity.stage_frame_ids = [
            Command.create(
                {
                    "stage_id": cls.stage_new.id,
                    "days": 1,
                    "user_id": cls.operator.id,
                    "deputy_id": cls.manager.id,
                }
            ),
            Command.create(
                {
                    "stage_id": cls.stage_in_progress.id,
                    "days": 2,
                    "user_id": cls.claim_user.id,
                }
            ),
            Command.create({"stage_id": cls.stage_decided.id, "days": 3}),
        ]

    def test_time_frames_plan_and_history(self):
        with freeze_time("2026-03-02 09:00:00"):  # a Monday
            claim = self._create_claim()
            self.assertEqual(claim.stage_deadline, date(2026, 3, 3))
            activity = claim.activity_ids
            self.assertEqual(activity.user_id, self.operator)
            self.assertEqual(activity.date_deadline, date(2026, 3, 3))
            self.assertIn(self.manager.partner_id, claim.message_partner_ids)
            # in progress 2 working days after 3 March, decided 3 more
            self.assertIn("2026-03-05", claim.stage_plan)
            self.assertIn("2026-03-10", claim.stage_plan)
        with freeze_time("2026-03-05 09:00:00"):
            # the new stage ran late: the later stages move
            claim.invalidate_recordset(["stage_plan"])
            self.assertIn("2026-03-09", claim.stage_plan)
            self.assertIn("2026-03-12", claim.stage_plan)
            claim.action_start()
        self.assertEqual(claim.stage_deadline, date(2026, 3, 9))
        history = claim.stage_history_ids.sorted("date_in")
        self.assertEqual(history.stage_id, self.stage_new | self.stage_in_progress)
        self.assertAlmostEqual(history[0].days, 3.0)
        self.assertTrue(history[0].late)
        self.assertFalse(history[1].date_out)
        self.assertIn(self.claim_user, claim.activity_ids.user_id)

    def test_late_stage_goes_to_the_deputy_once(self):
        with freeze_time("2026-03-02 09:00:00"):
            claim = self._create_claim()
        Claim = self.env["claim.claim"]
        with freeze_time("2026-03-04 04:00:00"):
            Claim._cron_claim_deadlines()
            Claim._cron_claim_deadlines()
        self.assertTrue(claim.stage_escalated)
        deputy_activities = claim.activity_ids.filtered(
            lambda a: a.user_id == self.manager
        )
        self.assertEqual(len(deputy_activities), 1)
        self.assertIn("is late", deputy_activities.summary)

    def test_archived_responsible_replaced_by_deputy(self):
        self.operator.active = False
        claim = self._create_claim(user=self.manager)
        self.assertEqual(claim.activity_ids.user_id, self.manager)
        self.assertEqual(claim.stage_history_ids.user_id, self.manager)
