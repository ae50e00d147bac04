from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ClaimCommon


@tagged("post_install", "-at_install")
class TestClaimMassOperation(ClaimCommon):
    def _wizard(self, claims, user=None, **vals):
        return (
            self.env["claim.mass.operation"]
            .with_user(user or self.operator)
            .with_context(active_model="claim.claim", active_ids=claims.ids)
            .create(vals)
        )

    def test_assign_responsible(self):
        claims = self._create_claim() | self._create_claim()
        wizard = self._wizard(claims, operation="assign", user_id=self.other_user.id)
        self.assertEqual(wizard.claim_ids, claims)
        action = wizard.action_apply()
        self.assertEqual(claims.user_id, self.other_user)
        # the user is told what was done, and the wizard closes
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(
            action["params"]["message"],
            f"2 claims assigned to {self.other_user.name}.",
        )
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(
            action["params"]["next"]["type"], "ir.actions.act_window_close"
        )

    def test_change_stage(self):
        claims = self._create_claim() | self._create_claim()
        action = self._wizard(
            claims, operation="stage", stage_id=self.stage_in_progress.id
        ).action_apply()
        self.assertEqual(set(claims.mapped("state")), {"in_progress"})
        self.assertEqual(
            action["params"]["message"],
            f"2 claims moved to “{self.stage_in_progress.name}”.",
        )

    def test_change_stage_refused_changes_nothing(self):
        fresh = self._create_claim()
        decided = self._decided_claim()
        other_decided = self._decided_claim()
        wizard = self._wizard(
            fresh | decided | other_decided,
            operation="stage",
            stage_id=self.stage_in_progress.id,
        )
        with self.assertRaises(UserError) as error:
            wizard.action_apply()
        message = str(error.exception)
        self.assertIn("Nothing was changed: 2 of 3 claims", message)
        self.assertIn(decided.name, message)
        self.assertIn(other_decided.name, message)
        self.assertIn("the decision is final", message)
        self.assertNotIn(fresh.name + ":", message)
        self.assertEqual(fresh.state, "new")
        self.assertEqual(decided.state, "decided")

    def test_change_stage_missing_value(self):
        wizard = self._wizard(self._create_claim(), operation="stage")
        with self.assertRaisesRegex(UserError, "Choose a value for “Stage”"):
            wizard.action_apply()

    def test_set_type_and_refusal_on_final_decision(self):
        claim = self._create_claim()
        action = self._wizard(
            claim, operation="type", claim_type_id=self.type_quality.id
        ).action_apply()
        self.assertEqual(claim.claim_type_id, self.type_quality)
        # one claim is named
        self.assertEqual(
            action["params"]["message"],
            f"{claim.name} set to type “{self.type_quality.name}”.",
        )
        decided = self._decided_claim()
        wizard = self._wizard(
            claim | decided, operation="type", claim_type_id=self.type_transport.id
        )
        with self.assertRaisesRegex(UserError, decided.name):
            wizard.action_apply()
        self.assertEqual(claim.claim_type_id, self.type_quality)

    def test_set_tags(self):
        tag_a, tag_b = self.env["claim.tag"].create([{"name": "VIP"}, {"name": "Late"}])
        claims = self._create_claim() | self._create_claim(tag_ids=[tag_b.id])
        action = self._wizard(
            claims, operation="tags", tag_ids=tag_a.ids
        ).action_apply()
        self.assertEqual(action["params"]["message"], "Tags VIP added to 2 claims.")
        self.assertEqual(claims[0].tag_ids, tag_a)
        self.assertEqual(claims[1].tag_ids, tag_a | tag_b)
        self._wizard(
            claims, operation="tags", tag_mode="remove", tag_ids=tag_a.ids
        ).action_apply()
        self.assertEqual(claims.tag_ids, tag_b)
        action = self._wizard(
            claims, operation="tags", tag_mode="replace"
        ).action_apply()
        self.assertEqual(action["params"]["message"], "Tags of 2 claims cleared.")
        self.assertFalse(claims.tag_ids)

    def test_send_templated_message(self):
        claims = self._create_claim() | self._create_claim()
        template = self.env.ref("claim_management.mail_template_claim_status")
        self._wizard(
            claims, operation="message", template_id=template.id
        ).action_apply()
        for claim in claims:
            message = claim.message_ids.filtered(
                lambda m, c=claim: m.subject and c.name in m.subject
            )
            self.assertEqual(len(message), 1)
            self.assertEqual(message.message_type, "comment")
            self.assertIn("is now at the stage", str(message.body))
            self.assertIn(self.customer_contact, message.partner_ids)

    def test_print_protocols(self):
        claims = self._create_claim() | self._create_claim()
        action = self._wizard(
            claims, operation="print", protocol="decision"
        ).action_apply()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(
            action["report_name"], "claim_management.report_claim_decision"
        )
        self.assertEqual(action["context"]["active_ids"], claims.ids)

    def test_claims_user_refused(self):
        claim = self._create_claim(user=self.claim_user)
        with self.assertRaises(AccessError):
            self._wizard(
                claim,
                user=self.claim_user,
                operation="assign",
                user_id=self.claim_user.id,
            )
