"""Issue 19, retail chains: one credit note per chain and period for the
accepted claims of all its stores."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_resolution import ClaimResolutionCommon


@tagged("post_install", "-at_install")
class TestClaimSettlement(ClaimResolutionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store_krakow, cls.store_brno = cls.env["res.partner"].create(
            [
                {
                    "name": "Store Krakow",
                    "parent_id": cls.customer.id,
                    "type": "delivery",
                },
                {
                    "name": "Store Brno",
                    "parent_id": cls.customer.id,
                    "type": "delivery",
                },
            ]
        )
        cls.invoice_krakow = cls._store_invoice(cls.store_krakow, 100.0)
        cls.invoice_brno = cls._store_invoice(cls.store_brno, 90.0)
        cls.other_order = cls._sale(
            [(cls.product_a, 2, 100.0)], partner=cls.other_customer
        )
        cls._deliver(cls.other_order.picking_ids)
        cls.other_invoice = cls._invoice(cls.other_order)
        cls.chain_operator = cls._new_user(
            "claim_settle_operator", "claim_management.group_claim_operator"
        )
        cls.today = fields.Date.context_today(cls.env["res.partner"])

    @classmethod
    def _store_invoice(cls, store, price):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "partner_shipping_id": store.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product_a.id,
                            "product_uom_qty": 4,
                            "price_unit": price,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        cls._deliver(order.picking_ids)
        return cls._invoice(order)

    def _settle(self, partner=None, date_from=None, date_to=None, user=None, **vals):
        wizard = (
            self.env["claim.settlement"]
            .with_user(user or self.chain_operator)
            .create(
                {
                    "partner_id": (partner or self.customer).id,
                    "date_from": date_from or self.today,
                    "date_to": date_to or self.today,
                    **vals,
                }
            )
        )
        action = wizard.action_create_credit_notes()
        return self.env["account.move"].search(
            action.get("domain") or [("id", "=", action["res_id"])]
        )

    def _decided_on(self, claim, days_ago):
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE claim_claim SET date_decided = %s WHERE id = %s",
            (fields.Datetime.now() - timedelta(days=days_ago), claim.id),
        )
        claim.invalidate_recordset(["date_decided"])

    def test_one_credit_note_for_the_chain_and_period(self):
        krakow = self._claim({(self.product_a, None): 2}, invoice=self.invoice_krakow)
        brno = self._claim(
            {(self.product_a, None): 3},
            invoice=self.invoice_brno,
            decisions={self.product_a: 1},
        )
        other = self._claim({(self.product_a, None): 1}, invoice=self.other_invoice)
        old = self._claim({(self.product_a, None): 1}, invoice=self.invoice_krakow)
        self._decided_on(old, 40)
        wizard = (
            self.env["claim.settlement"]
            .with_user(self.chain_operator)
            .create(
                {
                    "partner_id": self.customer.id,
                    "date_from": self.today - timedelta(days=7),
                    "date_to": self.today,
                }
            )
        )
        self.assertEqual(wizard.claim_ids, krakow | brno)
        credit_note = self._settle(date_from=self.today - timedelta(days=7))
        self.assertEqual(len(credit_note), 1)
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.state, "draft")
        self.assertEqual(credit_note.claim_ids, krakow | brno)
        self.assertEqual(credit_note.commercial_partner_id, self.customer)
        # 2 x 100 (Krakow) + 1 accepted x 90 (Brno), VAT 20 %
        self.assertEqual(credit_note.amount_untaxed, 290.0)
        self.assertAlmostEqual(credit_note.amount_total, 348.0)
        names = sorted(credit_note.invoice_line_ids.mapped("name"))
        self.assertTrue(names[0].startswith(f"{krakow.name} (Store Krakow): "), names)
        self.assertTrue(names[1].startswith(f"{brno.name} (Store Brno): "), names)
        self.assertFalse(other.credit_note_ids)
        self.assertFalse(old.credit_note_ids)
        credit_note.action_post()
        self.assertEqual(credit_note.state, "posted")
        self.assertEqual((krakow | brno).mapped("state"), ["resolved", "resolved"])
        self.assertEqual(krakow.line_ids.qty_credited, 2.0)
        self.assertEqual(brno.line_ids.qty_credited, 1.0)
        # pressed again: refused, naming the credit note
        with self.assertRaisesRegex(UserError, "already credited"):
            self._settle(date_from=self.today - timedelta(days=7))
        # the older claim in its own period
        older = self._settle(
            date_from=self.today - timedelta(days=41),
            date_to=self.today - timedelta(days=39),
        )
        self.assertEqual(older.claim_ids, old)
        self.assertEqual(older.amount_untaxed, 100.0)

    def test_claims_credited_before_are_left_out(self):
        krakow = self._claim({(self.product_a, None): 1}, invoice=self.invoice_krakow)
        brno = self._claim({(self.product_a, None): 1}, invoice=self.invoice_brno)
        krakow.action_create_credit_note()
        credit_note = self._settle()
        self.assertEqual(credit_note.claim_ids, brno)
        self.assertEqual(credit_note.amount_untaxed, 90.0)

    def test_refusals(self):
        with self.assertRaisesRegex(UserError, "left to credit"):
            self._settle()
        self._claim({(self.product_a, None): 1}, invoice=self.invoice_krakow)
        with self.assertRaises(ValidationError):
            self._settle(date_from=self.today, date_to=self.today - timedelta(days=1))
        with self.assertRaisesRegex(UserError, "not one of its addresses"):
            self._settle(partner=self.store_krakow)
        # another customer's period: nothing of this chain
        with self.assertRaisesRegex(UserError, "left to credit"):
            self._settle(partner=self.other_customer)
        # a user who may not resolve claims
        with self.assertRaises(AccessError):
            self._settle(user=self.claim_user)
        # an operator of another company
        with self.assertRaises(AccessError):
            self._settle(user=self.operator_b, company_id=self.company.id)
        with self.assertRaisesRegex(UserError, "left to credit"):
            self._settle(user=self.operator_b)
        self.assertFalse(
            self.env["account.move"].search(
                [("claim_ids.partner_id", "=", self.customer.id)]
            )
        )
