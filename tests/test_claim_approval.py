"""Approval paths (OCA base_tier_validation): the decision waits for the
reviews, approvals and rejections are logged, reviews are the reviewers'."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_approval import ClaimApprovalCommon


@tagged("post_install", "-at_install")
class TestClaimApproval(ClaimApprovalCommon):
    def test_value_limit_needs_a_manager_review(self):
        self.type_quantity.approval_limit = 500.0
        claim = self._claim_to_decide(lines=[(self.product_a, 10.0, 100.0)])
        self.assertTrue(claim.need_validation)
        with self.assertRaisesRegex(UserError, "approval limit"):
            claim.action_decide()
        claim.request_validation()
        review = claim.review_ids
        self.assertEqual(review.definition_id, self.value_tier)
        self.assertEqual(review.status, "pending")
        self.assertIn(self.manager, review.reviewer_ids)
        self.assertNotIn(self.operator, review.reviewer_ids)
        # the operator is no reviewer: nothing is approved, the decision waits
        claim.validate_tier()
        self.assertEqual(review.status, "pending")
        with self.assertRaisesRegex(UserError, "approval limit"):
            claim.action_decide()
        claim.with_user(self.manager).validate_tier()
        self.assertEqual(review.status, "approved")
        self.assertEqual(review.done_by, self.manager)
        self.assertEqual(claim.validation_status, "validated")
        self.assertEqual(claim.approved_by_id, self.manager)
        self.assertTrue(claim.date_approved)
        note = claim.message_ids.filtered(lambda m: "Approved:" in (m.body or ""))
        self.assertEqual(note.author_id, self.manager.partner_id)
        claim.action_decide()
        self.assertEqual(claim.state, "decided")
        self.assertEqual(claim.decided_by_id, self.operator)

    def test_small_claims_need_no_approval(self):
        self.type_quantity.approval_limit = 500.0
        claim = self._claim_to_decide(lines=[(self.product_a, 1.0, 100.0)])
        self.assertFalse(claim.need_validation)
        claim.action_decide()
        self.assertEqual(claim.state, "decided")
        self.assertFalse(claim.review_ids)

    def test_rejection_and_comment_are_logged(self):
        self.value_tier.has_comment = True
        self.type_quantity.approval_limit = 50.0
        claim = self._claim_to_decide()
        claim.request_validation()
        as_manager = claim.with_user(self.manager)
        action = as_manager.reject_tier()
        self.assertEqual(action["res_model"], "comment.wizard")
        wizard = (
            self.env["comment.wizard"]
            .with_user(self.manager)
            .with_context(**action["context"])
            .create({"comment": "The photos show old damage."})
        )
        wizard.add_comment()
        self.assertEqual(claim.validation_status, "rejected")
        self.assertEqual(claim.review_ids.comment, "The photos show old damage.")
        note = claim.message_ids.filtered(lambda m: "Rejected:" in (m.body or ""))
        self.assertIn("The photos show old damage.", note.body)
        self.assertEqual(note.author_id, self.manager.partner_id)
        with self.assertRaisesRegex(UserError, "rejected by"):
            claim.action_decide()
        # the operator changes the claim: the approval starts again
        claim.line_ids.quantity = 1.0
        self.assertFalse(claim.review_ids)
        self.assertEqual(claim.validation_status, "no")
        self.assertTrue(claim.need_validation)

    def test_sequence_waits_for_the_first_tier(self):
        self.value_tier.active = False
        first = self._tier(
            "Quality lead",
            [("amount_claimed", ">", 100)],
            reviewer_id=self.manager_2.id,
            # the engine's order: the higher sequence reviews first
            sequence=20,
            approve_sequence=True,
        )
        second = self._tier(
            "Claims managers",
            [("amount_claimed", ">", 100)],
            review_type="group",
            reviewer_group_id=self.env.ref("claim_management.group_claim_manager").id,
            sequence=10,
            approve_sequence=True,
        )
        claim = self._claim_to_decide()
        claim.request_validation()
        by_tier = {review.definition_id: review for review in claim.review_ids}
        self.assertEqual(set(by_tier), {first, second})
        # the second tier's reviewer waits for the first one
        self.assertFalse(claim.with_user(self.manager).can_review)
        claim.with_user(self.manager).validate_tier()
        self.assertNotEqual(by_tier[second].status, "approved")
        claim.with_user(self.manager_2).validate_tier()
        self.assertEqual(by_tier[first].status, "approved")
        with self.assertRaisesRegex(UserError, "Claims managers"):
            claim.action_decide()
        claim.invalidate_recordset()
        self.assertTrue(claim.with_user(self.manager).can_review)
        claim.with_user(self.manager).validate_tier()
        self.assertEqual(claim.validation_status, "validated")
        claim.action_decide()
        self.assertEqual(claim.state, "decided")

    def test_parallel_tiers_in_any_order(self):
        self.value_tier.active = False
        for user in (self.manager, self.manager_2):
            self._tier(f"Review of {user.name}", [], reviewer_id=user.id)
        claim = self._claim_to_decide()
        claim.request_validation()
        self.assertEqual(set(claim.review_ids.mapped("status")), {"pending"})
        claim.with_user(self.manager_2).validate_tier()
        self.assertEqual(claim.validation_status, "pending")
        claim.with_user(self.manager).validate_tier()
        self.assertEqual(claim.validation_status, "validated")
        claim.action_decide()
        self.assertEqual(claim.state, "decided")

    def test_conditions_on_customer_type_and_company(self):
        self.value_tier.active = False
        other_customer = self.env["res.partner"].create({"name": "Other Customer"})
        self._tier(
            "Key account",
            [
                ("commercial_partner_id", "=", self.customer.id),
                ("claim_type_id", "=", self.type_quantity.id),
                ("company_id", "=", self.company.id),
            ],
            reviewer_id=self.manager.id,
        )
        self.assertTrue(self._claim_to_decide().need_validation)
        self.assertFalse(
            self._claim_to_decide(partner_id=other_customer.id).need_validation
        )
        self.assertFalse(
            self._claim_to_decide(
                claim_type_id=self.type_quality.id, reason_id=self.reason_defective.id
            ).need_validation
        )

    def test_tier_on_the_decision(self):
        self.value_tier.active = False
        self._tier(
            "Rejections", [("decision", "=", "rejected")], reviewer_id=self.manager.id
        )
        accepted = self._claim_to_decide()
        self.assertFalse(accepted.need_validation)
        rejected = self._create_claim()
        rejected.action_start()
        rejected.action_reject_all()
        with self.assertRaisesRegex(UserError, "must be approved"):
            rejected.action_decide()

    def test_team_lead_reviews_by_field(self):
        self.value_tier.active = False
        team = self.env["claim.team"].create(
            {
                "name": "Quantity",
                "user_id": self.manager_2.id,
                "assignment_method": "manual",
                "claim_type_ids": [Command.link(self.type_quantity.id)],
            }
        )
        self._tier(
            "Team lead",
            [],
            review_type="field",
            reviewer_field_id=self.env.ref(
                "claim_management.field_claim_claim__team_leader_id"
            ).id,
        )
        claim = self._claim_to_decide()
        self.assertEqual(claim.team_id, team)
        claim.request_validation()
        self.assertEqual(claim.review_ids.reviewer_ids, self.manager_2)
        claim.with_user(self.manager_2).validate_tier()
        claim.action_decide()
        self.assertEqual(claim.state, "decided")

    def test_deputy_reviews_for_a_reviewer_on_leave(self):
        self.value_tier.active = False
        self._tier("Manager 2", [], reviewer_id=self.manager_2.id)
        self.manager_2.claim_deputy_id = self.manager
        present = self._claim_to_decide()
        present.request_validation()
        self.assertEqual(present.review_ids.reviewer_ids, self.manager_2)
        leave = self._leave(self.manager_2)
        away = self._claim_to_decide()
        away.request_validation()
        self.assertEqual(away.review_ids.reviewer_ids, self.manager_2 | self.manager)
        away.with_user(self.manager).validate_tier()
        self.assertEqual(away.validation_status, "validated")
        # open reviews follow the leaves: the deputy joins, and leaves again
        self.env["claim.claim"]._cron_refresh_approval_deputies()
        self.assertIn(self.manager, present.review_ids.reviewer_ids)
        leave.unlink()
        self.env["claim.claim"]._cron_refresh_approval_deputies()
        self.assertEqual(present.review_ids.reviewer_ids, self.manager_2)

    def test_users_name_their_own_deputy(self):
        self.operator.with_user(self.operator).write(
            {"claim_deputy_id": self.claim_user.id}
        )
        self.assertEqual(self.operator.claim_deputy_id, self.claim_user)

    def test_reopened_decision_needs_a_new_approval(self):
        self.type_quantity.approval_limit = 50.0
        claim = self._claim_to_decide()
        claim.request_validation()
        claim.with_user(self.manager).validate_tier()
        claim.action_decide()
        claim.with_user(self.manager)._action_reopen("Wrong quantity")
        self.assertEqual(claim.state, "in_progress")
        self.assertFalse(claim.review_ids)
        self.assertFalse(claim.approved_by_id)
        with self.assertRaisesRegex(UserError, "approval limit"):
            claim.action_decide()

    def test_manager_action_approve_requests_and_approves(self):
        self.type_quantity.approval_limit = 50.0
        claim = self._claim_to_decide()
        with self.assertRaises(AccessError):
            claim.action_approve()
        claim.with_user(self.manager).action_approve()
        self.assertEqual(claim.validation_status, "validated")
        self.assertEqual(claim.approved_by_id, self.manager)


@tagged("post_install", "-at_install")
class TestClaimApprovalGuards(ClaimApprovalCommon):
    """The engine writes reviews as the acting user: who may write them is
    checked on the reviews of claims, whatever the client."""

    def setUp(self):
        super().setUp()
        self.type_quantity.approval_limit = 50.0
        self.claim = self._claim_to_decide()
        self.claim.request_validation()
        self.review = self.claim.review_ids

    def test_operator_cannot_approve_by_writing_the_review(self):
        review = self.review.with_user(self.operator)
        with self.assertRaises(AccessError):
            review.write({"status": "approved", "done_by": self.operator.id})
        with self.assertRaises(AccessError):
            review.write({"reviewer_ids": [Command.set(self.operator.ids)]})
        with self.assertRaises(AccessError):
            review.write({"comment": "fine by me"})
        with self.assertRaises(AccessError):
            review.write({"status": "cancel"})
        self.assertEqual(self.review.status, "pending")

    def test_manager_cannot_approve_in_another_name(self):
        with self.assertRaises(AccessError):
            self.review.with_user(self.manager).write(
                {"status": "approved", "done_by": self.manager_2.id}
            )

    def test_operator_cannot_make_reviews_or_validate_the_claim(self):
        own_tier = self._tier("Mine", [("id", "=", 0)], reviewer_id=self.operator.id)
        reviews = self.env["tier.review"].with_user(self.operator)
        with self.assertRaises(AccessError):
            reviews.create(
                {
                    "model": "claim.claim",
                    "res_id": self.claim.id,
                    "definition_id": own_tier.id,
                }
            )
        claim = self.claim.with_user(self.operator)
        with self.assertRaises(AccessError):
            claim.write({"validation_status": "validated"})
        with self.assertRaises(AccessError):
            claim.write({"review_ids": [Command.unlink(self.review.id)]})
        with self.assertRaisesRegex(UserError, "approval limit"):
            claim.action_decide()

    def test_done_review_cannot_be_reopened_by_others(self):
        self.claim.with_user(self.manager).validate_tier()
        with self.assertRaises(AccessError):
            self.review.with_user(self.operator).write({"status": "pending"})
        self.assertEqual(self.review.status, "approved")

    def test_restart_is_logged_and_asks_again(self):
        self.claim.with_user(self.manager).validate_tier()
        self.claim.restart_validation()
        self.assertFalse(self.claim.review_ids)
        self.assertFalse(self.claim.approved_by_id)
        self.assertTrue(
            self.claim.message_ids.filtered(
                lambda m: "Approval restarted" in (m.body or "")
            )
        )
        with self.assertRaisesRegex(UserError, "approval limit"):
            self.claim.action_decide()

    def test_only_claim_managers_edit_claim_tiers(self):
        tiers = self.env["tier.definition"].with_user(self.manager)
        tier = tiers.create(
            {
                "name": "Manager's tier",
                "model_id": self.env.ref("claim_management.model_claim_claim").id,
                "reviewer_id": self.manager.id,
            }
        )
        tier.sequence = 5
        with self.assertRaises(AccessError):
            tiers.create(
                {
                    "name": "Partners",
                    "model_id": self.env.ref("base.model_res_partner").id,
                    "reviewer_id": self.manager.id,
                }
            )
        with self.assertRaises(AccessError):
            self.env["tier.definition"].with_user(self.operator).create(
                {"name": "Operator's", "model_id": tier.model_id.id}
            )
