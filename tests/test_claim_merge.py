from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from .common import ClaimCommon


class TestClaimMerge(ClaimCommon):
    """Merging duplicate claims: products, messages, files and followers move
    to the claim kept, the others are archived with a link; refused for other
    customers or companies, a single claim, decided claims, technicians and
    claims the user cannot change."""

    def _merge_wizard(self, claims, user=None, target=None):
        wizard_env = self.env(user=user or self.operator)
        form = Form(
            wizard_env["claim.merge.wizard"].with_context(
                active_model="claim.claim", active_ids=claims.ids
            )
        )
        if target:
            form.target_id = target
        return form.save()

    def test_merge_duplicates(self):
        first = self._create_claim()
        second = self._create_claim(lines=[(self.product_b, 1.0, 30.0)])
        second.message_post(body="Photos of the broken lamp.", message_type="comment")
        attachment = self.env["ir.attachment"].create(
            {
                "name": "lamp.png",
                "raw": b"lamp",
                "res_model": "claim.claim",
                "res_id": second.id,
            }
        )
        second.message_subscribe(partner_ids=self.other_user.partner_id.ids)
        activity = second.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.operator.id
        )
        wizard = self._merge_wizard(first | second)
        # the claim received first is kept by default
        self.assertEqual(wizard.target_id, first)
        action = wizard.action_merge()
        self.assertEqual(action["res_id"], first.id)
        self.assertEqual(first.line_ids.product_id, self.product_a | self.product_b)
        self.assertFalse(second.line_ids)
        self.assertEqual(first.amount_claimed, 230.0)
        self.assertIn(
            "Photos of the broken lamp.", "".join(first.message_ids.mapped("body"))
        )
        self.assertEqual(attachment.res_id, first.id)
        self.assertIn(self.other_user.partner_id, first.message_partner_ids)
        self.assertEqual(activity.res_id, first.id)
        self.assertFalse(second.active)
        self.assertEqual(second.merged_into_id, first)
        self.assertIn(second.name, first.message_ids[0].body)
        self.assertIn("Merged into claim", second.message_ids[0].body)

    def test_refused_for_other_customer(self):
        first = self._create_claim()
        other_customer = self.env["res.partner"].create({"name": "Other Customer"})
        second = self._create_claim(partner_id=other_customer.id)
        with self.assertRaisesRegex(UserError, "same customer and company"):
            first.with_user(self.operator)._merge_claims(second)
        self.assertTrue(second.active)
        self.assertEqual(len(second.line_ids), 1)

    def test_refused_for_other_company(self):
        self.manager.company_ids |= self.company_2
        first = self._create_claim(user=self.manager)
        second = self._create_claim(user=self.manager, company_id=self.company_2.id)
        with self.assertRaisesRegex(UserError, "same customer and company"):
            first.with_user(self.manager)._merge_claims(second)

    def test_refused_for_a_single_claim(self):
        claim = self._create_claim()
        with self.assertRaisesRegex(UserError, "at least two claims"):
            self._merge_wizard(claim).action_merge()
        with self.assertRaisesRegex(UserError, "at least two claims"):
            claim.with_user(self.operator)._merge_claims(claim)

    def test_refused_after_the_decision(self):
        first = self._create_claim()
        decided = self._decided_claim()
        with self.assertRaisesRegex(
            UserError, "only new claims and claims in progress"
        ):
            first.with_user(self.operator)._merge_claims(decided)
        with self.assertRaisesRegex(
            UserError, "only new claims and claims in progress"
        ):
            decided.with_user(self.operator)._merge_claims(first)
        self.assertEqual(len(decided.line_ids), 1)
        self.assertTrue(first.active)

    def test_refused_for_archived_claim(self):
        first = self._create_claim()
        second = self._create_claim()
        second.action_archive()
        with self.assertRaisesRegex(UserError, "is archived"):
            first.with_user(self.operator)._merge_claims(second)

    def test_refused_for_technicians(self):
        first = self._create_claim(user=self.claim_user)
        second = self._create_claim(user=self.claim_user)
        with self.assertRaises(AccessError):
            first.with_user(self.claim_user)._merge_claims(second)
        self.assertTrue(second.active)

    def test_refused_for_claims_out_of_reach(self):
        first = self._create_claim()
        second = self._create_claim()
        with self.assertRaises(AccessError):
            first.with_user(self.operator_b)._merge_claims(second)
        self.assertTrue(second.active)
        self.assertEqual(len(first.line_ids), 1)

    def test_merged_into_is_the_workflows(self):
        first = self._create_claim()
        second = self._create_claim()
        with self.assertRaises(AccessError):
            second.with_user(self.operator).write({"merged_into_id": first.id})
        self.assertEqual(
            self.env["claim.merge.wizard"]
            .with_user(self.operator)
            .create(
                {
                    "claim_ids": [Command.set((first | second).ids)],
                    "target_id": second.id,
                }
            )
            .action_merge()["res_id"],
            second.id,
        )
        self.assertEqual(first.merged_into_id, second)
