from odoo.tests import tagged

from .common import ClaimCommon


@tagged("post_install", "-at_install")
class TestClaimAnalysis(ClaimCommon):
    def test_numbers_match_the_claims(self):
        Analysis = self.env["claim.analysis"]
        before = dict(Analysis._read_group([], ["claim_type_id"], ["__count"]))
        quality = self._create_claim(
            claim_type_id=self.type_quality.id,
            lines=[(self.product_a, 2.0, 100.0), (self.product_b, 4.0, 25.0)],
        )
        self._create_claim(
            claim_type_id=self.type_quality.id, lines=[(self.product_a, 1.0, 50.0)]
        )
        quantity = self._create_claim(lines=[(self.product_b, 3.0, 10.0)])
        quality.action_start()
        quality.line_ids[0].decision = "accepted"
        quality.line_ids[1].write(
            {"decision": "partially_accepted", "quantity_accepted": 1}
        )
        quality.action_decide()
        quality.action_resolve()
        archived = self._create_claim(lines=[(self.product_a, 9.0, 9.0)])
        archived.action_archive()
        self.env.flush_all()

        rows = {
            claim_type: (count, claims, claimed, accepted)
            for claim_type, count, claims, claimed, accepted in Analysis._read_group(
                [("claim_id", "in", [*(quality | quantity).ids, quality.id + 1])],
                ["claim_type_id"],
                [
                    "__count",
                    "claim_count:count_distinct",
                    "amount_claimed:sum",
                    "amount_accepted:sum",
                ],
            )
        }
        self.assertEqual(
            rows[self.type_quality], (3, 2, 200.0 + 100.0 + 50.0, 200.0 + 25.0)
        )
        self.assertEqual(rows[self.type_quantity], (1, 1, 30.0, 0.0))
        after = dict(Analysis._read_group([], ["claim_type_id"], ["__count"]))
        self.assertEqual(
            after.get(self.type_quantity, 0) - before.get(self.type_quantity, 0),
            1,
            "archived claims are left out",
        )
        [(days,)] = Analysis._read_group(
            [("claim_id", "=", quality.id)], [], ["days_to_resolve:avg"]
        )
        self.assertGreaterEqual(days, 0.0)
        self.assertLess(days, 1.0)
        by_decision = dict(
            Analysis._read_group(
                [("claim_id", "=", quality.id)], ["decision"], ["quantity:sum"]
            )
        )
        self.assertEqual(by_decision, {"accepted": 2.0, "partially_accepted": 4.0})

    def test_operators_only_and_per_company(self):
        claim = self._create_claim(user=self.operator_b, company_id=self.company_2.id)
        self.env.flush_all()
        visible = self.env["claim.analysis"].with_user(self.operator).search([])
        self.assertNotIn(claim.id, visible.claim_id.ids)
        self.assertIn(
            claim.id,
            self.env["claim.analysis"]
            .with_user(self.operator_b)
            .search([])
            .claim_id.ids,
        )

    def test_month_received_in_company_time_zone(self):
        """The month the analysis groups by is the company's local month: a
        claim received at 23:30 UTC on 31 January is a February claim in
        Warsaw, and moves when its date is corrected."""
        self.env.company.resource_calendar_id.tz = "Europe/Warsaw"
        claim = self._create_claim(date_received="2026-01-31 23:30:00")
        self.assertEqual(str(claim.month_received), "2026-02-01")
        claim.date_received = "2026-01-31 22:30:00"
        self.assertEqual(str(claim.month_received), "2026-01-01")
        groups = self.env["claim.claim"]._read_group(
            [("id", "=", claim.id)], ["month_received:month"], ["__count"]
        )
        self.assertEqual([count for _month, count in groups], [1])
