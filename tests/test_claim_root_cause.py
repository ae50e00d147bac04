from contextlib import contextmanager

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common_resolution import ClaimResolutionCommon


@tagged("post_install", "-at_install")
class TestClaimRootCause(ClaimResolutionCommon):
    """Root causes per claim line: a tree apart from the customer's reason,
    required for a decision when the claim type says so, through every door."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cause_production = cls.env.ref("claim_management.root_cause_production")
        cls.cause_assembly = cls.env.ref(
            "claim_management.root_cause_production_assembly"
        )
        cls.cause_packing = cls.env.ref("claim_management.root_cause_packing")
        cls.type_quantity.root_cause_required = True

    @contextmanager
    def _refused(self, exception, text):
        """assertRaises (rolled back to a savepoint) and the message."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertIn(text, str(catcher.exception))

    def _open_claim(self):
        """A claim on the delivered and invoiced chairs and lamps, in
        assessment, no decision yet."""
        wizard = self._open_wizard(self.invoice)
        wizard.claim_type_id = self.type_quantity
        self._wizard_line(wizard, self.product_a).quantity = 2.0
        self._wizard_line(wizard, self.product_b).quantity = 1.0
        claim = self.env["claim.claim"].browse(wizard.action_create_claim()["res_id"])
        claim = claim.with_user(self.operator)
        claim.action_start()
        return claim

    def test_tree_of_causes(self):
        self.assertEqual(self.cause_assembly.complete_name, "Production / Assembly")
        self.assertIn(self.cause_assembly, self.cause_production.child_ids)
        with self.assertRaises(UserError):
            self.cause_production.parent_id = self.cause_assembly
        # managers add sub-causes; operators only read the tree
        sub = (
            self.env["claim.root.cause"]
            .with_user(self.manager)
            .create({"name": "Welding", "parent_id": self.cause_production.id})
        )
        self.assertEqual(sub.complete_name, "Production / Welding")
        with self.assertRaises(AccessError):
            self.env["claim.root.cause"].with_user(self.operator).create(
                {"name": "Paint", "parent_id": self.cause_production.id}
            )

    def test_decision_refused_without_root_cause_through_every_door(self):
        claim = self._open_claim()
        chair = self._line(claim, self.product_a)
        # RPC on the line
        with self._refused(ValidationError, "give the root cause"):
            chair.write({"decision": "accepted"})
        # RPC on the claim (the form saves the lines this way)
        with self._refused(ValidationError, "give the root cause"):
            claim.write(
                {"line_ids": [Command.update(chair.id, {"decision": "rejected"})]}
            )
        # the decide actions
        with self._refused(ValidationError, "give the root cause"):
            claim.action_accept_all()
        with self._refused(ValidationError, "give the root cause"):
            claim.action_reject_all()
        # the form
        form = Form(claim)
        with form.line_ids.edit(0) as line:
            line.decision = "accepted"
        with self._refused(ValidationError, "give the root cause"):
            form.save()
        self.env.invalidate_all()
        self.assertFalse(claim.line_ids.filtered("decision"))
        self.assertFalse(claim.decision)

    def test_decision_with_root_cause(self):
        claim = self._open_claim()
        claim.line_ids.write({"root_cause_id": self.cause_assembly.id})
        claim.action_accept_all()
        claim.action_decide()
        self.assertEqual(claim.state, "decided")
        self.assertEqual(claim.line_ids.root_cause_id, self.cause_assembly)
        # removing the root cause of a decided line is refused as well
        with self.assertRaises(ValidationError):
            self._line(claim, self.product_a).root_cause_id = False
        # the change of a root cause is logged on the claim
        self._line(claim, self.product_b).root_cause_id = self.cause_packing
        self.assertIn("Packing", claim.message_ids[0].body)

    def test_not_required_by_default(self):
        self.type_quantity.root_cause_required = False
        claim = self._open_claim()
        claim.action_accept_all()
        claim.action_decide()
        self.assertEqual(claim.decision, "accepted")
        self.assertFalse(claim.line_ids.root_cause_id)

    def test_type_change_to_a_type_requiring_root_causes(self):
        self.type_quantity.root_cause_required = False
        claim = self._open_claim()
        claim.action_accept_all()
        self.type_transport.root_cause_required = True
        with self._refused(ValidationError, "give the root cause"):
            claim.claim_type_id = self.type_transport

    def test_root_cause_groupable_in_lists_and_analysis(self):
        claim = self._open_claim()
        self._line(claim, self.product_a).root_cause_id = self.cause_assembly
        self._line(claim, self.product_b).root_cause_id = self.cause_packing
        claim.action_accept_all()
        lines = self.env["claim.line"].with_user(self.operator)
        self.assertEqual(
            lines.search(
                [
                    ("claim_id", "=", claim.id),
                    ("root_cause_id", "child_of", self.cause_production.id),
                ]
            ),
            self._line(claim, self.product_a),
        )
        groups = dict(
            lines._read_group(
                [("claim_id", "=", claim.id)], ["root_cause_id"], ["quantity:sum"]
            )
        )
        self.assertEqual(groups, {self.cause_assembly: 2.0, self.cause_packing: 1.0})
        analysis = dict(
            self.env["claim.analysis"]
            .with_user(self.operator)
            ._read_group([("claim_id", "=", claim.id)], ["root_cause_id"], ["__count"])
        )
        self.assertEqual(analysis, {self.cause_assembly: 1, self.cause_packing: 1})
        self.assertTrue(
            self.env["claim.claim"]
            .with_user(self.operator)
            .search([("line_ids.root_cause_id", "child_of", self.cause_production.id)])
        )
