"""Each role does its job in the browser, as a user holding only that role's
groups (issue: every role can do its whole job in the browser)."""

from markupsafe import Markup

from odoo.tests import HttpCase, tagged

from .common import (
    confirmed_sale,
    deliver_in_full,
    load_chart_of_accounts,
    post_invoice,
    role_user,
)


@tagged("post_install", "-at_install")
class TestClaimRolesUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chart_of_accounts(cls.env)
        # each role alone (a role implies what it needs)
        cls.operator = role_user(
            cls.env,
            "tour_claim_operator_only",
            "claim_management.group_claim_operator",
        )
        cls.technician = role_user(
            cls.env,
            "tour_claim_technician_only",
            "claim_management.group_claim_user",
            name="Tessa Technician",
        )
        cls.other_technician = role_user(
            cls.env,
            "tour_claim_other_technician",
            "claim_management.group_claim_user",
            name="Otto Othertech",
        )
        cls.manager = role_user(
            cls.env,
            "tour_claim_manager_only",
            "claim_management.group_claim_manager",
        )
        cls.warehouse_user = role_user(
            cls.env,
            "tour_claim_warehouse_only",
            "stock.group_stock_user",
            name="Wanda Warehouse",
        )
        cls.accountant = role_user(
            cls.env,
            "tour_claim_accountant_only",
            "account.group_account_invoice",
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Day Planer", "type": "consu", "list_price": 50.0}
        )
        cls.router = cls.env["product.product"].create(
            {"name": "Day Router", "type": "consu", "list_price": 80.0}
        )
        cls.kettle = cls.env["product.product"].create(
            {"name": "Role Kettle", "type": "consu", "list_price": 30.0}
        )
        cls.toaster = cls.env["product.product"].create(
            {"name": "Role Toaster", "type": "consu", "list_price": 40.0}
        )
        # the operator's own invoice (nothing claimed on it yet)
        _order, _picking, cls.invoice = cls._documents(
            "Operator Day Ltd", [(cls.product, 4, 50), (cls.router, 2, 80)]
        )
        # the documents of the other roles' claims
        _order, _picking, cls.role_invoice = cls._documents(
            "Role Play Ltd", [(cls.kettle, 10, 30), (cls.toaster, 10, 40)]
        )
        # a delivery of its own for the warehouse, with one claim about it
        _order, cls.picking, _invoice = cls._documents(
            "Parcel Check Ltd", [(cls.kettle, 2, 30)]
        )
        cls.quantity_type = cls.env.ref("claim_management.type_quantity")
        action = cls.picking.with_user(cls.operator).action_open_claim_wizard()
        wizard = (
            cls.env["claim.create.wizard"]
            .with_user(cls.operator)
            .browse(action["res_id"])
        )
        wizard.claim_type_id = cls.quantity_type
        wizard.line_ids.quantity = 1
        cls.picking_claim = cls.env["claim.claim"].browse(
            wizard.action_create_claim()["res_id"]
        )
        # the technician's claim and a claim of somebody else
        cls.technician_claim = cls._claim(cls.technician)
        cls.other_claim = cls._claim(cls.other_technician)
        # a decided claim (both lines accepted) for the manager to reopen
        cls.decided_claim = cls._claim(cls.operator)
        cls._decide(cls.decided_claim, "accepted")
        # a decided claim with the draft credit note the operator made
        cls.credited_claim = cls._claim(cls.operator)
        cls._decide(cls.credited_claim, "accepted")
        cls.credited_claim.with_user(cls.operator).action_create_credit_note()
        cls.credit_note = cls.credited_claim.credit_note_ids

    @classmethod
    def _documents(cls, customer_name, lines):
        """A confirmed sale, its delivery validated by the warehouse user (the
        packer) and its invoice posted by the accountant."""
        customer = cls.env["res.partner"].create(
            {"name": customer_name, "is_company": True}
        )
        order = confirmed_sale(cls.env, customer, lines)
        picking = deliver_in_full(order.picking_ids, user=cls.warehouse_user)
        invoice = post_invoice(order, user=cls.accountant)
        return order, picking, invoice

    @classmethod
    def _claim(cls, responsible):
        """One kettle and one toaster claimed on the role invoice by the
        operator, through the New Claim wizard."""
        action = cls.role_invoice.with_user(cls.operator).action_open_claim_wizard()
        wizard = (
            cls.env["claim.create.wizard"]
            .with_user(cls.operator)
            .browse(action["res_id"])
        )
        wizard.claim_type_id = cls.quantity_type
        wizard.description = Markup("<p>One kettle and one toaster missing.</p>")
        for line in wizard.line_ids:
            line.quantity = 1
        action = wizard.action_create_claim()
        claim = cls.env["claim.claim"].with_user(cls.operator).browse(action["res_id"])
        claim.user_id = responsible
        return claim.with_user(cls.env.user)

    @classmethod
    def _decide(cls, claim, decision):
        claim = claim.with_user(cls.operator)
        claim.action_start()
        claim.line_ids.write({"decision": decision})
        claim.action_decide()

    def _assert_only_groups(self, user, *xmlids):
        """The user holds these groups and what they imply, nothing else."""
        expected = self.env["res.groups"]
        for xmlid in xmlids:
            expected |= self.env.ref(xmlid)
        self.assertEqual(user.group_ids, expected)
        implied = expected | expected.all_implied_ids
        self.assertEqual(user.all_group_ids, implied)
        return implied

    def test_operator_role_only_from_invoice_to_credit_note_and_replacement(self):
        groups = self.operator.all_group_ids
        self.assertFalse(groups & self.env.ref("account.group_account_invoice"))
        self.assertFalse(groups & self.env.ref("stock.group_stock_user"))
        self.assertFalse(groups & self.env.ref("sales_team.group_sale_salesman"))
        self.start_tour(
            "/odoo/action-claim_management.claim_action_claimable_invoices",
            "claim_management_operator_day_tour",
            login=self.operator.login,
        )
        claim = self.env["claim.claim"].search([("invoice_id", "=", self.invoice.id)])
        self.assertEqual(claim.state, "decided")
        planer = claim.line_ids.filtered(lambda line: line.product_id == self.product)
        router = claim.line_ids - planer
        self.assertRecordValues(
            planer, [{"decision": "partially_accepted", "quantity_accepted": 2.0}]
        )
        self.assertRecordValues(router, [{"decision": "accepted", "quantity": 1.0}])
        # the router is replaced (its return and a new delivery)...
        replacement = claim.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        self.assertEqual(replacement.move_ids.product_id, self.router)
        self.assertEqual(replacement.move_ids.product_uom_qty, 1.0)
        self.assertTrue(
            claim.picking_ids.filtered(lambda p: p.picking_type_code == "incoming")
        )
        # ...and two planers credited
        credit_note = claim.credit_note_ids
        self.assertEqual(credit_note.state, "draft")
        self.assertEqual(credit_note.reversed_entry_id, self.invoice)
        self.assertEqual(credit_note.invoice_line_ids.product_id, self.product)
        self.assertEqual(credit_note.invoice_line_ids.quantity, 2.0)
        self.assertEqual(claim.create_uid, self.operator)

    def test_technician_role_only_decides_own_claim(self):
        groups = self._assert_only_groups(
            self.technician, "claim_management.group_claim_user"
        )
        self.assertFalse(groups & self.env.ref("claim_management.group_claim_operator"))
        claim = self.technician_claim
        self.assertEqual(claim.state, "new")
        # the technician reads their own claim, not the other one
        visible = self.env["claim.claim"].with_user(self.technician).search([])
        self.assertIn(claim, visible)
        self.assertNotIn(self.other_claim, visible)
        self.start_tour(
            "/odoo/action-claim_management.claim_claim_action",
            "claim_management_technician_tour",
            login=self.technician.login,
        )
        self.assertEqual(claim.state, "decided")
        self.assertEqual(claim.decided_by_id, self.technician)
        decisions = {line.product_id: line.decision for line in claim.line_ids}
        self.assertEqual(decisions, {self.kettle: "accepted", self.toaster: "rejected"})
        self.assertEqual(claim.decision, "partially_accepted")
        self.assertEqual(self.other_claim.state, "new")

    def test_manager_role_only_reopens_decision(self):
        groups = self._assert_only_groups(
            self.manager, "claim_management.group_claim_manager"
        )
        self.assertFalse(groups & self.env.ref("account.group_account_invoice"))
        self.assertFalse(groups & self.env.ref("stock.group_stock_user"))
        claim = self.decided_claim
        self.assertEqual(claim.state, "decided")
        self.assertEqual(claim.decision, "accepted")
        self.start_tour(
            f"/odoo/action-claim_management.claim_claim_action/{claim.id}",
            "claim_management_manager_reopen_tour",
            login=self.manager.login,
        )
        self.assertEqual(claim.state, "decided")
        self.assertEqual(claim.decided_by_id, self.manager)
        decisions = {line.product_id: line.decision for line in claim.line_ids}
        self.assertEqual(decisions, {self.kettle: "accepted", self.toaster: "rejected"})
        reopen_messages = claim.message_ids.filtered(
            lambda m: "The toaster was found in the second parcel" in (m.body or "")
        )
        self.assertEqual(len(reopen_messages), 1)
        self.assertEqual(reopen_messages.author_id, self.manager.partner_id)

    def test_warehouse_role_only_sees_packer_and_claim(self):
        groups = self._assert_only_groups(self.warehouse_user, "stock.group_stock_user")
        self.assertFalse(groups & self.env.ref("claim_management.group_claim_user"))
        self.assertEqual(self.picking.packer_id, self.warehouse_user)
        self.assertEqual(self.picking.state, "done")
        claim = self.picking_claim
        self.assertEqual(claim.picking_id, self.picking)
        self.assertEqual(self.picking.with_user(self.warehouse_user).claim_count, 1)
        self.start_tour(
            "/odoo/action-stock.action_picking_tree_all",
            "claim_management_warehouse_tour",
            login=self.warehouse_user.login,
        )
        # read only: nothing changed
        self.assertEqual(claim.state, "new")
        self.assertFalse(
            claim.message_ids.filtered(
                lambda m: m.author_id == self.warehouse_user.partner_id
            )
        )

    def test_accountant_role_only_posts_credit_note(self):
        groups = self._assert_only_groups(
            self.accountant, "account.group_account_invoice"
        )
        self.assertFalse(groups & self.env.ref("claim_management.group_claim_user"))
        claim = self.credited_claim
        self.assertEqual(claim.state, "decided")
        self.assertEqual(self.credit_note.state, "draft")
        self.assertEqual(self.credit_note.move_type, "out_refund")
        self.start_tour(
            "/odoo/action-account.action_move_out_refund_type",
            "claim_management_accountant_tour",
            login=self.accountant.login,
        )
        self.assertEqual(self.credit_note.state, "posted")
        self.assertEqual(claim.state, "resolved")
