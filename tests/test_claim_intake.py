from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_documents import ClaimDocumentCommon


@tagged("post_install", "-at_install")
class TestClaimIntake(ClaimDocumentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._stock(cls.product_a, 100)
        cls.order = cls._sale(
            [(cls.product_a, 5, 100.0, 10.0), (cls.product_b, 3, 30.0)]
        )
        cls.delivery = cls._deliver(cls.order.picking_ids)
        cls.invoice = cls._invoice(cls.order)

    def _claim_from(self, document, quantities, user=None, claim_type=None):
        wizard = self._open_wizard(document, user)
        wizard.claim_type_id = claim_type or self.type_quantity
        for product, quantity in quantities.items():
            self._wizard_line(wizard, product).quantity = quantity
        action = wizard.action_create_claim()
        return self.env["claim.claim"].browse(action["res_id"])

    def test_claim_from_invoice(self):
        wizard = self._open_wizard(self.invoice)
        self.assertEqual(wizard.partner_id, self.customer)
        self.assertEqual(wizard.invoice_id, self.invoice)
        self.assertEqual(wizard.picking_id, self.delivery)
        self.assertEqual(wizard.sale_order_id, self.order)
        chair = self._wizard_line(wizard, self.product_a)
        self.assertRecordValues(
            chair,
            [
                {
                    "delivered_qty": 5.0,
                    "claimed_qty": 0.0,
                    "claimable_qty": 5.0,
                    "doc_price_unit": 90.0,
                    "price_unit": 90.0,
                    "move_id": self.delivery.move_ids.filtered(
                        lambda m: m.product_id == self.product_a
                    ).id,
                    "invoice_date": self.invoice.invoice_date,
                    "packer_id": self.delivery.packer_id.id,
                }
            ],
        )
        self.assertEqual(len(wizard.line_ids), 2)

        chair.quantity = 2
        wizard.claim_type_id = self.type_quantity
        wizard.reason_id = self.env.ref("claim_management.reason_missing_quantity")
        claim = self.env["claim.claim"].browse(wizard.action_create_claim()["res_id"])

        self.assertRecordValues(
            claim,
            [
                {
                    "partner_id": self.customer.id,
                    "invoice_id": self.invoice.id,
                    "picking_id": self.delivery.id,
                    "sale_order_id": self.order.id,
                    "amount_claimed": 180.0,
                    "amount_cost": 120.0,
                    "state": "new",
                }
            ],
        )
        line = claim.line_ids
        self.assertEqual(len(line), 1)
        self.assertEqual(line.invoice_line_id.move_id, self.invoice)
        self.assertEqual(line.sale_line_id.order_id, self.order)
        self.assertEqual(line.move_id.picking_id, self.delivery)
        self.assertEqual(line.cost_price, 60.0)
        delivered_on = fields.Date.to_date(line.move_id.date)
        self.assertEqual(line.delivery_date, delivered_on)
        self.assertEqual(
            line.warranty_end_date, delivered_on + relativedelta(months=24)
        )
        self.assertTrue(line.in_warranty)
        self.assertIn(self.invoice.name, claim.source_document)

    def test_claim_from_delivery_and_order_fill_the_other_documents(self):
        from_picking = self._claim_from(self.delivery, {self.product_b: 1})
        self.assertEqual(from_picking.sale_order_id, self.order)
        self.assertEqual(from_picking.invoice_id, self.invoice)
        from_order = self._claim_from(self.order, {self.product_b: 1})
        self.assertEqual(from_order.picking_id, self.delivery)
        self.assertEqual(from_order.invoice_id, self.invoice)
        self.assertEqual(from_order.line_ids.move_id.product_id, self.product_b)

    def test_partial_then_rest_then_refused(self):
        first = self._claim_from(self.invoice, {self.product_a: 2})
        wizard = self._open_wizard(self.invoice)
        line = self._wizard_line(wizard, self.product_a)
        self.assertEqual((line.claimed_qty, line.claimable_qty), (2.0, 3.0))
        line.quantity = 4
        wizard.claim_type_id = self.type_quantity
        with self.assertRaisesRegex(UserError, "between 0 and 3"):
            wizard.action_create_claim()
        line.quantity = 3
        wizard.action_create_claim()
        count = self.env["claim.claim"].search_count([])
        # the same rule holds for claims created by code (API, imports)
        with (
            self.assertRaisesRegex(ValidationError, "only 5.0 .* were delivered"),
            self.cr.savepoint(),
        ):
            self._create_claim(
                lines=[],
                line_ids=[
                    Command.create(
                        {
                            "product_id": self.product_a.id,
                            "quantity": 1,
                            "move_id": first.line_ids.move_id.id,
                        }
                    )
                ],
            )
        self.assertEqual(self.env["claim.claim"].search_count([]), count)
        # and when a line's quantity is raised afterwards
        with self.assertRaisesRegex(ValidationError, "were delivered"):
            first.line_ids.quantity = 3

    def test_returns_lower_the_claimable_quantity(self):
        self._return(self.delivery, {self.product_a: 2})
        line = self._wizard_line(self._open_wizard(self.invoice), self.product_a)
        self.assertEqual((line.delivered_qty, line.claimable_qty), (3.0, 3.0))

    def test_cancelled_claims_and_rejected_lines_free_the_quantity(self):
        claim = self._claim_from(self.invoice, {self.product_a: 5})
        claim.action_cancel()
        line = self._wizard_line(self._open_wizard(self.invoice), self.product_a)
        self.assertEqual(line.claimable_qty, 5.0)
        other = self._claim_from(self.invoice, {self.product_a: 5})
        # the cancelled claim cannot come back: its goods were claimed again
        with (
            self.assertRaisesRegex(ValidationError, "were delivered"),
            self.cr.savepoint(),
        ):
            claim.action_reset_to_new()
        claim.invalidate_recordset()
        self.assertEqual(claim.state, "cancelled")
        other.action_start()
        other.action_reject_all()
        line = self._wizard_line(self._open_wizard(self.invoice), self.product_a)
        self.assertEqual(line.claimable_qty, 5.0)

    def test_documents_that_cannot_be_claimed(self):
        order = self._sale([(self.product_a, 1, 10.0)])
        self._deliver(order.picking_ids)
        draft = order._create_invoices()
        with self.assertRaisesRegex(UserError, "is not a posted customer invoice"):
            self._open_wizard(draft)
        order = self._sale([(self.product_b, 1, 10.0)])
        order.action_cancel()
        with self.assertRaisesRegex(UserError, "is not a confirmed sales order"):
            self._open_wizard(order)
        wizard = self._open_wizard(self.invoice)
        with self.assertRaisesRegex(UserError, "Choose the type"):
            wizard.action_create_claim()
        wizard.claim_type_id = self.type_quantity
        with self.assertRaisesRegex(UserError, "quantity claimed on at least one line"):
            wizard.action_create_claim()

    def test_someone_elses_or_wrong_goods_are_refused(self):
        move = self.delivery.move_ids.filtered(lambda m: m.product_id == self.product_a)
        count = self.env["claim.claim"].search_count([])
        with (
            self.assertRaisesRegex(ValidationError, "another customer"),
            self.cr.savepoint(),
        ):
            self._create_claim(
                partner_id=self.other_customer.id,
                lines=[],
                line_ids=[
                    Command.create(
                        {
                            "product_id": self.product_a.id,
                            "quantity": 1,
                            "move_id": move.id,
                        }
                    )
                ],
            )
        with (
            self.assertRaisesRegex(ValidationError, "another customer"),
            self.cr.savepoint(),
        ):
            self._create_claim(
                partner_id=self.other_customer.id, invoice_id=self.invoice.id
            )
        with (
            self.assertRaisesRegex(
                ValidationError, "not a delivered or invoiced product"
            ),
            self.cr.savepoint(),
        ):
            self._create_claim(
                lines=[],
                line_ids=[
                    Command.create(
                        {
                            "product_id": self.product_b.id,
                            "quantity": 1,
                            "move_id": move.id,
                        }
                    )
                ],
            )
        order = self._sale([(self.product_a, 1, 10.0)])
        self._deliver(order.picking_ids)
        draft = order._create_invoices()
        with (
            self.assertRaisesRegex(ValidationError, "not a posted customer invoice"),
            self.cr.savepoint(),
        ):
            self._create_claim(invoice_id=draft.id)
        self.assertEqual(self.env["claim.claim"].search_count([]), count)

    def test_smart_buttons(self):
        claim = self._claim_from(self.invoice, {self.product_a: 1})
        self._create_claim()  # blank claim of the same customer's contact
        self.assertEqual(self.invoice.claim_count, 1)
        self.assertEqual(self.order.claim_count, 1)
        self.assertEqual(self.customer.claim_count, 2)
        self.assertEqual(self.customer_contact.claim_count, 2)
        self.assertEqual(self.product_a.product_tmpl_id.claim_count, 2)
        action = self.invoice.action_view_claims()
        self.assertEqual(action["res_id"], claim.id)
        action = self.customer.action_view_claims()
        self.assertEqual(len(self.env["claim.claim"].search(action["domain"])), 2)

    def test_history_of_same_customer_and_product(self):
        first = self._claim_from(self.invoice, {self.product_a: 1})
        second = self._claim_from(self.invoice, {self.product_a: 1})
        self.assertEqual(second.history_claim_ids, first)
        self.assertEqual(second.history_count, 1)
        other_product = self._claim_from(self.invoice, {self.product_b: 1})
        self.assertFalse(other_product.history_claim_ids)

    def test_blank_claim_without_documents(self):
        claim = self._create_claim(lines=[(self.product_b, 2.0, 15.0)])
        self.assertFalse(claim.line_ids.move_id)
        self.assertEqual(claim.amount_claimed, 30.0)
        self.assertFalse(claim.line_ids.warranty_end_date)

    def test_claim_user_without_sales_rights_cannot_open_wizard(self):
        with self.assertRaises(AccessError):
            self.invoice.with_user(self.claim_user).action_open_claim_wizard()


@tagged("post_install", "-at_install")
class TestClaimIntakeLotsAndCurrency(ClaimDocumentCommon):
    def test_one_line_per_lot(self):
        lot_1, lot_2 = self.env["stock.lot"].create(
            [
                {"name": "L-001", "product_id": self.product_lot.id},
                {"name": "L-002", "product_id": self.product_lot.id},
            ]
        )
        self._stock(self.product_lot, 2, lot_1)
        self._stock(self.product_lot, 3, lot_2)
        order = self._sale([(self.product_lot, 5, 80.0)])
        picking = self._deliver(
            order.picking_ids, lots={self.product_lot: [(lot_1, 2), (lot_2, 3)]}
        )
        wizard = self._open_wizard(picking)
        self.assertEqual(len(wizard.line_ids), 2)
        line_1 = self._wizard_line(wizard, self.product_lot, lot_1)
        self.assertEqual(line_1.claimable_qty, 2.0)
        self.assertEqual(
            line_1.warranty_end_date, line_1.delivery_date + relativedelta(months=36)
        )
        line_1.quantity = 2
        wizard.claim_type_id = self.type_warranty
        claim = self.env["claim.claim"].browse(wizard.action_create_claim()["res_id"])
        self.assertEqual(claim.line_ids.lot_id, lot_1)
        claim.action_start()  # the warranty type requires a lot: it is there
        with (
            self.assertRaisesRegex(ValidationError, "were delivered"),
            self.cr.savepoint(),
        ):
            self._create_claim(
                lines=[],
                line_ids=[
                    Command.create(
                        {
                            "product_id": self.product_lot.id,
                            "lot_id": lot_1.id,
                            "quantity": 1,
                            "move_id": claim.line_ids.move_id.id,
                        }
                    )
                ],
            )
        line_2 = self._wizard_line(self._open_wizard(picking), self.product_lot, lot_2)
        self.assertEqual(line_2.claimable_qty, 3.0)

    def test_foreign_currency_invoice(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.env["res.currency.rate"].create(
            {"currency_id": eur.id, "rate": 2.0, "name": fields.Date.today()}
        )
        self._stock(self.product_a, 10)
        order = self._sale([(self.product_a, 4, 100.0)], currency=eur)
        self.assertEqual(order.currency_id, eur)
        self._deliver(order.picking_ids)
        invoice = self._invoice(order)
        wizard = self._open_wizard(invoice)
        line = self._wizard_line(wizard, self.product_a)
        self.assertEqual(line.doc_currency_id, eur)
        self.assertEqual(line.doc_price_unit, 100.0)
        self.assertAlmostEqual(line.price_unit, 50.0)
        line.quantity = 2
        wizard.claim_type_id = self.type_quantity
        claim = self.env["claim.claim"].browse(wizard.action_create_claim()["res_id"])
        self.assertEqual(claim.currency_id, self.env.company.currency_id)
        self.assertAlmostEqual(claim.amount_claimed, 100.0)
        self.assertEqual(claim.line_ids.doc_currency_id, eur)

    def test_invoice_without_delivery(self):
        """Goods invoiced without a delivery in Odoo: the invoiced quantity counts."""
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product_b.id,
                            "quantity": 4,
                            "price_unit": 25.0,
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        wizard = self._open_wizard(invoice)
        line = wizard.line_ids
        self.assertEqual((line.delivered_qty, line.claimable_qty), (4.0, 4.0))
        self.assertFalse(line.move_id)
        line.quantity = 4
        wizard.claim_type_id = self.type_quality
        # the type asks for a description: the wizard asks it before creating
        with self.assertRaisesRegex(UserError, "description"):
            wizard.action_create_claim()
        wizard.description = "<p>Four lamps flicker.</p>"
        claim = self.env["claim.claim"].browse(wizard.action_create_claim()["res_id"])
        self.assertEqual(claim.line_ids.invoice_line_id.move_id, invoice)
        self.assertEqual(claim.amount_claimed, 100.0)
        with self.assertRaisesRegex(ValidationError, "were delivered"):
            claim.line_ids.quantity = 5


@tagged("post_install", "-at_install")
class TestClaimValueRules(ClaimDocumentCommon):
    def test_small_claims_are_accepted_automatically(self):
        self.type_quantity.auto_accept_limit = 100.0
        small = self._create_claim(lines=[(self.product_b, 2.0, 30.0)])
        self.assertEqual(small.state, "decided")
        self.assertEqual(small.decision, "accepted")
        self.assertTrue(
            small.message_ids.filtered(
                lambda m: "Accepted automatically" in (m.body or "")
            )
        )
        large = self._create_claim(lines=[(self.product_b, 10.0, 30.0)])
        self.assertEqual(large.state, "new")
        # a type requirement not met keeps the claim for a person to handle
        self.type_transport.auto_accept_limit = 100.0
        incomplete = self._create_claim(
            claim_type_id=self.type_transport.id,
            lines=[(self.product_b, 1.0, 30.0)],
        )
        self.assertEqual(incomplete.state, "new")

    def test_large_claims_need_manager_approval(self):
        self.type_quantity.approval_limit = 500.0
        claim = self._create_claim(lines=[(self.product_a, 10.0, 100.0)])
        self.assertTrue(claim.approval_required)
        claim.action_start()
        claim.action_accept_all()
        with self.assertRaisesRegex(UserError, "approval limit"):
            claim.action_decide()
        with self.assertRaises(AccessError):
            claim.action_approve()
        claim.with_user(self.manager).action_approve()
        self.assertEqual(claim.approved_by_id, self.manager)
        claim.action_decide()
        self.assertEqual(claim.state, "decided")
        self.assertFalse(self._create_claim().approval_required)


@tagged("post_install", "-at_install")
class TestClaimAccountantAccess(ClaimDocumentCommon):
    def test_accountant_reads_claims_about_invoices_only(self):
        self._stock(self.product_a, 10)
        order = self._sale([(self.product_a, 2, 100.0)])
        self._deliver(order.picking_ids)
        invoice = self._invoice(order)
        wizard = self._open_wizard(invoice)
        wizard.claim_type_id = self.type_quantity
        self._wizard_line(wizard, self.product_a).quantity = 1
        claim = self.env["claim.claim"].browse(wizard.action_create_claim()["res_id"])
        blank = self._create_claim()
        accountant = self._new_user("claim_accountant", "account.group_account_invoice")

        self.assertEqual(invoice.with_user(accountant).claim_count, 1)
        self.assertEqual(claim.with_user(accountant).line_ids.quantity, 1.0)
        visible = self.env["claim.claim"].with_user(accountant).search([])
        self.assertIn(claim, visible)
        self.assertNotIn(blank, visible)
        with self.assertRaises(AccessError):
            claim.with_user(accountant).write({"priority": "1"})
        with self.assertRaises(AccessError):
            claim.line_ids.with_user(accountant).write({"decision": "rejected"})
        with self.assertRaises(AccessError):
            self.env["claim.claim"].with_user(accountant).create(
                {"partner_id": self.customer.id, "claim_type_id": self.type_quality.id}
            )


@tagged("post_install", "-at_install")
class TestClaimIntakeQueries(ClaimDocumentCommon):
    def _invoice_with_lines(self, count):
        products = self.env["product.product"].create(
            [
                {"name": f"Q{count}-{i}", "type": "consu", "is_storable": True}
                for i in range(count)
            ]
        )
        for product in products:
            self._stock(product, 5)
        order = self._sale([(product, 2, 10.0) for product in products])
        self._deliver(order.picking_ids)
        return self._invoice(order)

    def _queries(self, invoice):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        action = invoice.action_open_claim_wizard()
        wizard = self.env["claim.create.wizard"].browse(action["res_id"])
        wizard.claim_type_id = self.type_quantity
        wizard.line_ids.write({"quantity": 1.0})
        wizard.action_create_claim()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def test_no_query_per_line(self):
        small = self._queries(self._invoice_with_lines(3))
        large = self._queries(self._invoice_with_lines(30))
        # ten times the lines: the same queries but for a few batched reads
        self.assertLess(
            large - small, 15, f"{small} queries for 3 lines, {large} for 30"
        )


@tagged("post_install", "-at_install")
class TestClaimCarrierAndCompanies(ClaimDocumentCommon):
    def test_claim_shows_carrier_and_tracking(self):
        carrier_product = self.env["product.product"].create(
            {"name": "Courier fee", "type": "service"}
        )
        carrier = self.env["delivery.carrier"].create(
            {
                "name": "Test Courier",
                "product_id": carrier_product.id,
                "delivery_type": "fixed",
                "tracking_url": "https://track.example.com/<shipmenttrackingnumber>",
            }
        )
        self._stock(self.product_a, 5)
        order = self._sale([(self.product_a, 2, 100.0)])
        picking = order.picking_ids
        picking.write({"carrier_id": carrier.id, "carrier_tracking_ref": "PKG-42"})
        self._deliver(picking)
        wizard = self._open_wizard(picking)
        wizard.claim_type_id = self.type_transport
        # transport claims need a photo: the wizard asks for it
        wizard.attachment_ids = wizard.env["ir.attachment"].create(
            {
                "name": "box.jpg",
                "raw": b"photo",
                "res_model": wizard._name,
                "res_id": wizard.id,
            }
        )
        self._wizard_line(wizard, self.product_a).quantity = 1
        claim = self.env["claim.claim"].browse(wizard.action_create_claim()["res_id"])
        self.assertEqual(claim.carrier_id, carrier)
        self.assertEqual(claim.carrier_tracking_ref, "PKG-42")
        self.assertIn("PKG-42", claim.carrier_tracking_url)
        groups = self.env["claim.claim"]._read_group(
            [("carrier_id", "!=", False)], ["carrier_id"], ["__count"]
        )
        self.assertEqual(groups, [(carrier, 1)])

    def test_document_of_another_company_is_refused(self):
        self._stock(self.product_a, 5)
        order = self._sale([(self.product_a, 2, 100.0)])
        picking = self._deliver(order.picking_ids)
        with self.assertRaisesRegex(ValidationError, "another customer or company"):
            self.env["claim.claim"].create(
                {
                    "partner_id": self.customer.id,
                    "claim_type_id": self.type_quantity.id,
                    "company_id": self.company_2.id,
                    "picking_id": picking.id,
                }
            )
