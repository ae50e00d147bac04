"""Rules the claim form shows hold in the model, for every user and context
(issue: every rule holds at every door). Each test acts as the real role."""

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ClaimCommon


@tagged("post_install", "-at_install")
class TestClaimIntegrity(ClaimCommon):
    def _assert_refused(self, records, vals, exception=AccessError):
        """Writing ``vals`` is refused and nothing changes."""
        before = {name: records[name] for name in vals}
        with self.assertRaises(exception), self.cr.savepoint():
            records.write(vals)
        records.invalidate_recordset()
        for name, value in before.items():
            self.assertEqual(records[name], value, name)

    # ------------------------------------------------------------------ approval

    def test_user_cannot_approve_by_writing(self):
        self.type_quantity.approval_limit = 50.0
        claim = self._create_claim(user=self.claim_user)
        self.assertTrue(claim.approval_required)
        as_user = claim.with_user(self.claim_user)
        self._assert_refused(as_user, {"approved_by_id": self.manager.id})
        self._assert_refused(as_user, {"date_approved": fields.Datetime.now()})
        as_user.action_start()
        as_user.line_ids.write({"decision": "accepted"})
        with self.assertRaisesRegex(UserError, "approval limit"):
            as_user.action_decide()
        with self.assertRaises(AccessError):
            as_user.action_approve()
        claim.with_user(self.manager).action_approve()
        self.assertEqual(claim.approved_by_id, self.manager)
        as_user.action_decide()
        self.assertEqual(claim.state, "decided")

    # ------------------------------------------------------------------ decision

    def test_operator_cannot_rewrite_final_decision(self):
        claim = self._decided_claim(decision="rejected", user=self.operator)
        as_operator = claim.with_user(self.operator)
        for vals in (
            {"decision": "accepted"},
            {"decided_by_id": self.manager.id},
            {"date_decided": fields.Datetime.now()},
            {"deemed_accepted": True},
            {"decision_sent_date": fields.Datetime.now()},
            {"amount_accepted": 999.0},
            {"customer_disputed": True},
            {"state": "new"},
        ):
            self._assert_refused(as_operator, vals)
        self._assert_refused(
            as_operator, {"date_received": "2020-01-01 10:00:00"}, UserError
        )
        line = as_operator.line_ids
        self._assert_refused(line, {"quantity_accepted": 1.0}, UserError)
        self._assert_refused(line, {"decision": "accepted"}, UserError)
        self._assert_refused(line, {"amount_accepted": 200.0})
        self._assert_refused(line, {"amount": 1.0})
        self.assertEqual(claim.decision, "rejected")

    def test_context_keys_are_no_permission(self):
        claim = self._decided_claim(user=self.operator)
        forged = claim.with_user(self.operator).with_context(
            claim_workflow="claim_workflow",
            claim_document_reopen=True,
            claim_reopen_reason="forged",
            claim_state_reason="forged",
        )
        self._assert_refused(forged, {"decided_by_id": self.operator.id})
        self._assert_refused(forged, {"stage_id": self.stage_in_progress.id}, UserError)
        claim._workflow().write({"stage_id": self.stage_resolved.id})
        self._assert_refused(forged, {"stage_id": self.stage_decided.id}, UserError)

    def test_dispute_cleared_only_by_reopening(self):
        claim = self._decided_claim(decision="rejected")
        claim._customer_dispute(claim.partner_id, "The chair is broken.")
        self.assertTrue(claim.customer_disputed)
        self._assert_refused(
            claim.with_user(self.operator), {"customer_disputed": False}
        )
        claim.with_user(self.manager)._action_reopen("The customer is right.")
        self.assertFalse(claim.customer_disputed)

    # ------------------------------------------------------------------ deadlines

    def test_legal_fields_at_creation(self):
        with self.assertRaises(AccessError):
            self._create_claim(user=self.claim_user, legal_regime="b2b")
        with self.assertRaises(AccessError):
            self._create_claim(
                user=self.claim_user,
                agreed_extension_days=3650,
                extension_reason="Agreed",
            )
        with self.assertRaisesRegex(ValidationError, "between 0 and 90"):
            self._create_claim(
                user=self.operator,
                agreed_extension_days=3650,
                extension_reason="Agreed",
            )
        with self.assertRaisesRegex(ValidationError, "reason"):
            self._create_claim(user=self.operator, agreed_extension_days=10)
        claim = self._create_claim(
            user=self.operator, agreed_extension_days=10, extension_reason="Agreed"
        )
        self.assertEqual(claim.agreed_extension_days, 10)
        self._assert_refused(
            claim.with_user(self.operator), {"resolution_deadline": "2030-01-01"}
        )
        claim.with_user(self.manager).write({"legal_regime": "b2b"})
        self.assertEqual(claim.legal_regime, "b2b")

    # ------------------------------------------------------------------ states

    def test_type_change_keeps_the_state(self):
        stage_quality_decided = self.stage_decided.copy(
            {
                "name": "Quality Decided",
                "state": "decided",
                "type_ids": [self.type_quality.id],
            }
        )
        self.stage_decided.type_ids = self.type_quantity
        claim = self._decided_claim()
        self.assertEqual(claim.stage_id, self.stage_decided)
        with self.assertRaisesRegex(UserError, "final"), self.cr.savepoint():
            claim.with_user(self.operator).claim_type_id = self.type_quality
        self.assertEqual(claim.state, "decided")
        self.assertEqual(claim.claim_type_id, self.type_quantity)
        open_claim = self._create_claim()
        open_claim.action_start()
        open_claim.with_user(self.operator).claim_type_id = self.type_quality
        self.assertEqual(open_claim.state, "in_progress")
        # a type change made by the workflow keeps the decided state
        claim._workflow().claim_type_id = self.type_quality
        self.assertEqual(claim.stage_id, stage_quality_decided)

    def test_no_creation_into_a_final_stage(self):
        count = self.env["claim.claim"].search_count([])
        with self.assertRaises(UserError), self.cr.savepoint():
            self._create_claim(stage_id=self.stage_decided.id)
        with self.assertRaisesRegex(UserError, "cannot move"), self.cr.savepoint():
            self._create_claim(stage_id=self.stage_resolved.id, line_ids=[])
        self.assertEqual(self.env["claim.claim"].search_count([]), count)
        claim = self._create_claim(stage_id=self.stage_in_progress.id)
        self.assertEqual(claim.state, "in_progress")

    def test_move_back_asks_a_reason(self):
        claim = self._create_claim(user=self.claim_user)
        as_user = claim.with_user(self.claim_user)
        as_user.action_start()
        self.assertTrue(as_user.can_move_back)
        self.assertFalse(as_user.can_reset)
        self._assert_refused(as_user, {"stage_id": self.stage_new.id}, UserError)
        wizard_action = as_user.action_open_move_back_wizard()
        wizard = (
            self.env["claim.reopen.wizard"]
            .with_user(self.claim_user)
            .with_context(**wizard_action["context"])
            .create({"reason": "Registered too early."})
        )
        wizard.action_confirm()
        self.assertEqual(claim.state, "new")
        self._flush_tracking()
        bodies = " ".join(claim.message_ids.mapped("body"))
        self.assertIn("Registered too early.", bodies)
        self.assertIn("Moved back from stage", bodies)

    def test_reopen_only_by_manager(self):
        claim = self._decided_claim()
        with self.assertRaises(AccessError):
            claim.with_user(self.operator)._action_reopen("Why not")
        self._assert_refused(
            claim.with_user(self.operator).with_context(claim_state_reason="x"),
            {"stage_id": self.stage_in_progress.id},
            UserError,
        )
        claim.with_user(self.manager)._action_reopen("New evidence")
        self.assertEqual(claim.state, "in_progress")
        self.assertFalse(claim.date_decided)

    # ------------------------------------------------------------------ customer

    def test_customer_actions_belong_to_the_customer(self):
        claim = self._decided_claim(decision="rejected")
        for user in (self.operator, self.manager):
            with self.assertRaises(AccessError):
                claim.with_user(user).action_customer_accept()
            with self.assertRaises(AccessError):
                claim.with_user(user).action_customer_dispute("Forged.")
        with self.assertRaises(AccessError):
            claim._customer_accept(self.env.user.partner_id)
        self.assertEqual(claim.state, "decided")
        self.assertFalse(claim.customer_disputed)

    # ------------------------------------------------------------------ audit

    def test_line_and_description_changes_are_logged(self):
        claim = self._create_claim(user=self.claim_user)
        as_user = claim.with_user(self.claim_user)
        as_user.line_ids.write({"quantity": 1.0, "decision": "rejected"})
        as_user.description = "<p>Only one chair.</p>"
        self._flush_tracking()
        bodies = " ".join(claim.message_ids.mapped("body"))
        self.assertIn("Claimed products changed", bodies)
        self.assertIn("2.0 → 1.0", bodies)
        self.assertIn("Rejected", bodies)
        self.assertIn("Two chairs arrived broken.", bodies)
        self._assert_refused(as_user.line_ids, {"cost_price": 1.0})
