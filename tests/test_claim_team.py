"""Claim teams: the team of a new claim, its distribution to the members
(round robin, fewest open claims), members on leave skipped, the lead's
workload counts."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_approval import ClaimApprovalCommon


@tagged("post_install", "-at_install")
class TestClaimTeam(ClaimApprovalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member_a = cls._new_user(
            "team_member_a", "claim_management.group_claim_operator"
        )
        cls.member_b = cls._new_user(
            "team_member_b", "claim_management.group_claim_operator"
        )
        cls.member_c = cls._new_user(
            "team_member_c", "claim_management.group_claim_user"
        )
        cls.team = cls.env["claim.team"].create(
            {
                "name": "Quantity Team",
                "user_id": cls.manager.id,
                "claim_type_ids": [Command.link(cls.type_quantity.id)],
                "member_ids": [
                    Command.create({"user_id": user.id, "sequence": seq})
                    for seq, user in enumerate(
                        (cls.member_a, cls.member_b, cls.member_c)
                    )
                ],
            }
        )

    def _create_claims(self, count, **vals):
        values = {
            "partner_id": self.customer_contact.id,
            "claim_type_id": self.type_quantity.id,
            "description": "<p>Missing items.</p>",
            "line_ids": [
                Command.create(
                    {
                        "product_id": self.product_a.id,
                        "quantity": 1.0,
                        "price_unit": 10.0,
                    }
                )
            ],
        }
        values.update(vals)
        return (
            self.env["claim.claim"]
            .with_user(self.operator)
            .create([dict(values) for _ in range(count)])
        )

    def test_round_robin_in_turns_across_batches(self):
        self.team.assignment_method = "round_robin"
        claims = self._create_claims(4)
        self.assertEqual(claims.team_id, self.team)
        self.assertEqual(
            claims.mapped("user_id"),
            self.member_a | self.member_b | self.member_c,
        )
        self.assertEqual(
            [claim.user_id for claim in claims.sorted("id")],
            [self.member_a, self.member_b, self.member_c, self.member_a],
        )
        self.assertEqual(self._create_claims(1).user_id, self.member_b)

    def test_fewest_open_claims_first(self):
        self.team.assignment_method = "balanced"
        # member_a already has two open claims, member_b one, member_c none
        self._create_claim(user_id=self.member_a.id)
        self._create_claim(user_id=self.member_a.id)
        self._create_claim(user_id=self.member_b.id)
        claims = self._create_claims(3).sorted("id")
        self.assertEqual(
            [claim.user_id for claim in claims],
            [self.member_c, self.member_b, self.member_c],
        )
        # closed claims do not count
        self._create_claim(user_id=self.member_c.id).action_cancel()
        self.assertEqual(self._create_claims(1).user_id, self.member_a)

    def test_members_on_leave_are_skipped(self):
        self.team.assignment_method = "round_robin"
        self._leave(self.member_a)
        self._leave(self.member_c)
        claims = self._create_claims(2)
        self.assertEqual(claims.user_id, self.member_b)
        self.assertEqual(
            self.team.member_ids.filtered("is_on_leave").user_id,
            self.member_a | self.member_c,
        )

    def test_everyone_on_leave_leaves_the_claim_unassigned(self):
        for user in (self.member_a, self.member_b, self.member_c):
            self._leave(user)
        self.assertFalse(self._create_claims(1).user_id)

    def test_explicit_responsible_is_kept(self):
        claim = self._create_claim(user_id=self.member_c.id)
        self.assertEqual(claim.team_id, self.team)
        self.assertEqual(claim.user_id, self.member_c)

    def test_manual_team_keeps_the_types_user(self):
        self.team.assignment_method = "manual"
        self.type_quantity.user_id = self.member_b
        self.assertEqual(self._create_claims(2).user_id, self.member_b)

    def test_team_of_the_type_and_company(self):
        generic = self.env["claim.team"].create({"name": "Everything", "sequence": 1})
        self.assertEqual(self._create_claims(1).team_id, self.team)
        quality = self._create_claim(
            claim_type_id=self.type_quality.id, reason_id=self.reason_defective.id
        )
        self.assertEqual(quality.team_id, generic)
        self.team.company_ids = self.company_2
        self.assertEqual(self._create_claims(1).team_id, generic)

    def test_members_of_another_company_are_skipped(self):
        self.team.assignment_method = "round_robin"
        outsider = self._new_user(
            "team_member_b2",
            "claim_management.group_claim_operator",
            company=self.company_2,
        )
        self.team.member_ids = [
            Command.clear(),
            Command.create({"user_id": outsider.id}),
        ]
        self.assertFalse(self._create_claims(1).user_id)

    def test_workload_counts_for_the_lead(self):
        self._create_claim(user_id=self.member_a.id)
        overdue = self._create_claim(user_id=self.member_a.id)
        overdue._workflow().write({"deadline_status": "overdue"})
        self._create_claim(user_id=self.member_b.id).action_cancel()
        members = self.team.member_ids.with_user(self.manager)
        counts = {m.user_id: (m.open_count, m.overdue_count) for m in members}
        self.assertEqual(counts[self.member_a], (2, 1))
        self.assertEqual(counts[self.member_b], (0, 0))
        self.assertEqual(self.team.open_count, 2)
        self.assertEqual(self.team.overdue_count, 1)

    def _assign_queries(self, count):
        self.team.assignment_method = "manual"
        claims = self._create_claims(count)
        self.team.assignment_method = "balanced"
        claims.user_id = False
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        # without mail's per-record tracking and follower notifications of
        # the responsible (Odoo's own, the same at creation)
        self.team.with_context(tracking_disable=True)._assign_claims(claims)
        self.env.flush_all()
        self.assertTrue(all(claims.mapped("user_id")))
        return self.env.cr.sql_log_count - before

    def test_distribution_is_batched(self):
        # the workload and the leaves are read once, whatever the number of
        # claims: ten times the claims, about the same queries
        small = self._assign_queries(3)
        large = self._assign_queries(30)
        self.assertLessEqual(large, small + 10)

    def test_only_managers_configure_teams(self):
        with self.assertRaises(AccessError):
            self.team.with_user(self.operator).write({"assignment_method": "manual"})
        with self.assertRaises(AccessError):
            self.env["claim.team"].with_user(self.operator).create({"name": "Mine"})
        self.team.with_user(self.manager).assignment_method = "manual"
        self.assertEqual(self.team.assignment_method, "manual")

    def test_teams_of_other_companies_are_hidden(self):
        self.team.company_ids = self.company_2
        teams = self.env["claim.team"].with_user(self.operator).search([])
        self.assertNotIn(self.team, teams)
        self.assertIn(
            self.team, self.env["claim.team"].with_user(self.operator_b).search([])
        )
