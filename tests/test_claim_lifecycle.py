import re

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ClaimCommon


@tagged("post_install", "-at_install")
class TestClaimLifecycle(ClaimCommon):
    def test_sequence_numbering(self):
        first = self._create_claim()
        second = self._create_claim()
        year = fields.Date.today().year
        self.assertRegex(first.name, rf"^CLM/{year}/\d{{5}}$")
        number = int(first.name.rsplit("/", 1)[1])
        self.assertEqual(second.name, f"CLM/{year}/{number + 1:05d}")

    def test_sequence_for_user_without_sequence_rights(self):
        # A claims user has no access to ir.sequence: the number is still set.
        claim = self._create_claim(user=self.claim_user)
        self.assertTrue(re.match(r"^CLM/\d{4}/\d{5}$", claim.name))

    def test_new_claim_defaults(self):
        claim = self._create_claim()
        self.assertEqual(claim.stage_id, self.stage_new)
        self.assertEqual(claim.state, "new")
        self.assertEqual(claim.channel, "backend")
        self.assertEqual(claim.commercial_partner_id, self.customer)
        self.assertEqual(claim.company_id, self.company)
        self.assertEqual(claim.product_id, self.product_a)
        self.assertEqual(claim.amount_claimed, 200.0)
        self.assertFalse(claim.decision)
        # a business customer: the type's SLA in working days on the company calendar
        calendar = self.company.resource_calendar_id
        deadlines = self.env["claim.deadline"]
        received = deadlines._local_date(claim.date_received, calendar)
        self.assertEqual(claim.legal_regime, "b2b")
        self.assertEqual(
            claim.resolution_deadline,
            deadlines._add_working_days(
                received, self.type_quantity.resolution_days, calendar
            ),
        )

    def test_full_lifecycle(self):
        claim = self._create_claim()
        claim.action_start()
        self.assertEqual(claim.state, "in_progress")
        self.assertTrue(claim.can_decide)

        with self.assertRaisesRegex(UserError, "give a decision on every line"):
            claim.action_decide()
        self.assertEqual(claim.state, "in_progress")

        claim.action_accept_all()
        claim.action_decide()
        self.assertEqual(claim.state, "decided")
        self.assertEqual(claim.decision, "accepted")
        self.assertTrue(claim.date_decided)
        self.assertEqual(claim.decided_by_id, self.operator)
        self.assertTrue(claim.is_locked)

        claim.action_resolve()
        self.assertEqual(claim.state, "resolved")
        self.assertTrue(claim.date_resolved)

        claim.action_close()
        self.assertEqual(claim.state, "closed")
        self.assertTrue(claim.date_closed)
        self.assertFalse(claim.can_cancel)

    def test_rejected_claim_is_closed_without_resolution(self):
        claim = self._create_claim()
        claim.action_start()
        claim.action_reject_all()
        claim.action_decide()
        self.assertEqual(claim.decision, "rejected")
        self.assertFalse(claim.can_resolve)
        with self.assertRaisesRegex(UserError, "nothing to resolve"):
            claim.action_resolve()
        claim.action_close()
        self.assertEqual(claim.state, "closed")

    def test_cancel_and_reset(self):
        claim = self._create_claim()
        claim.action_cancel()
        self.assertEqual(claim.state, "cancelled")
        self.assertTrue(claim.can_reset)
        claim.action_reset_to_new()
        self.assertEqual(claim.state, "new")

    def test_decided_claim_cannot_be_cancelled(self):
        claim = self._decided_claim()
        with self.assertRaises(UserError):
            claim.action_cancel()
        self.assertEqual(claim.state, "decided")

    def test_claim_without_lines_cannot_be_decided(self):
        claim = self._create_claim(lines=[])
        claim.action_start()
        with self.assertRaisesRegex(UserError, "no claimed products"):
            claim.action_decide()

    def test_stage_moves_follow_the_workflow(self):
        """Dragging a card in the kanban obeys the same rules as the buttons."""
        claim = self._create_claim()
        claim.line_ids.decision = "accepted"
        with self.assertRaisesRegex(UserError, "cannot move"):
            claim.stage_id = self.stage_decided
        self.assertEqual(claim.state, "new")
        claim.stage_id = self.stage_in_progress
        claim.stage_id = self.stage_decided
        self.assertEqual(claim.state, "decided")
        with self.assertRaisesRegex(UserError, "cannot move"):
            claim.stage_id = self.stage_cancelled

    def test_stage_with_same_meaning_is_free(self):
        second_new = self.env["claim.stage"].create(
            {"name": "Waiting for goods", "state": "new", "sequence": 15}
        )
        claim = self._create_claim()
        claim.stage_id = second_new
        self.assertEqual(claim.state, "new")

    def test_stage_limited_to_types(self):
        transport_stage = self.env["claim.stage"].create(
            {
                "name": "Carrier notified",
                "state": "in_progress",
                "sequence": 25,
                "type_ids": [(6, 0, self.type_transport.ids)],
            }
        )
        claim = self._create_claim()
        with self.assertRaisesRegex(ValidationError, "not used for claims of type"):
            claim.stage_id = transport_stage
        stage_ids = claim._read_group_stage_ids(self.env["claim.stage"], []).ids
        self.assertIn(transport_stage.id, stage_ids)
        stage_ids = (
            claim.with_context(default_claim_type_id=self.type_quantity.id)
            ._read_group_stage_ids(self.env["claim.stage"], [])
            .ids
        )
        self.assertNotIn(transport_stage.id, stage_ids)

    def test_time_per_stage_is_tracked(self):
        claim = self._create_claim()
        # tracking starts once the creating transaction is over
        self._flush_tracking()
        claim.action_start()
        self._flush_tracking()
        claim.invalidate_recordset(["duration_tracking"])
        self.assertIn(str(self.stage_new.id), claim.duration_tracking)

    def test_stage_change_is_logged(self):
        claim = self._create_claim()
        self._flush_tracking()
        claim.action_start()
        self._flush_tracking()
        # sudo: tracking values are readable by administrators only
        tracked = claim.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "stage_id"
        )
        self.assertEqual(tracked.old_value_char, self.stage_new.name)
        self.assertEqual(tracked.new_value_char, self.stage_in_progress.name)
