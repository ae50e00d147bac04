import csv
import io
from contextlib import contextmanager

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common_resolution import ClaimResolutionCommon


@tagged("post_install", "-at_install")
class TestClaimRemedy(ClaimResolutionCommon):
    """The remedy granted with the decision, and price reductions settled by
    a credit note of the agreed amounts."""

    def _assessed(self, remedy=None, decisions=None):
        """Chair x2 (100 each) and lamp x3 (30 each) claimed, lines decided,
        claim in progress; `remedy`: the remedy the customer asked for."""
        claim = self._claim(
            {(self.product_a, None): 2, (self.product_b, None): 3},
            decisions=decisions,
            decide=False,
        )
        claim.requested_remedy = remedy
        return claim

    def _reduce(self, claim, amounts):
        """Grant a price reduction of `amounts` ({product: amount}) and decide."""
        claim.with_user(self.operator).write(
            {
                "granted_remedy": "price_reduction",
                "line_ids": [
                    (1, self._line(claim, product).id, {"reduction_amount": amount})
                    for product, amount in amounts.items()
                ],
            }
        )
        claim.with_user(self.operator).action_decide()
        return claim

    @contextmanager
    def _refused(self, exception, regex):
        """assertRaisesRegex with the rollback of assertRaises: a refused
        write leaves nothing in the cache."""
        with self.assertRaises(exception) as context:
            yield context
        self.assertRegex(str(context.exception), regex)

    # Remedy granted --------------------------------------------------------

    def test_granted_remedy_defaults_to_requested_and_is_recorded(self):
        claim = self._assessed(remedy="replacement")
        self.assertFalse(claim.granted_remedy)
        # tracking starts once the creating transaction is over
        self._flush_tracking()
        claim.with_user(self.operator).action_decide()
        self.assertEqual(claim.granted_remedy, "replacement")
        self._flush_tracking()
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.res_id", "=", claim.id),
                ("mail_message_id.model", "=", "claim.claim"),
                ("field_id.name", "=", "granted_remedy"),
            ]
        )
        self.assertTrue(tracked, "the remedy granted is tracked")
        self.assertEqual(claim._api_claim_values([])["granted_remedy"], "replacement")
        html = (
            self.env["ir.actions.report"]
            .with_user(self.operator)
            ._render_qweb_html("claim_management.report_claim_decision", claim.ids)[0]
            .decode()
        )
        self.assertIn("Remedy granted", html)
        wizard = (
            self.env["claim.export"]
            .with_user(self.operator)
            .with_context(active_model="claim.claim", active_ids=claim.ids)
            .create({"file_format": "csv"})
        )
        url = wizard.action_export()["url"]
        attachment = self.env["ir.attachment"].browse(
            int(url.split("/")[3].split("?")[0])
        )
        rows = list(csv.DictReader(io.StringIO(attachment.raw.decode("utf-8-sig"))))
        self.assertEqual(rows[0]["Remedy Granted"], "Replacement")

    def test_staff_choice_kept_and_rejected_claim_grants_nothing(self):
        claim = self._assessed(remedy="refund")
        claim.with_user(self.operator).granted_remedy = "repair"
        claim.with_user(self.operator).action_decide()
        self.assertEqual(claim.granted_remedy, "repair")

        rejected = self._claim(
            {(self.product_a, None): 1}, decisions={self.product_a: 0}, decide=False
        )
        rejected.write({"requested_remedy": "refund", "granted_remedy": "refund"})
        rejected.action_decide()
        self.assertFalse(rejected.granted_remedy)

    def test_refund_label_says_withdrawal(self):
        labels = dict(
            self.env["claim.claim"]
            ._fields["requested_remedy"]
            ._description_selection(self.env)
        )
        self.assertEqual(labels["refund"], "Withdrawal (refund)")

    def test_granted_remedy_and_reduction_frozen_with_the_decision(self):
        claim = self._reduce(
            self._assessed(), {self.product_a: 30.0, self.product_b: 5.0}
        )
        as_operator = claim.with_user(self.operator)
        with self._refused(UserError, "part of its decision"):
            as_operator.write({"granted_remedy": "repair"})
        with self._refused(UserError, "decision on claim .* is final"):
            self._line(as_operator, self.product_a).reduction_amount = 10.0
        self.assertEqual(claim.granted_remedy, "price_reduction")
        self.assertEqual(self._line(claim, self.product_a).reduction_amount, 30.0)
        # the same value is no change
        as_operator.write({"granted_remedy": "price_reduction"})
        # a manager reopens the decision: it can change again
        claim.with_user(self.manager)._action_reopen("Customer prefers a repair")
        as_operator.write(
            {
                "granted_remedy": "repair",
                "line_ids": [
                    (1, line.id, {"reduction_amount": 0.0}) for line in claim.line_ids
                ],
            }
        )
        as_operator.action_decide()
        self.assertEqual(claim.granted_remedy, "repair")

    # Price reduction --------------------------------------------------------

    def test_price_reduction_credits_the_agreed_amounts(self):
        claim = self._reduce(
            self._assessed(decisions={self.product_b: 2}),
            {self.product_a: 30.0, self.product_b: 12.5},
        )
        self.assertEqual(claim.amount_reduction, 42.5)
        action = claim.with_user(self.operator).action_create_credit_note()
        credit_note = self.env["account.move"].browse(action["res_id"])
        self.assertRecordValues(
            credit_note,
            [
                {
                    "move_type": "out_refund",
                    "state": "draft",
                    "reversed_entry_id": self.invoice.id,
                    "amount_untaxed": 42.5,
                    "amount_tax": 8.5,
                    "amount_total": 51.0,
                }
            ],
        )
        lines = credit_note.invoice_line_ids.sorted("price_unit")
        invoice_lamp = self.invoice.invoice_line_ids.filtered(
            lambda aml: aml.product_id == self.product_b
        )
        self.assertRecordValues(
            lines,
            [
                {
                    "product_id": False,
                    "quantity": 1.0,
                    "price_unit": 12.5,
                    "account_id": invoice_lamp.account_id.id,
                    "claim_line_id": self._line(claim, self.product_b).id,
                    "claim_price_reduction": True,
                },
                {
                    "product_id": False,
                    "quantity": 1.0,
                    "price_unit": 30.0,
                    "account_id": invoice_lamp.account_id.id,
                    "claim_line_id": self._line(claim, self.product_a).id,
                    "claim_price_reduction": True,
                },
            ],
        )
        self.assertEqual(lines.tax_ids, self.tax)
        self.assertIn("Price reduction", lines[0].name)
        self.assertEqual(claim.line_ids.mapped("qty_to_resolve"), [0.0, 0.0])
        # pressed again: the same credit note
        again = claim.with_user(self.operator).action_create_credit_note()
        self.assertEqual(again["res_id"], credit_note.id)
        self.assertEqual(len(claim.credit_note_ids), 1)

        credit_note.action_post()
        self.assertTrue(all(claim.line_ids.mapped("is_resolved")))
        self.assertEqual(self._line(claim, self.product_b).qty_credited, 2.0)
        self.assertEqual(claim.state, "resolved")
        self.assertEqual(claim.amount_credited, 42.5)

    def test_price_reduction_has_no_stock_effect(self):
        """A storable product in perpetual (automated) valuation: crediting
        its goods would take their cost back into stock (COGS lines); a price
        reduction must not."""
        category = self.env["product.category"].create(
            {"name": "Valued (claims)", "property_valuation": "real_time"}
        )
        product = self.env["product.product"].create(
            {
                "name": "Valued Table",
                "type": "consu",
                "is_storable": True,
                "categ_id": category.id,
                "list_price": 200.0,
                "standard_price": 120.0,
                "taxes_id": [(6, 0, self.tax.ids)],
            }
        )
        self.assertEqual(product.valuation, "real_time")
        self._stock(product, 5)
        order = self._sale([(product, 2, 200.0)])
        self._deliver(order.picking_ids)
        invoice = self._invoice(order)
        self.assertTrue(
            invoice.line_ids.filtered(lambda aml: aml.display_type == "cogs"),
            "the invoice of a valued product posts its cost of goods sold",
        )
        claim = self._claim({(product, None): 2}, invoice=invoice, decide=False)
        self._reduce(claim, {product: 50.0})
        claim.action_create_credit_note()
        credit_note = claim.credit_note_ids
        credit_note.action_post()
        self.assertFalse(
            credit_note.line_ids.filtered(lambda aml: aml.display_type == "cogs"),
            "a price reduction takes no goods back into stock",
        )
        self.assertFalse(credit_note.line_ids.product_id)
        self.assertEqual(credit_note.amount_untaxed, 50.0)
        self.assertEqual(order.order_line.qty_invoiced, 2.0, "no goods refunded")
        self.assertTrue(claim.line_ids.is_resolved)

    def test_blank_claim_reduction_on_claims_account_with_included_tax(self):
        """Goods sold outside Odoo: the product's taxes and the company's
        claims credit account; an agreed (untaxed) amount under a tax
        included in the price is grossed up, so the credit is the amount."""
        account = self.env["account.account"].create(
            {"name": "Claims Allowances", "code": "419901", "account_type": "income"}
        )
        self.env.company.claim_credit_account_id = account
        included = self.env["account.tax"].create(
            {
                "name": "VAT 20% included (claims)",
                "amount": 20.0,
                "type_tax_use": "sale",
                "price_include_override": "tax_included",
            }
        )
        self.product_b.taxes_id = included
        claim = self._create_claim(
            lines=[(self.product_a, 1.0, 100.0), (self.product_b, 2.0, 30.0)]
        )
        claim.action_start()
        claim.line_ids.decision = "accepted"
        self._reduce(claim, {self.product_a: 20.0, self.product_b: 15.0})
        claim.with_user(self.operator).action_create_credit_note()
        credit_note = claim.credit_note_ids
        self.assertFalse(credit_note.reversed_entry_id)
        self.assertRecordValues(
            credit_note, [{"amount_untaxed": 35.0, "amount_tax": 7.0}]
        )
        self.assertEqual(credit_note.invoice_line_ids.account_id, account)
        lamp = credit_note.invoice_line_ids.filtered(
            lambda aml: aml.claim_line_id.product_id == self.product_b
        )
        self.assertRecordValues(lamp, [{"price_unit": 18.0, "price_subtotal": 15.0}])
        self.assertEqual(lamp.tax_ids, included)

    def test_reduction_refusals(self):
        claim = self._assessed(decisions={self.product_b: 0})
        chair = self._line(claim, self.product_a).with_user(self.operator)
        lamp = self._line(claim, self.product_b).with_user(self.operator)
        with self._refused(ValidationError, "cannot be negative"):
            chair.reduction_amount = -1.0
        with self._refused(ValidationError, "exceeds its accepted value"):
            chair.reduction_amount = 200.01
        with self._refused(ValidationError, "is not accepted"):
            lamp.reduction_amount = 5.0
        chair.reduction_amount = 200.0
        # amounts agreed but another remedy granted
        claim.with_user(self.operator).granted_remedy = "repair"
        with self._refused(UserError, "does not grant a price reduction"):
            claim.with_user(self.operator).action_decide()
        # a price reduction without the amount agreed
        chair.reduction_amount = 0.0
        claim.with_user(self.operator).granted_remedy = "price_reduction"
        with self._refused(UserError, "agree the amount"):
            claim.with_user(self.operator).action_decide()
        self.assertEqual(claim.state, "in_progress")

    def test_wizard_carries_the_requested_remedy(self):
        wizard = self._open_wizard(self.invoice)
        wizard.write(
            {
                "claim_type_id": self.type_quantity.id,
                "requested_remedy": "price_reduction",
            }
        )
        self._wizard_line(wizard, self.product_a, None).quantity = 1
        claim = self.env["claim.claim"].browse(wizard.action_create_claim()["res_id"])
        self.assertEqual(claim.requested_remedy, "price_reduction")
