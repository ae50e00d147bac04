from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common_contract import ClaimContractCommon


@tagged("post_install", "-at_install")
class TestClaimContractDeadlines(ClaimContractCommon):
    """Deadlines of business claims from their contract's service level, in
    working hours and days on the contract's calendar (its holiday skipped)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._contract()

    def test_working_hours(self):
        claim = self._claim(priority="2")
        self.assertEqual(claim.contract_id, self.contract)
        # Monday 10:00 in Warsaw + 4 working hours (lunch 12-13): 15:00
        self.assertEqual(claim.sla_response_due, datetime(2026, 3, 2, 14, 0))
        # + 16 hours: Monday 6, Tuesday a holiday, Wednesday 8, Thursday 2
        self.assertEqual(claim.sla_resolution_due, datetime(2026, 3, 5, 9, 0))
        self.assertEqual(claim.response_deadline, date(2026, 3, 2))
        self.assertEqual(claim.resolution_deadline, date(2026, 3, 5))
        self.assertEqual(claim.sla_response_status, "missed")

    def test_working_days(self):
        claim = self._claim(priority="0")
        # from the day after receipt, the holiday skipped: Wednesday, Thursday
        self.assertEqual(claim.sla_response_due, datetime(2026, 3, 5, 16, 0))
        self.assertEqual(claim.response_deadline, date(2026, 3, 5))
        # Wednesday to Tuesday 10 March: five working days
        self.assertEqual(claim.sla_resolution_due, datetime(2026, 3, 10, 16, 0))
        self.assertEqual(claim.resolution_deadline, date(2026, 3, 10))

    def test_priority_change_recomputes(self):
        claim = self._claim(priority="0")
        claim.write({"priority": "2"})
        self.assertEqual(claim.sla_resolution_due, datetime(2026, 3, 5, 9, 0))
        self.assertEqual(claim.resolution_deadline, date(2026, 3, 5))
        self.assertEqual(claim.contract_id, self.contract)

    def test_priority_without_service_level_falls_back(self):
        """No service level for the priority: the customer's SLA days, then
        the type's, as before contracts."""
        self.customer.claim_sla_days = 3
        claim = self._claim(priority="1")
        self.assertEqual(claim.contract_id, self.contract)
        self.assertFalse(claim.sla_resolution_due)
        self.assertFalse(claim.sla_resolution_status)
        self.assertEqual(claim.resolution_deadline, date(2026, 3, 5))

    def test_consumer_keeps_legal_deadlines(self):
        contract = self._contract(partner=self.consumer, name="Consumer plan")
        claim = self._claim(partner=self.consumer, priority="2")
        self.assertEqual(claim.legal_regime, "pl_consumer")
        self.assertFalse(claim.contract_id)
        self.assertFalse(claim.sla_response_due)
        # 14 calendar days of Polish consumer law
        self.assertEqual(claim.response_deadline, date(2026, 3, 16))
        # a manager may attach the contract: the legal regime still wins
        claim.with_user(self.manager).contract_id = contract
        self.assertFalse(claim.sla_response_due)
        self.assertEqual(claim.response_deadline, date(2026, 3, 16))

    def test_outside_validity_not_applied(self):
        self.assertFalse(self._claim(received="2027-01-04 09:00:00").contract_id)
        self.assertFalse(self._claim(received="2025-12-31 09:00:00").contract_id)
        # the last day of validity ends at midnight in the calendar's time
        # zone (UTC+1)
        late = self._claim(received="2026-12-31 22:30:00")
        self.assertEqual(late.contract_id, self.contract)
        self.assertFalse(self._claim(received="2026-12-31 23:30:00").contract_id)

    def test_closed_contract_not_applied_claims_keep_it(self):
        claim = self._claim()
        self.contract.action_close()
        self.assertEqual(claim.contract_id, self.contract)
        self.assertFalse(self._claim().contract_id)

    def test_products_not_covered(self):
        self.contract.action_close()
        category = self.env["product.category"].create({"name": "Lighting"})
        lamps = self.env["product.category"].create(
            {"name": "Lamps", "parent_id": category.id}
        )
        self.product_b.categ_id = lamps
        by_product = self._contract(
            name="Chairs", product_ids=[Command.set(self.product_serial.ids)]
        )
        self.assertFalse(self._claim(product=self.product_a).contract_id)
        self.assertEqual(
            self._claim(product=self.product_serial).contract_id, by_product
        )
        by_category = self._contract(
            name="Lighting", categ_ids=[Command.set(category.ids)]
        )
        self.assertEqual(self._claim(product=self.product_b).contract_id, by_category)
        # a claim on a covered and an uncovered product: no contract
        mixed = self._claim(
            line_ids=[
                Command.create(
                    {"product_id": product.id, "quantity": 1, "price_unit": 10}
                )
                for product in (self.product_b, self.product_a)
            ]
        )
        self.assertFalse(mixed.contract_id)


@tagged("post_install", "-at_install")
class TestClaimContractRules(ClaimContractCommon):
    """Contracts: overlaps refused, validity, who may change a claim's contract."""

    def test_overlapping_running_contracts_refused(self):
        self._contract()
        later = self._contract(run=False, name="Mid-year", date_start="2026-06-01")
        with self.assertRaises(ValidationError):
            later.action_run()
        self.assertEqual(later.state, "draft")
        only_lamps = self._contract(
            run=False, name="Lamps", product_ids=[Command.set(self.product_b.ids)]
        )
        with self.assertRaises(ValidationError):
            only_lamps.action_run()
        # the next year does not overlap
        self._contract(name="2027", date_start="2027-01-01", date_end="2027-12-31")

    def test_disjoint_scopes_each_claim_its_contract(self):
        chairs = self._contract(
            name="Chairs", product_ids=[Command.set(self.product_a.ids)]
        )
        lamps = self._contract(
            name="Lamps", product_ids=[Command.set(self.product_b.ids)]
        )
        self.assertEqual(self._claim(product=self.product_a).contract_id, chairs)
        self.assertEqual(self._claim(product=self.product_b).contract_id, lamps)
        # widening one to the other's products is refused
        with self.assertRaises(ValidationError):
            lamps.with_user(self.manager).product_ids = [
                Command.link(self.product_a.id)
            ]

    def test_contract_checks(self):
        with self.assertRaises(ValidationError):
            self._contract(partner=self.customer_contact)
        with self.assertRaises(ValidationError):
            self._contract(date_start="2026-05-01", date_end="2026-04-30")
        with self.assertRaises(UserError):
            self._contract(slas={"0": ("days", 0, 0)}, sla_ids=[])
        with self.assertRaises(ValidationError):
            self._contract(slas={"0": ("days", 1.5, 3)})
        with self.assertRaises(ValidationError):
            self._contract(slas={"0": ("hours", 8, 4)})
        contract = self._contract()
        with self.assertRaises(UserError):
            contract.action_run()
        contract.action_close()
        with self.assertRaises(UserError):
            contract.action_close()

    def test_managers_edit_operators_read(self):
        contract = self._contract()
        self.assertEqual(
            self.env["claim.contract"].with_user(self.operator).search([]), contract
        )
        self.assertTrue(contract.with_user(self.claim_user).sla_ids)
        with self.assertRaises(AccessError):
            contract.with_user(self.operator).write({"name": "Mine"})
        with self.assertRaises(AccessError):
            self.env["claim.contract"].with_user(self.operator).create(
                {"name": "X", "partner_id": self.customer.id}
            )
        with self.assertRaises(AccessError):
            contract.sla_ids[:1].with_user(self.operator).response_time = 1
        with self.assertRaises(AccessError):
            contract.with_user(self.operator).action_close()
        # the state changes through the actions only, even for a manager
        with self.assertRaises(AccessError):
            contract.with_user(self.manager).write({"state": "draft"})
        # another company's operator sees nothing
        self.assertFalse(
            self.env["claim.contract"].with_user(self.operator_b).search([])
        )

    def test_contract_of_claim_managers_only(self):
        contract = self._contract()
        claim = self._claim()
        self.assertEqual(claim.contract_id, contract)
        for user in (self.operator, self.claim_user):
            with self.assertRaises(AccessError):
                claim.with_user(user).write({"contract_id": False})
        with self.assertRaises(AccessError):
            self._claim(contract_id=contract.id)
        # the same value written again is no change
        claim.with_user(self.operator).write({"contract_id": contract.id})
        claim.with_user(self.manager).write({"contract_id": False})
        self.assertFalse(claim.sla_response_due)
        claim.with_user(self.manager).write({"contract_id": contract.id})
        self.assertTrue(claim.sla_response_due)

    def test_contract_must_match_claim(self):
        other = self.env["res.partner"].create(
            {"name": "Other Ltd", "is_company": True}
        )
        other_contract = self._contract(partner=other, name="Other")
        draft = self._contract(run=False, name="Draft")
        claim = self._claim()
        with self.assertRaises(ValidationError):
            claim.with_user(self.manager).contract_id = other_contract
        with self.assertRaises(ValidationError):
            claim.with_user(self.manager).contract_id = draft
        draft.action_run()
        claim = self._claim()
        self.assertEqual(claim.contract_id, draft)
        # the claim moves to another customer: its contract must go first
        with self.assertRaises(ValidationError):
            claim.with_user(self.operator).partner_id = other
        with self.assertRaises(UserError):
            draft.with_user(self.manager).partner_id = other
        with self.assertRaises(UserError):
            draft.with_user(self.manager).unlink()

    def test_decided_claim_keeps_its_contract(self):
        contract = self._contract()
        claim = self._claim()
        claim.action_start()
        claim.line_ids.write({"decision": "accepted"})
        claim.action_decide()
        with self.assertRaises(UserError):
            claim.with_user(self.manager).contract_id = False
        self.assertEqual(claim.contract_id, contract)

    def test_forms(self):
        """A manager makes a contract on its form; the claim form shows it."""
        with Form(self.env["claim.contract"].with_user(self.manager)) as form:
            form.name = "Form Service"
            form.partner_id = self.customer
            form.date_start = date(2026, 1, 1)
            with form.sla_ids.new() as sla:
                sla.priority = "3"
                sla.time_unit = "hours"
                sla.response_time = 1
                sla.resolution_time = 4
        contract = form.record
        self.assertEqual(
            contract.resource_calendar_id, self.company.resource_calendar_id
        )
        self.assertEqual(contract.validity, "valid")
        contract.resource_calendar_id = self.calendar
        contract.action_run()
        claim = self._claim(priority="3")
        self.assertEqual(claim.contract_id, contract)
        self.assertEqual(contract.claim_count, 1)
        self.assertEqual(contract.action_view_claims()["res_id"], claim.id)
        with Form(claim.with_user(self.manager)) as claim_form:
            self.assertEqual(claim_form.contract_id, contract)
            claim_form.priority = "0"
        # no service level for "Normal": the type's days
        self.assertFalse(claim.sla_resolution_due)
