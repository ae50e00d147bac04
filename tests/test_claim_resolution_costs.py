import re

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common_resolution import ClaimResolutionCommon


@tagged("post_install", "-at_install")
class TestClaimResolutionCosts(ClaimResolutionCommon):
    """Replacement and repair costs posted to the claims cost account."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cost_account = cls.env["account.account"].create(
            {"name": "Claim Costs", "code": "690100", "account_type": "expense"}
        )
        plan = cls.env["account.analytic.plan"].create({"name": "Claims Costs"})
        cls.analytic = cls.env["account.analytic.account"].create(
            {"name": "Claims", "plan_id": plan.id}
        )
        cls.misc_journal = cls.env["account.journal"].search(
            [("company_id", "=", cls.env.company.id), ("type", "=", "general")],
            limit=1,
        )
        cls.stock_variation = cls.product_a.with_company(
            cls.env.company
        )._get_product_accounts()["stock_variation"]
        cls.warehouse_user = new_test_user(
            cls.env, login="claim_cost_stock", groups="stock.group_stock_user"
        )
        cls.repair_user = new_test_user(
            cls.env,
            login="claim_cost_repair",
            groups="stock.group_stock_user,base.group_user",
        )

    def _configure(self, analytic=True):
        self.env.company.write(
            {
                "claim_cost_account_id": self.cost_account.id,
                "claim_analytic_account_id": analytic and self.analytic.id,
            }
        )

    def _validate(self, picking, user=None):
        picking = picking.with_user(user) if user else picking
        for move in picking.move_ids:
            if not move.move_line_ids:
                move.quantity = move.product_uom_qty
            move.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def _replace(self, claim, user=None):
        """Replace the claim's goods: receive the return, deliver the new goods."""
        claim.action_create_replacement()
        receipt = claim.picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming"
        )
        delivery = claim.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        self._validate(receipt, user)
        self._validate(delivery, user)
        return receipt, delivery

    def _entry_lines(self, entry):
        return sorted(
            (
                line.account_id.code,
                line.debit,
                line.credit,
                line.analytic_distribution or {},
            )
            for line in entry.line_ids
        )

    def test_replacement_posts_one_cost_entry(self):
        self._configure()
        self.assertEqual(self.env.company.claim_cost_journal_id, self.misc_journal)
        claim = self._claim({(self.product_a, None): 2})
        receipt, delivery = self._replace(claim, user=self.warehouse_user)
        self.assertEqual(claim.state, "resolved")
        self.assertEqual(claim.amount_replacement_cost, 120.0)
        entry = claim.cost_move_ids
        self.assertEqual(len(entry), 1, "the return of the claimed goods costs nothing")
        self.assertRecordValues(
            entry,
            [
                {
                    "state": "posted",
                    "move_type": "entry",
                    "journal_id": self.misc_journal.id,
                    "claim_cost_claim_id": claim.id,
                    "claim_cost_picking_id": delivery.id,
                    "claim_cost_repair_id": False,
                    "amount_total": 120.0,
                }
            ],
        )
        analytic = {str(self.analytic.id): 100.0}
        self.assertEqual(
            self._entry_lines(entry),
            sorted(
                [
                    ("690100", 120.0, 0.0, analytic),
                    (self.stock_variation.code, 0.0, 120.0, {}),
                ]
            ),
        )
        self.assertEqual(self.stock_variation.name, "Stock Variation")
        self.assertEqual(entry.line_ids.partner_id, claim.commercial_partner_id)
        # twice: no second entry
        delivery._claim_post_cost_entries()
        (receipt | delivery)._claim_post_cost_entries()
        self.assertEqual(claim.cost_move_ids, entry)
        self.assertEqual(
            self.env["account.move"].search_count(
                [("claim_cost_picking_id", "=", delivery.id)]
            ),
            1,
        )
        self.assertTrue(
            any(entry.name in body for body in claim.message_ids.mapped("body")),
            "the claim logs its cost entry",
        )

    def test_cost_is_frozen_at_delivery(self):
        self._configure(analytic=False)
        claim = self._claim({(self.product_a, None): 1})
        self._replace(claim)
        self.product_a.standard_price = 95.0
        claim.line_ids.invalidate_recordset()
        claim.line_ids._compute_resolution()
        self.assertEqual(claim.amount_replacement_cost, 60.0)
        self.assertEqual(claim.cost_move_ids.amount_total, 60.0)
        self.assertFalse(
            claim.cost_move_ids.line_ids.mapped("analytic_distribution")[0]
        )

    def test_no_cost_account_no_entry(self):
        claim = self._claim({(self.product_a, None): 1})
        _receipt, delivery = self._replace(claim)
        self.assertEqual(claim.amount_replacement_cost, 60.0)
        self.assertFalse(claim.cost_move_ids)
        self.assertFalse(delivery._claim_post_cost_entries())
        self.assertFalse(
            self.env["account.move"].search([("claim_cost_claim_id", "=", claim.id)])
        )

    def test_returned_replacement_takes_the_cost_back(self):
        self._configure()
        claim = self._claim({(self.product_a, None): 2})
        _receipt, delivery = self._replace(claim)
        entry = claim.cost_move_ids
        back = self._return(delivery, {self.product_a: 2})
        self.assertEqual(back.move_ids.claim_move_kind, "replacement_return")
        line = claim.line_ids
        self.assertEqual(line.qty_replaced, 0.0)
        self.assertEqual(line.qty_to_resolve, 2.0)
        self.assertEqual(claim.amount_replacement_cost, 0.0)
        self.assertEqual(claim.state, "decided", "the claim is open again")
        reversal = claim.cost_move_ids - entry
        self.assertRecordValues(
            reversal,
            [
                {
                    "state": "posted",
                    "claim_cost_picking_id": back.id,
                    "amount_total": 120.0,
                }
            ],
        )
        self.assertEqual(
            self._entry_lines(reversal),
            sorted(
                [
                    ("690100", 0.0, 120.0, {str(self.analytic.id): 100.0}),
                    (self.stock_variation.code, 120.0, 0.0, {}),
                ]
            ),
        )
        cost_lines = claim.cost_move_ids.line_ids.filtered(
            lambda aml: aml.account_id == self.cost_account
        )
        self.assertEqual(sum(cost_lines.mapped("balance")), 0.0)
        back._claim_post_cost_entries()
        self.assertEqual(len(claim.cost_move_ids), 2)

    def test_return_of_replacement_without_entry_posts_nothing(self):
        claim = self._claim({(self.product_a, None): 1})
        _receipt, delivery = self._replace(claim)
        self._configure()
        back = self._return(delivery, {self.product_a: 1})
        self.assertFalse(claim.cost_move_ids)
        self.assertFalse(back._claim_post_cost_entries())
        # the delivery's entry can be posted later, and then the return's
        delivery._claim_post_cost_entries()
        back._claim_post_cost_entries()
        self.assertEqual(
            claim.cost_move_ids.mapped("claim_cost_picking_id"), delivery | back
        )

    def _repair_with_parts(self, claim, parts):
        claim.action_create_repair()
        repair = claim.repair_ids
        repair.move_ids = [
            Command.create(
                {
                    "product_id": part.id,
                    "product_uom_qty": qty,
                    "repair_line_type": kind,
                }
            )
            for part, qty, kind in parts
        ]
        repair.action_repair_start()
        for move in repair.move_ids:
            move.write({"quantity": move.product_uom_qty, "picked": True})
        return repair

    def test_repair_posts_one_cost_entry(self):
        self._configure()
        wheel = self.env["product.product"].create(
            {"name": "Chair Wheel", "type": "consu", "standard_price": 12.0}
        )
        old_part = self.env["product.product"].create(
            {"name": "Old Wheel", "type": "consu", "standard_price": 5.0}
        )
        claim = self._claim({(self.product_a, None): 1})
        repair = self._repair_with_parts(
            claim, [(wheel, 2, "add"), (old_part, 1, "remove")]
        )
        repair.with_user(self.repair_user).action_repair_end()
        self.assertEqual(repair.state, "done")
        self.assertEqual(claim.amount_repair_cost, 24.0)
        entry = claim.cost_move_ids
        self.assertRecordValues(
            entry,
            [
                {
                    "state": "posted",
                    "claim_cost_repair_id": repair.id,
                    "claim_cost_picking_id": False,
                    "amount_total": 24.0,
                }
            ],
        )
        expense = wheel._get_product_accounts()["expense"]
        self.assertEqual(
            self._entry_lines(entry),
            sorted(
                [
                    ("690100", 24.0, 0.0, {str(self.analytic.id): 100.0}),
                    (expense.code, 0.0, 24.0, {}),
                ]
            ),
        )
        self.assertEqual(entry.line_ids.product_id, wheel)
        repair._claim_post_cost_entries()
        repair._claim_post_cost_entries()
        self.assertEqual(claim.cost_move_ids, entry)

    def test_repair_with_storable_part_credits_stock_variation(self):
        self._configure(analytic=False)
        base = self.env["product.product"].create(
            {
                "name": "Chair Base",
                "type": "consu",
                "is_storable": True,
                "standard_price": 35.0,
            }
        )
        self._stock(base, 3)
        claim = self._claim({(self.product_a, None): 1})
        repair = self._repair_with_parts(claim, [(base, 1, "add")])
        repair.action_repair_end()
        self.assertEqual(claim.amount_repair_cost, 35.0)
        credit = claim.cost_move_ids.line_ids.filtered("credit")
        self.assertEqual(credit.account_id, self.stock_variation)
        self.assertEqual(credit.credit, 35.0)

    def test_repair_without_parts_or_account_posts_nothing(self):
        claim = self._claim({(self.product_a, None): 1})
        wheel = self.env["product.product"].create(
            {"name": "Chair Wheel", "type": "consu", "standard_price": 12.0}
        )
        repair = self._repair_with_parts(claim, [(wheel, 1, "add")])
        repair.action_repair_end()
        self.assertEqual(claim.amount_repair_cost, 12.0)
        self.assertFalse(claim.cost_move_ids, "no claims cost account")
        self._configure()
        claim_2 = self._claim({(self.product_b, None): 1})
        repair_2 = claim_2.action_create_repair() and claim_2.repair_ids
        repair_2.action_repair_start()
        repair_2.action_repair_end()
        self.assertFalse(claim_2.cost_move_ids, "no parts, no cost")

    def test_accountant_sees_cost_entries(self):
        self._configure()
        claim = self._claim({(self.product_a, None): 1})
        self._replace(claim)
        accountant = new_test_user(
            self.env,
            login="claim_cost_accountant",
            groups="base.group_user,account.group_account_user",
        )
        claim_as_accountant = claim.with_user(accountant)
        self.assertEqual(claim_as_accountant.cost_move_count, 1)
        action = claim_as_accountant.action_view_cost_moves()
        entry = self.env["account.move"].with_user(accountant).browse(action["res_id"])
        self.assertEqual(entry.claim_cost_claim_id, claim)
        self.assertEqual(entry.amount_total, 60.0)
        arch = (
            self.env["claim.claim"]
            .with_user(accountant)
            .get_view(self.env.ref("claim_management.claim_claim_view_form").id)["arch"]
        )
        self.assertIn('name="action_view_cost_moves"', arch)
        names = set(re.findall(r'<field name="(\w+)"', arch)) & set(claim._fields)
        claim_as_accountant.read(sorted(names))
        # the entry names its claim
        arch = (
            self.env["account.move"]
            .with_user(accountant)
            .get_view(self.env.ref("account.view_move_form").id)["arch"]
        )
        self.assertIn('name="claim_cost_claim_id"', arch)
        # claims operators read accounting (read-only group): they see the
        # entries and cannot change them
        operator_claim = claim.with_user(self.operator)
        self.assertEqual(operator_claim.cost_move_count, 1)
        entry = self.env["account.move"].with_user(self.operator).browse(entry.id)
        self.assertEqual(entry.claim_cost_claim_id, claim)
        with self.assertRaises(AccessError):
            entry.write({"ref": "changed"})

    def test_company_form_shows_cost_settings(self):
        admin = new_test_user(
            self.env,
            login="claim_cost_admin",
            groups="base.group_user,base.group_system,base.group_erp_manager,"
            "account.group_account_manager,analytic.group_analytic_accounting,"
            "claim_management.group_claim_manager",
        )
        form = Form(self.env.company.with_user(admin))
        self.assertFalse(form.claim_cost_account_id)
        form.claim_cost_account_id = self.cost_account
        self.assertEqual(form.claim_cost_journal_id, self.misc_journal)
        form.claim_analytic_account_id = self.analytic
        form.save()
        self.assertEqual(self.env.company.claim_cost_account_id, self.cost_account)
        self.assertEqual(self.env.company.claim_cost_journal_id, self.misc_journal)
        # a chosen journal stays
        stock_journal = self.env.company.account_stock_journal_id
        self.env.company.claim_cost_journal_id = stock_journal
        self.env.company.claim_cost_account_id = self.env["account.account"].create(
            {"name": "Claim Costs 2", "code": "690200", "account_type": "expense"}
        )
        self.assertEqual(self.env.company.claim_cost_journal_id, stock_journal)
