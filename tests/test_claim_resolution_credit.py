import re

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_resolution import ClaimResolutionCommon


@tagged("post_install", "-at_install")
class TestClaimResolutionCreditNote(ClaimResolutionCommon):
    def test_partial_credit_of_three_line_invoice(self):
        claim = self._claim(
            {(self.product_a, None): 2, (self.product_lot, self.lot_1): 2},
            decisions={self.product_lot: 1},
        )
        action = claim.action_create_credit_note()
        credit_note = self.env["account.move"].browse(action["res_id"])
        self.assertRecordValues(
            credit_note,
            [
                {
                    "move_type": "out_refund",
                    "state": "draft",
                    "reversed_entry_id": self.invoice.id,
                    "partner_id": self.invoice.partner_id.id,
                    "amount_untaxed": 280.0,
                    "amount_tax": 56.0,
                    "amount_total": 336.0,
                }
            ],
        )
        self.assertEqual(claim.credit_note_ids, credit_note)
        self.assertEqual(credit_note.claim_ids, claim)
        chair = credit_note.invoice_line_ids.filtered(
            lambda aml: aml.product_id == self.product_a
        )
        invoice_chair = self.invoice.invoice_line_ids.filtered(
            lambda aml: aml.product_id == self.product_a
        )
        self.assertRecordValues(
            chair,
            [
                {
                    "quantity": 2.0,
                    "price_unit": 100.0,
                    "account_id": invoice_chair.account_id.id,
                    "claim_line_id": self._line(claim, self.product_a).id,
                }
            ],
        )
        self.assertEqual(chair.tax_ids, self.tax)
        self.assertEqual(
            len(credit_note.invoice_line_ids), 2, "the lamp is not credited"
        )
        self.assertEqual(
            credit_note.invoice_line_ids.filtered(
                lambda aml: aml.product_id == self.product_lot
            ).quantity,
            1.0,
        )
        self.assertEqual(claim.line_ids.mapped("qty_to_resolve"), [0.0, 0.0])
        self.assertFalse(claim.can_create_resolution)
        self.assertEqual(claim.state, "decided", "a draft credit note resolves nothing")

        credit_note.action_post()
        self.assertEqual(claim.state, "resolved")
        self.assertTrue(all(claim.line_ids.mapped("is_resolved")))
        self.assertEqual(self._line(claim, self.product_a).qty_credited, 2.0)
        self.assertEqual(claim.amount_credited, 280.0)
        self.assertEqual(claim.amount_resolution_cost, 280.0)
        self.env.flush_all()
        [(credited,)] = self.env["claim.analysis"]._read_group(
            [("claim_id", "=", claim.id)], [], ["amount_credited:sum"]
        )
        self.assertEqual(credited, 280.0)
        self.assertIn("resolved", claim.message_ids[0].body)

    def test_pressing_twice_gives_one_credit_note(self):
        claim = self._claim({(self.product_a, None): 2})
        first = claim.action_create_credit_note()["res_id"]
        second = claim.action_create_credit_note()["res_id"]
        self.assertEqual(first, second)
        self.assertEqual(len(claim.credit_note_ids), 1)
        claim.credit_note_ids.action_post()
        self.assertEqual(claim.action_create_credit_note()["res_id"], first)

    def test_cancelling_the_credit_note_reopens_the_claim(self):
        claim = self._claim({(self.product_a, None): 2})
        claim.action_create_credit_note()
        credit_note = claim.credit_note_ids
        credit_note.action_post()
        self.assertEqual(claim.state, "resolved")
        credit_note.button_draft()
        self.assertEqual(claim.state, "decided")
        self.assertFalse(claim.date_resolved)
        self.assertEqual(claim.line_ids.qty_to_resolve, 0.0, "still in a draft")
        credit_note.button_cancel()
        self.assertEqual(claim.line_ids.qty_to_resolve, 2.0)
        self.assertFalse(claim.line_ids.is_resolved)
        self.assertTrue(claim.can_create_resolution)
        new_note = self.env["account.move"].browse(
            claim.action_create_credit_note()["res_id"]
        )
        self.assertNotEqual(new_note, credit_note)
        new_note.action_post()
        self.assertEqual(claim.state, "resolved")

    def test_deleted_draft_credit_note_is_made_again(self):
        claim = self._claim({(self.product_a, None): 2})
        claim.action_create_credit_note()
        claim.credit_note_ids.unlink()
        self.assertEqual(claim.line_ids.qty_to_resolve, 2.0)
        claim.action_create_credit_note()
        self.assertEqual(claim.credit_note_ids.invoice_line_ids.quantity, 2.0)

    def test_two_claims_credited_together(self):
        claim_1 = self._claim({(self.product_a, None): 1})
        order_2 = self._sale([(self.product_a, 2, 110.0)])
        self._deliver(order_2.picking_ids)
        invoice_2 = self._invoice(order_2)
        claim_2 = self._claim({(self.product_a, None): 2}, invoice=invoice_2)
        action = (claim_1 | claim_2).action_create_credit_note()
        credit_note = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(len(credit_note), 1)
        self.assertEqual(credit_note.claim_ids, claim_1 | claim_2)
        self.assertEqual(claim_1.credit_note_ids, credit_note)
        self.assertEqual(claim_2.credit_note_ids, credit_note)
        self.assertEqual(
            sorted(credit_note.invoice_line_ids.mapped("price_unit")), [100.0, 110.0]
        )
        self.assertEqual(credit_note.amount_untaxed, 320.0)
        credit_note.action_post()
        self.assertEqual((claim_1 | claim_2).mapped("state"), ["resolved", "resolved"])

    def test_blank_claim_credit_note(self):
        claim = self._create_claim(lines=[(self.product_a, 2.0, 95.0)])
        claim.action_start()
        claim.line_ids.decision = "accepted"
        claim.action_decide()
        credit_note = self.env["account.move"].browse(
            claim.with_user(self.operator).action_create_credit_note()["res_id"]
        )
        self.assertFalse(credit_note.reversed_entry_id)
        self.assertEqual(credit_note.move_type, "out_refund")
        income = self.product_a.product_tmpl_id._get_product_accounts()["income"]
        self.assertRecordValues(
            credit_note.invoice_line_ids,
            [{"quantity": 2.0, "price_unit": 95.0, "account_id": income.id}],
        )
        self.assertEqual(credit_note.claim_ids, claim)

    def test_refusals(self):
        claim = self._create_claim()
        with self.assertRaisesRegex(UserError, "not decided"):
            claim.action_create_credit_note()
        rejected = self._claim(
            {(self.product_a, None): 1}, decisions={self.product_a: 0}
        )
        with self.assertRaisesRegex(UserError, "rejected"):
            rejected.action_create_credit_note()
        replaced = self._claim({(self.product_b, None): 1})
        replaced.action_create_replacement()
        with self.assertRaisesRegex(UserError, "already resolved"):
            replaced.action_create_credit_note()

    def test_refused_when_the_invoice_is_gone(self):
        claim = self._claim({(self.product_a, None): 1})
        self.invoice.button_draft()
        with self.assertRaisesRegex(UserError, "no longer posted"):
            claim.action_create_credit_note()

    def test_accountant_opens_posts_and_sees_costs(self):
        claim = self._claim({(self.product_a, None): 2})
        claim.action_create_credit_note()
        credit_note = claim.credit_note_ids.with_user(self.accountant)
        self.assertEqual(credit_note.claim_count, 1)
        action = credit_note.action_view_claims()
        self.assertEqual(action["res_id"], claim.id)
        credit_note.action_post()
        claim_as_accountant = claim.with_user(self.accountant)
        self.assertEqual(claim_as_accountant.state, "resolved")
        self.assertEqual(claim_as_accountant.amount_credited, 200.0)
        self.assertEqual(claim_as_accountant.amount_resolution_cost, 200.0)
        with self.assertRaises(AccessError):
            claim_as_accountant.write({"priority": "1"})
        with self.assertRaises(AccessError):
            claim_as_accountant.line_ids.write({"decision_note": "Fine"})
        with self.assertRaises(AccessError):
            claim_as_accountant.action_create_credit_note()

    def test_accountant_cannot_relink_credit_note_lines(self):
        """The links of credit note lines to claimed products are the
        resolution's: an accountant editing the credit note, over any door,
        cannot set, change or remove them."""
        claim = self._claim({(self.product_a, None): 2, (self.product_b, None): 1})
        claim.action_create_credit_note()
        credit_note = claim.credit_note_ids.with_user(self.accountant)
        line_a, line_b = credit_note.invoice_line_ids.sorted("claim_line_id")
        for vals in (
            {"claim_line_id": line_b.claim_line_id.id},
            {"claim_line_id": False},
            {"claim_price_reduction": True},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                line_a.write(vals)
        with self.assertRaises(AccessError):
            credit_note.write(
                {
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product_a.id,
                                "quantity": 1,
                                "price_unit": 100.0,
                                "claim_line_id": line_a.claim_line_id.id,
                            }
                        )
                    ]
                }
            )
        # editing the credit note itself stays the accountant's job
        line_a.write({"name": "Chairs, claim settled", "claim_price_reduction": False})
        credit_note.action_post()
        self.assertEqual(claim.state, "resolved")

    def test_accountant_opens_the_claim_form(self):
        claim = self._claim({(self.product_a, None): 1})
        claim.action_create_credit_note()
        claims = self.env["claim.claim"].with_user(self.accountant)
        arch = claims.get_view(view_type="form")["arch"]
        names = set(re.findall(r'<field name="(\w+)"', arch)) & set(claims._fields)
        values = claims.browse(claim.id).read(sorted(names))
        self.assertEqual(values[0]["credit_note_count"], 1)
        self.assertNotIn("repair_ids", names, "repairs are for warehouse users")

    def test_closed_claim_gets_no_new_documents(self):
        claim = self._claim({(self.product_a, None): 1})
        claim.action_close()
        with self.assertRaisesRegex(UserError, "is closed"):
            claim.action_create_credit_note()

    def test_accountant_reads_credited_blank_claim(self):
        claim = self._create_claim(lines=[(self.product_a, 1.0, 50.0)])
        claim.action_start()
        claim.line_ids.decision = "accepted"
        claim.action_decide()
        claim.action_create_credit_note()
        self.assertEqual(claim.with_user(self.accountant).amount_accepted, 50.0)


@tagged("post_install", "-at_install")
class TestClaimResolutionCostAccounts(ClaimResolutionCommon):
    def test_credit_note_on_claims_account_and_analytic(self):
        account = self.env["account.account"].create(
            {"name": "Claims Allowances", "code": "419900", "account_type": "income"}
        )
        plan = self.env["account.analytic.plan"].create({"name": "Claims"})
        analytic = self.env["account.analytic.account"].create(
            {"name": "Claims", "plan_id": plan.id}
        )
        self.env.company.write(
            {
                "claim_credit_account_id": account.id,
                "claim_analytic_account_id": analytic.id,
            }
        )
        claim = self._claim({(self.product_a, None): 1})
        claim.action_create_credit_note()
        line = claim.credit_note_ids.invoice_line_ids
        self.assertEqual(line.account_id, account)
        self.assertEqual(line.analytic_distribution, {str(analytic.id): 100.0})
        self.assertEqual(line.tax_ids, self.tax, "taxes stay those of the invoice")

    def test_operator_prints_and_exports_a_credited_claim(self):
        """With the Claims Operator role alone: the decision protocol of a
        claim with a credit note prints, and the XLSX export of its lines with
        lots works (both failed on access to credit notes and lots)."""
        claim = self._claim({(self.product_lot, self.lot_1): 1})
        as_operator = claim.with_user(self.operator)
        as_operator.action_create_credit_note()
        self.assertTrue(as_operator.credit_note_ids)
        report = self.env.ref("claim_management.action_report_claim_decision")
        html, _format = (
            self.env["ir.actions.report"]
            .with_user(self.operator)
            ._render_qweb_html(report, claim.ids)
        )
        self.assertIn(claim.name, html.decode())
        wizard = (
            self.env["claim.export"]
            .with_user(self.operator)
            .with_context(active_model="claim.claim", active_ids=claim.ids)
            .create({"file_format": "xlsx"})
        )
        self.assertEqual(wizard.action_export()["type"], "ir.actions.act_url")
