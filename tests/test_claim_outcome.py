from odoo.exceptions import AccessError, UserError

from .common import ClaimCommon


class TestClaimOutcome(ClaimCommon):
    """The company's own outcomes: chosen per claim by operators and managers,
    beside the legal decision; in the analysis and, when marked so, on the
    decision protocol."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Outcome = cls.env["claim.outcome"]
        cls.voucher = cls.Outcome.create(
            {"name": "Goodwill voucher", "customer_visible": True}
        )
        cls.supplier = cls.Outcome.create({"name": "Repaired by the supplier"})
        cls.outcome_b = cls.Outcome.create(
            {"name": "Company B outcome", "company_id": cls.company_2.id}
        )

    def test_operator_sets_outcome(self):
        claim = self._decided_claim()
        # tracking starts once the creating transaction is over
        self._flush_tracking()
        claim.with_user(self.operator).outcome_id = self.voucher
        self._flush_tracking()
        self.assertEqual(claim.outcome_id, self.voucher)
        # the legal decision stays as decided
        self.assertEqual(claim.decision, "accepted")
        tracked = claim.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "outcome_id"
        )
        self.assertEqual(tracked.new_value_char, "Goodwill voucher")

    def test_technician_refused(self):
        claim = self._create_claim(user=self.claim_user)
        with self.assertRaises(AccessError):
            claim.with_user(self.claim_user).write({"outcome_id": self.voucher.id})
        with self.assertRaises(AccessError):
            self._create_claim(user=self.claim_user, outcome_id=self.voucher.id)
        self.assertFalse(claim.outcome_id)
        # writing the same value again (a form saving all fields) passes
        claim.with_user(self.claim_user).write({"outcome_id": False})

    def test_other_company_outcome_refused(self):
        claim = self._create_claim()
        with self.assertRaises(UserError):
            claim.with_user(self.manager).outcome_id = self.outcome_b
        self.assertFalse(claim.outcome_id)

    def test_outcomes_are_configured_by_managers(self):
        with self.assertRaises(AccessError):
            self.Outcome.with_user(self.operator).create({"name": "Mine"})
        with self.assertRaises(AccessError):
            self.voucher.with_user(self.operator).name = "Voucher"
        outcome = self.Outcome.with_user(self.manager).create({"name": "Withdrawn"})
        outcome.action_archive()
        self.assertFalse(outcome.active)
        # users see the shared outcomes and those of their companies
        visible = self.Outcome.with_user(self.operator_b).search([])
        self.assertIn(self.outcome_b, visible)
        self.assertIn(self.voucher, visible)
        self.assertNotIn(
            self.outcome_b, self.Outcome.with_user(self.operator).search([])
        )

    def test_protocol_shows_customer_visible_outcome(self):
        claim = self._decided_claim()
        report = self.env["ir.actions.report"]
        claim.outcome_id = self.supplier
        html = report._render_qweb_html(
            "claim_management.report_claim_decision", claim.ids
        )[0].decode()
        self.assertNotIn("Repaired by the supplier", html)
        claim.outcome_id = self.voucher
        html = report._render_qweb_html(
            "claim_management.report_claim_decision", claim.ids
        )[0].decode()
        self.assertIn("Goodwill voucher", html)

    def test_analysis_by_outcome(self):
        first = self._decided_claim()
        first.outcome_id = self.voucher
        self._decided_claim().outcome_id = self.supplier
        self._create_claim(
            lines=[(self.product_a, 1.0, 100.0), (self.product_b, 1.0, 30.0)]
        )
        self.env.flush_all()
        groups = dict(
            self.env["claim.analysis"]._read_group(
                [("claim_id.partner_id", "=", self.customer_contact.id)],
                ["outcome_id"],
                ["claim_count:count_distinct"],
            )
        )
        self.assertEqual(groups[self.voucher], 1)
        self.assertEqual(groups[self.supplier], 1)
        self.assertEqual(groups[self.Outcome], 1)

    def test_outcome_name_translatable(self):
        self.env["res.lang"]._activate_lang("pl_PL")
        self.voucher.with_context(lang="pl_PL").name = "Bon rabatowy"
        self.assertEqual(self.voucher.with_context(lang="pl_PL").name, "Bon rabatowy")
        self.assertEqual(self.voucher.name, "Goodwill voucher")
