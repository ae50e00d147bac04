"""Loaner units lent to a claiming customer while their goods are repaired:
real deliveries and receipts, the refusals of the model, the overdue cron."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_loaner import ClaimLoanerMixin
from .common_resolution import ClaimResolutionCommon


@tagged("post_install", "-at_install")
class TestClaimLoaner(ClaimLoanerMixin, ClaimResolutionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_loaners()

    def _open_claim(self):
        claim = self._claim({(self.product_a, False): 1}, decide=False)
        self.assertEqual(claim.state, "in_progress")
        return claim

    # ------------------------------------------------------------------ happy path

    def test_lend_and_take_back_with_real_pickings(self):
        claim = self._open_claim()
        self.assertTrue(claim.with_user(self.operator).can_lend_loaner)
        due = fields.Date.today() + timedelta(days=10)
        loan = self._new_loan(claim, date_due=due)
        self.assertEqual(loan.state, "draft")
        self.assertEqual(loan.partner_id, claim.partner_id)
        loan.action_lend()
        self.assertEqual(loan.state, "lent")
        delivery = loan.lend_picking_id
        self.assertRecordValues(
            delivery,
            [
                {
                    "state": "done",
                    "picking_type_id": self.warehouse.out_type_id.id,
                    "location_id": self.loaner_location.id,
                    "partner_id": claim.partner_id.id,
                    "claim_loaner_id": loan.id,
                }
            ],
        )
        self.assertEqual(delivery.location_dest_id.usage, "customer")
        self.assertEqual(delivery.move_ids.move_line_ids.lot_id, self.loaner_lot_1)
        self.assertEqual(self._lot_location(self.loaner_lot_1).usage, "customer")
        self.assertEqual(self.loaner_lot_1.claim_loaner_id, loan)
        self.assertEqual(self.loaner_lot_1.claim_loaner_partner_id, claim.partner_id)
        self.assertEqual(self.loaner_lot_1.claim_loaner_date_due, due)
        self.assertEqual(claim.loaner_count, 1)
        self.assertTrue(loan.date_lent)
        # the stock knows which units are out
        Lot = self.env["stock.lot"]
        self.assertEqual(
            Lot.search([("claim_loaner_id", "!=", False)]), self.loaner_lot_1
        )
        self.assertEqual(
            Lot.search([("claim_loaner_available", "=", True)]), self.loaner_lot_2
        )
        self.assertTrue(
            claim.message_ids.filtered(lambda m: delivery.name in (m.body or ""))
        )
        # taken back when the repair returns
        loan.action_return()
        receipt = loan.return_picking_id
        self.assertEqual(loan.state, "returned")
        # a finished loan keeps its due date, its unit and its claim
        with self.assertRaisesRegex(UserError, "due date of a finished loan"):
            loan.with_user(self.operator).date_due = fields.Date.today()
        with self.assertRaisesRegex(UserError, "fixed once the unit is lent"):
            loan.with_user(self.operator).lot_id = self.loaner_lot_2
        self.assertRecordValues(
            receipt,
            [
                {
                    "state": "done",
                    "picking_type_id": self.warehouse.in_type_id.id,
                    "location_dest_id": self.loaner_location.id,
                    "claim_loaner_id": loan.id,
                }
            ],
        )
        self.assertEqual(receipt.move_ids.move_line_ids.lot_id, self.loaner_lot_1)
        self.assertEqual(self._lot_location(self.loaner_lot_1), self.loaner_location)
        self.assertFalse(self.loaner_lot_1.claim_loaner_id)
        self.assertEqual(
            Lot.search([("claim_loaner_available", "=", True)]),
            self.loaner_lot_1 | self.loaner_lot_2,
        )
        # loaner transfers are no resolution documents of the claim
        self.assertFalse(claim.picking_ids & (delivery | receipt))
        # the unit can be lent again
        other = self._open_claim()
        self._new_loan(other).action_lend()
        self.assertEqual(self.loaner_lot_1.claim_loaner_id.claim_id, other)

    def test_lend_while_repair_runs_after_claim_closed(self):
        claim = self._claim({(self.product_a, False): 1})
        claim.action_create_repair()
        repair = claim.repair_ids
        self.assertEqual(repair.state, "draft")
        claim.action_close()
        self.assertEqual(claim.state, "closed")
        # closed, but the customer still waits for the repaired goods
        self.assertTrue(claim.can_lend_loaner)
        loan = self._new_loan(claim)
        loan.action_lend()
        self.assertEqual(loan.state, "lent")
        # the repair done: the unit comes back
        repair.sudo().action_validate()
        repair.sudo().action_repair_start()
        repair.sudo().action_repair_end()
        self.assertEqual(repair.state, "done")
        self.assertFalse(claim.can_lend_loaner)
        loan.action_return()
        self.assertEqual(loan.state, "returned")
        with self.assertRaises(UserError):
            self._new_loan(claim, lot=self.loaner_lot_2)

    # ------------------------------------------------------------------ refusals

    def test_refuse_same_serial_twice(self):
        first = self._new_loan(self._open_claim())
        with self.assertRaises(ValidationError):
            self._new_loan(self._open_claim())
        first.action_lend()
        with self.assertRaises(ValidationError):
            self._new_loan(self._open_claim())
        self.assertEqual(self.env["claim.loaner"].search_count([]), 1)

    def test_refuse_lend_twice_and_return_before_lend(self):
        loan = self._new_loan(self._open_claim())
        with self.assertRaises(UserError):
            loan.action_return()
        self.assertFalse(loan.return_picking_id)
        loan.action_lend()
        picking = loan.lend_picking_id
        with self.assertRaises(UserError):
            loan.action_lend()
        self.assertEqual(loan.lend_picking_id, picking)
        with self.assertRaises(UserError):
            loan.action_cancel()
        with self.assertRaises(UserError):
            loan.unlink()
        loan.action_return()
        with self.assertRaises(UserError):
            loan.action_return()

    def test_refuse_claim_not_open_without_repair(self):
        claim = self._open_claim()
        claim.action_cancel()
        self.assertFalse(claim.can_lend_loaner)
        with self.assertRaises(UserError):
            claim.with_user(self.operator).action_lend_loaner()
        with self.assertRaises(UserError):
            self._new_loan(claim)
        # a draft made while open is not lent once the claim is closed
        open_claim = self._open_claim()
        loan = self._new_loan(open_claim)
        open_claim.action_cancel()
        with self.assertRaises(UserError):
            loan.action_lend()
        self.assertEqual(loan.state, "draft")
        self.assertEqual(self._lot_location(self.loaner_lot_1), self.loaner_location)

    def test_refuse_non_loaner_products_and_foreign_serials(self):
        claim = self._open_claim()
        with self.assertRaises(ValidationError):
            self._new_loan(claim, product_id=self.product_serial.id)
        serial = self.env["stock.lot"].create(
            {"name": "ESP-1", "product_id": self.product_serial.id}
        )
        with self.assertRaises(ValidationError):
            self._new_loan(claim, lot=serial)
        # a loaner product is tracked by serial number
        with self.assertRaises(ValidationError):
            self.product_lot.claim_is_loaner = True
        with self.assertRaises(ValidationError):
            self.product_a.claim_is_loaner = True

    def test_refuse_unit_not_in_loaners_location(self):
        lot = self.env["stock.lot"].create(
            {"name": "LOAN-003", "product_id": self.loaner_product.id}
        )
        self._stock(self.loaner_product, 1, lot)
        loan = self._new_loan(self._open_claim(), lot=lot)
        with self.assertRaises(UserError):
            loan.action_lend()
        self.assertEqual(loan.state, "draft")
        self.assertFalse(
            self.env["stock.picking"].search([("claim_loaner_id", "=", loan.id)])
        )

    def test_refuse_owned_fields_to_clients(self):
        loan = self._new_loan(self._open_claim())
        picking = self.delivery
        for vals in (
            {"state": "lent"},
            {"lend_picking_id": picking.id},
            {"date_returned": fields.Datetime.now()},
            {"overdue_reminded": True},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                loan.with_user(self.operator).write(vals)
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                self._new_loan(self._open_claim(), lot=self.loaner_lot_2, **vals)
        self.assertEqual(loan.state, "draft")
        loan.action_lend()
        # the unit lent: claim and serial are fixed
        with self.assertRaises(UserError):
            loan.with_user(self.operator).write({"lot_id": self.loaner_lot_2.id})
        # a stock manager cannot fake where a unit is
        with self.assertRaises(AccessError):
            self.loaner_lot_2.with_user(self.loaner_stock_manager).write(
                {"claim_loaner_id": loan.id}
            )
        with self.assertRaises(AccessError):
            self.env["stock.lot"].with_user(self.loaner_stock_manager).create(
                {
                    "name": "FAKE-1",
                    "product_id": self.loaner_product.id,
                    "claim_loaner_id": loan.id,
                }
            )
        with self.assertRaises(AccessError):
            picking.with_user(self.loaner_stock_manager).write(
                {"claim_loaner_id": loan.id}
            )

    def test_claims_user_reads_only(self):
        claim = self._open_claim()
        claim.user_id = self.claim_user
        loan = self._new_loan(claim)
        self.assertEqual(loan.with_user(self.claim_user).state, "draft")
        with self.assertRaises(AccessError):
            self._new_loan(claim, lot=self.loaner_lot_2, user=self.claim_user)
        with self.assertRaises(AccessError):
            loan.with_user(self.claim_user).action_lend()
        self.assertEqual(loan.state, "draft")

    def test_multi_company(self):
        loan = self._new_loan(self._open_claim())
        Loaner = self.env["claim.loaner"].with_user(self.operator_b)
        self.assertFalse(Loaner.search([]))
        with self.assertRaises(AccessError):
            loan.with_user(self.operator_b).action_lend()
        self.assertEqual(loan.state, "draft")

    # ------------------------------------------------------------------ overdue

    def test_overdue_cron_reminds_once_per_due_date(self):
        claim = self._open_claim()
        claim.user_id = self.operator
        loan = self._new_loan(claim)
        loan.action_lend()
        Loaner = self.env["claim.loaner"]
        Loaner._cron_claim_loaner_overdue()
        self.assertFalse(loan.activity_ids)
        yesterday = fields.Date.today() - timedelta(days=1)
        loan.with_user(self.operator).date_due = yesterday
        self.assertTrue(loan.is_overdue)
        Loaner._cron_claim_loaner_overdue()
        self.assertEqual(len(loan.activity_ids), 1)
        self.assertEqual(loan.activity_ids.user_id, self.operator)
        self.assertIn("LOAN-001", loan.activity_ids.summary)
        self.assertTrue(loan.overdue_reminded)
        self.assertTrue(
            claim.message_ids.filtered(lambda m: "LOAN-001" in (m.body or ""))
        )
        Loaner._cron_claim_loaner_overdue()
        self.assertEqual(len(loan.activity_ids), 1)
        # a new due date gets its own reminder
        loan.with_user(self.operator).date_due = yesterday - timedelta(days=1)
        self.assertFalse(loan.overdue_reminded)
        # taken back: the reminder is done
        loan.action_return()
        self.assertFalse(loan.activity_ids)
        Loaner._cron_claim_loaner_overdue()
        self.assertFalse(loan.activity_ids)
        with self.assertRaises(UserError):
            loan.with_user(self.operator).date_due = fields.Date.today()

    def test_overdue_cron_runs_as_scheduled_action(self):
        loan = self._new_loan(self._open_claim())
        loan.action_lend()
        loan._workflow().date_due = fields.Date.today() - timedelta(days=3)
        cron = self.env.ref("claim_management.ir_cron_claim_loaner_overdue")
        self.assertEqual(cron.code, "model._cron_claim_loaner_overdue()")
        # the job runs on its own cursor (the test's one in registry test
        # mode) with its batches committed through _commit_progress
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        cron.invalidate_recordset()
        self.assertEqual(cron.failure_count, 0)
        loan.invalidate_recordset()
        self.assertTrue(loan.overdue_reminded)
        self.assertEqual(len(loan.activity_ids), 1)
