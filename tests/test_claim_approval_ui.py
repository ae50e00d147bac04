"""Approval paths through the browser and over RPC, as real users holding
only their claims role."""

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import ClaimJson2Mixin, role_user


@tagged("post_install", "-at_install")
class TestClaimApprovalUi(ClaimJson2Mixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator = role_user(
            cls.env,
            "approval_operator",
            "claim_management.group_claim_operator",
            name="Olga Operator",
        )
        cls.manager = role_user(
            cls.env,
            "approval_manager",
            "claim_management.group_claim_manager",
            name="Max Manager",
        )
        cls.customer = cls.env["res.partner"].create({"name": "Approval Customer"})
        cls.product = cls.env["product.product"].create(
            {"name": "Approval Sofa", "type": "consu", "list_price": 900.0}
        )
        cls.claim_type = cls.env.ref("claim_management.type_quantity")
        cls.claim_type.approval_limit = 500.0
        claim = (
            cls.env["claim.claim"]
            .with_user(cls.operator)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "claim_type_id": cls.claim_type.id,
                    "description": "<p>One sofa missing.</p>",
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "quantity": 1.0,
                                "price_unit": 900.0,
                            }
                        )
                    ],
                }
            )
        )
        claim.action_start()
        claim.action_accept_all()
        cls.claim = claim.with_user(cls.env.user)

    def _url(self):
        return f"/odoo/action-claim_management.claim_claim_action/{self.claim.id}"

    def test_operator_requests_manager_approves_operator_decides(self):
        self.start_tour(
            self._url(),
            "claim_management_approval_request_tour",
            login=self.operator.login,
        )
        review = self.claim.review_ids
        self.assertEqual(review.status, "pending")
        self.assertEqual(review.requested_by, self.operator)
        self.start_tour(
            self._url(),
            "claim_management_approval_approve_tour",
            login=self.manager.login,
        )
        self.assertEqual(review.status, "approved")
        self.assertEqual(review.done_by, self.manager)
        self.assertEqual(self.claim.approved_by_id, self.manager)
        self.start_tour(
            self._url(),
            "claim_management_approval_decide_tour",
            login=self.operator.login,
        )
        self.assertEqual(self.claim.state, "decided")
        self.assertEqual(self.claim.decided_by_id, self.operator)

    # ------------------------------------------------------------------ RPC

    def test_json2_decision_waits_for_the_approval(self):
        ids = {"ids": self.claim.ids}
        response = self._json2(self.operator, "claim.claim", "action_decide", ids)
        self.assertNotEqual(response.status_code, 200)
        self.assertIn("approval limit", response.text)
        response = self._json2(self.operator, "claim.claim", "request_validation", ids)
        self.assertEqual(response.status_code, 200, response.text)
        review = self.claim.review_ids
        self.assertEqual(review.status, "pending")
        # the operator cannot approve the review by writing it, nor validate
        response = self._json2(
            self.operator,
            "tier.review",
            "write",
            {"ids": review.ids, "vals": {"status": "approved"}},
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertIn("AccessError", response.text)
        response = self._json2(self.operator, "claim.claim", "validate_tier", ids)
        self.assertEqual(response.status_code, 200, response.text)
        review.invalidate_recordset()
        self.assertEqual(review.status, "pending")
        response = self._json2(self.operator, "claim.claim", "action_decide", ids)
        self.assertNotEqual(response.status_code, 200)
        # the manager approves, then the operator decides
        response = self._json2(self.manager, "claim.claim", "validate_tier", ids)
        self.assertEqual(response.status_code, 200, response.text)
        response = self._json2(self.operator, "claim.claim", "action_decide", ids)
        self.assertEqual(response.status_code, 200, response.text)
        self.claim.invalidate_recordset()
        self.assertEqual(self.claim.state, "decided")
        self.assertEqual(self.claim.approved_by_id, self.manager)
