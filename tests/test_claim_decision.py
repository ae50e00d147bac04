from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import ClaimCommon


@tagged("post_install", "-at_install")
class TestClaimDecision(ClaimCommon):
    def _three_line_claim(self):
        claim = self._create_claim(
            lines=[
                (self.product_a, 2.0, 100.0),
                (self.product_b, 4.0, 25.0),
                (self.product_a, 1.0, 50.0),
            ]
        )
        claim.action_start()
        return claim

    def test_roll_up(self):
        claim = self._three_line_claim()
        line_1, line_2, line_3 = claim.line_ids
        self.assertFalse(claim.decision)
        line_1.decision = "accepted"
        self.assertFalse(claim.decision, "undecided lines leave the claim undecided")
        (line_2 | line_3).decision = "accepted"
        self.assertEqual(claim.decision, "accepted")
        line_2.decision = "rejected"
        self.assertEqual(claim.decision, "partially_accepted")
        claim.line_ids.decision = "rejected"
        self.assertEqual(claim.decision, "rejected")
        line_1.write({"decision": "partially_accepted", "quantity_accepted": 1.0})
        self.assertEqual(claim.decision, "partially_accepted")

    def test_amounts(self):
        claim = self._three_line_claim()
        line_1, line_2, line_3 = claim.line_ids
        self.assertEqual(claim.amount_claimed, 200.0 + 100.0 + 50.0)
        self.assertEqual(claim.amount_accepted, 0.0)
        line_1.decision = "accepted"
        line_2.write({"decision": "partially_accepted", "quantity_accepted": 1.0})
        line_3.decision = "rejected"
        self.assertEqual(line_1.quantity_accepted, 2.0)
        self.assertEqual(line_3.quantity_accepted, 0.0)
        self.assertEqual(claim.amount_accepted, 200.0 + 25.0)

    def test_partial_quantity_must_be_between_zero_and_claimed(self):
        claim = self._three_line_claim()
        line = claim.line_ids[1]
        with self.assertRaisesRegex(ValidationError, "partially accepted"):
            line.write({"decision": "partially_accepted", "quantity_accepted": 4.0})
        with self.assertRaisesRegex(ValidationError, "partially accepted"):
            line.write({"decision": "partially_accepted", "quantity_accepted": 0.0})

    def test_quantity_must_be_positive(self):
        claim = self._three_line_claim()
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            claim.line_ids[0].quantity = -1
            self.env.flush_all()

    def test_final_decision_locked_for_operator(self):
        claim = self._decided_claim()
        line = claim.line_ids
        with self.assertRaisesRegex(UserError, "decision on claim .* is final"):
            line.decision = "rejected"
        with self.assertRaisesRegex(UserError, "is final"):
            line.quantity = 1
        with self.assertRaisesRegex(UserError, "is final"):
            self.env["claim.line"].with_user(self.operator).create(
                {"claim_id": claim.id, "product_id": self.product_b.id, "quantity": 1}
            )
        with self.assertRaisesRegex(UserError, "is final"):
            line.unlink()
        with self.assertRaisesRegex(UserError, "decision is final"):
            claim.stage_id = self.stage_in_progress
        with self.assertRaises(UserError):
            claim.action_accept_all()
        with self.assertRaises(AccessError):
            claim.action_open_reopen_wizard()
        with self.assertRaises(AccessError):
            claim._action_reopen("customer sent new photos")
        self.assertEqual(claim.state, "decided")
        self.assertEqual(line.decision, "accepted")

    def test_manager_needs_the_wizard_and_a_reason(self):
        claim = self._decided_claim()
        claim_as_manager = claim.with_user(self.manager)
        with self.assertRaisesRegex(UserError, "decision is final"):
            claim_as_manager.stage_id = self.stage_in_progress
        with self.assertRaisesRegex(UserError, "reason"):
            claim_as_manager._action_reopen("  ")
        self.assertEqual(claim.state, "decided")

    def test_manager_reopens_and_changes_decision(self):
        claim = self._decided_claim()
        claim.action_resolve()
        action = claim.with_user(self.manager).action_open_reopen_wizard()
        wizard_form = Form(
            self.env[action["res_model"]]
            .with_user(self.manager)
            .with_context(**action["context"])
        )
        wizard_form.reason = "Expert found the defect was caused by the customer."
        wizard_form.save().action_confirm()

        self.assertEqual(claim.state, "in_progress")
        self.assertFalse(claim.date_decided)
        self.assertFalse(claim.date_resolved)
        note = claim.message_ids.filtered(
            lambda m: "Decision reopened" in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertIn("Expert found the defect", note.body)
        self.assertEqual(note.author_id, self.manager.partner_id)

        claim.line_ids.with_user(self.operator).decision = "rejected"
        claim.with_user(self.operator).action_decide()
        self.assertEqual(claim.decision, "rejected")
        self.assertEqual(claim.decided_by_id, self.operator)

    def test_only_decided_claims_can_be_reopened(self):
        claim = self._create_claim()
        with self.assertRaisesRegex(UserError, "Only decided"):
            claim.with_user(self.manager)._action_reopen("why not")
