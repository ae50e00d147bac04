"""Claimed goods sent to an external service partner: real deliveries and
receipts with lots, the vendor bill, the refusals of the model, repeated
units, the analysis and the overdue cron."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common_resolution import ClaimResolutionCommon
from .common_service import ClaimServiceMixin


@tagged("post_install", "-at_install")
class TestClaimService(ClaimServiceMixin, ClaimResolutionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service()

    def _sent_order(self, claim=None, **vals):
        order = self._new_order(claim or self._received_claim(), **vals)
        order.with_user(self.operator).action_send()
        return order

    # ------------------------------------------------------------------ happy path

    def test_send_receive_forward_with_real_pickings(self):
        claim = self._received_claim(
            {
                (self.product_lot, self.lot_1): 1,
                (self.product_lot, self.lot_2): 1,
                (self.product_a, False): 2,
            }
        )
        drill_line = self._line(claim, self.product_lot, self.lot_1)
        order = self._new_order(
            claim, carrier_id=self.carrier.id, tracking_ref="TRACK-0001"
        )
        self.assertTrue(order.name.startswith("SRV/"))
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.location_id, self.claims_location)
        self.assertEqual(order.date_expected, fields.Date.today() + timedelta(days=10))
        # the claim's lines, with their whole quantities
        self.assertEqual(
            {(line.product_id, line.lot_id): line.quantity for line in order.line_ids},
            {
                (self.product_lot, self.lot_1): 1.0,
                (self.product_lot, self.lot_2): 1.0,
                (self.product_a, self.env["stock.lot"]): 2.0,
            },
        )
        self.assertEqual(
            order.line_ids.filtered(
                lambda line: line.claim_line_id == drill_line
            ).lot_id,
            self.lot_1,
        )
        self.assertEqual(claim.service_order_count, 1)

        order.with_user(self.operator).action_send()
        delivery = order.send_picking_id
        self.assertEqual(order.state, "sent")
        self.assertTrue(order.date_sent)
        self.assertRecordValues(
            delivery,
            [
                {
                    "state": "done",
                    "picking_type_id": self.warehouse.out_type_id.id,
                    "location_id": self.claims_location.id,
                    "location_dest_id": self.service_partner.property_stock_supplier.id,
                    "partner_id": self.service_partner.id,
                    "carrier_id": self.carrier.id,
                    "carrier_tracking_ref": "TRACK-0001",
                    "claim_service_order_id": order.id,
                }
            ],
        )
        # one move per lot of the drill, each with its lot
        drill_moves = delivery.move_ids.filtered(
            lambda m: m.product_id == self.product_lot
        )
        self.assertEqual(len(drill_moves), 2)
        self.assertEqual(drill_moves.move_line_ids.lot_id, self.lot_1 | self.lot_2)
        self.assertEqual(drill_moves.mapped("quantity"), [1.0, 1.0])
        self.assertEqual(
            self._location_quantity(self.product_lot, self.claims_location, self.lot_1),
            0,
        )
        self.assertEqual(
            self._location_quantity(
                self.product_lot,
                self.service_partner.property_stock_supplier,
                self.lot_1,
            ),
            1,
        )
        # the tracking reference follows on the delivery
        order.with_user(self.operator).tracking_ref = "TRACK-0002"
        self.assertEqual(delivery.carrier_tracking_ref, "TRACK-0002")

        order.with_user(self.operator).action_confirm_at_partner()
        self.assertEqual(order.state, "at_partner")
        self.assertTrue(order.date_at_partner)
        order.with_user(self.operator).partner_report = "<p>Motor brushes replaced.</p>"

        order.with_user(self.operator).action_receive()
        receipt = order.return_picking_id
        self.assertEqual(order.state, "returned")
        # goods back: their expected date and tracking are history
        for vals in ({"date_expected": fields.Date.today()}, {"tracking_ref": "X"}):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(UserError, "already back cannot change"),
            ):
                order.with_user(self.operator).write(vals)
        self.assertEqual(order.turnaround_days, 0)
        self.assertRecordValues(
            receipt,
            [
                {
                    "state": "done",
                    "picking_type_id": self.warehouse.in_type_id.id,
                    "location_dest_id": self.claims_location.id,
                    "claim_service_order_id": order.id,
                }
            ],
        )
        self.assertEqual(
            self._location_quantity(self.product_lot, self.claims_location, self.lot_1),
            1,
        )

        order.with_user(self.operator).action_forward()
        forward = order.forward_picking_id
        self.assertEqual(order.state, "forwarded")
        self.assertRecordValues(
            forward,
            [
                {
                    "state": "done",
                    "picking_type_id": self.warehouse.out_type_id.id,
                    "location_id": self.claims_location.id,
                    "partner_id": claim.partner_id.id,
                    "claim_service_order_id": order.id,
                }
            ],
        )
        self.assertEqual(forward.location_dest_id.usage, "customer")
        self.assertEqual(
            forward.move_ids.filtered(
                lambda m: m.product_id == self.product_lot
            ).move_line_ids.lot_id,
            self.lot_1 | self.lot_2,
        )
        # service transfers are no returns or replacements of the claim
        pickings = delivery | receipt | forward
        self.assertFalse(claim.picking_ids & pickings)
        self.assertFalse(pickings.move_ids.claim_line_id)
        self.assertEqual(drill_line.qty_returned, 1.0)
        self.assertEqual(claim.state, "in_progress")
        for picking in pickings:
            self.assertTrue(
                claim.message_ids.filtered(
                    lambda m, p=picking: p.name in (m.body or "")
                )
            )
        action = order.action_view_pickings()
        self.assertEqual(set(action["domain"][0][2]), set(pickings.ids))

    def test_vendor_bill_is_the_cost(self):
        order = self._sent_order()
        self.assertEqual(order.cost, 0.0)
        # operators without accounting rights make no bills
        with self.assertRaises(AccessError):
            order.with_user(self.operator).action_create_bill()
        action = order.with_user(self.billing_user).action_create_bill()
        bill = order.bill_id
        self.assertEqual(action["res_id"], bill.id)
        self.assertRecordValues(
            bill,
            [
                {
                    "move_type": "in_invoice",
                    "state": "draft",
                    "partner_id": self.service_partner.id,
                    "invoice_origin": order.name,
                    "company_id": order.company_id.id,
                }
            ],
        )
        self.assertEqual(bill.invoice_line_ids.product_id, self.product_lot)
        # pressing it again opens the same bill
        order.with_user(self.billing_user).action_create_bill()
        self.assertEqual(
            self.env["account.move"].search_count(
                [("invoice_origin", "=", order.name)]
            ),
            1,
        )
        self.assertEqual(order.cost, 0.0, "a draft bill costs nothing yet")
        bill.invoice_date = fields.Date.today()
        bill.invoice_line_ids.write({"price_unit": 42.5, "tax_ids": [Command.clear()]})
        bill.action_post()
        self.assertEqual(order.cost, 42.5)
        # a bill for goods never sent is refused
        draft = self._new_order(
            self._received_claim({(self.product_lot, self.lot_2): 1})
        )
        with self.assertRaises(UserError):
            draft.with_user(self.billing_user).action_create_bill()
        self.assertFalse(draft.bill_id)

    # ------------------------------------------------------------------ refusals

    def test_refuse_wrong_order_of_actions(self):
        claim = self._received_claim()
        order = self._new_order(claim)
        operator_order = order.with_user(self.operator)
        with self._assert_refused(UserError, "not sent"):
            operator_order.action_receive()
        with self._assert_refused(UserError, "not on their way"):
            operator_order.action_confirm_at_partner()
        with self._assert_refused(UserError, "not back"):
            operator_order.action_forward()
        self.assertFalse(order.return_picking_id)
        operator_order.action_send()
        with self._assert_refused(UserError, "already sent"):
            operator_order.action_send()
        self.assertEqual(
            self.env["stock.picking"].search_count(
                [("claim_service_order_id", "=", order.id)]
            ),
            1,
        )
        with self._assert_refused(UserError, "receive its goods back"):
            operator_order.action_cancel()
        with self.assertRaises(UserError):
            operator_order.unlink()
        self.assertEqual(order.state, "sent")
        # a draft is cancelled
        other = self._new_order(
            self._received_claim({(self.product_lot, self.lot_2): 1})
        )
        other.with_user(self.operator).action_cancel()
        self.assertEqual(other.state, "cancelled")
        with self.assertRaises(UserError):
            other.with_user(self.operator).action_send()

    def test_refuse_non_service_and_foreign_partners(self):
        claim = self._received_claim()
        with self._assert_refused(ValidationError, "not a service partner"):
            self._new_order(claim, partner_id=self.plain_vendor.id)
        order = self._new_order(claim)
        with self._assert_refused(ValidationError, "not a service partner"):
            order.with_user(self.operator).partner_id = self.plain_vendor
        foreign = self.env["res.partner"].create(
            {
                "name": "Service of Company B",
                "is_company": True,
                "claim_service_partner": True,
                "company_id": self.company_2.id,
            }
        )
        with self.assertRaises(UserError):
            order.with_user(self.operator).partner_id = foreign
        self.assertEqual(order.partner_id, self.service_partner)

    def test_refuse_closed_claims(self):
        claim = self._received_claim()
        order = self._new_order(claim)
        claim.line_ids.decision = "rejected"
        claim.action_decide()
        claim.action_close()
        self.assertEqual(claim.state, "closed")
        self.assertFalse(claim.can_send_to_service)
        with self._assert_refused(UserError, "closed or cancelled"):
            self._new_order(claim)
        with self._assert_refused(UserError, "closed or cancelled"):
            order.with_user(self.operator).action_send()
        with self._assert_refused(UserError, "closed or cancelled"):
            claim.with_user(self.operator).action_send_to_service()
        self.assertEqual(order.state, "draft")

    def test_refuse_quantities_beyond_the_claim_line(self):
        claim = self._received_claim({(self.product_a, False): 2})
        line = claim.line_ids
        with self._assert_refused(ValidationError, "more than the"):
            self._new_order(
                claim,
                line_ids=[Command.create({"claim_line_id": line.id, "quantity": 3})],
            )
        first = self._new_order(
            claim, line_ids=[Command.create({"claim_line_id": line.id, "quantity": 1})]
        )
        with self._assert_refused(ValidationError, "more than the"):
            self._new_order(
                claim,
                line_ids=[Command.create({"claim_line_id": line.id, "quantity": 2})],
            )
        with self._assert_refused(ValidationError, "more than the"):
            first.line_ids.with_user(self.operator).quantity = 3
        # the rest goes by default
        second = self._new_order(claim)
        self.assertEqual(second.line_ids.quantity, 1.0)
        with self._assert_refused(UserError, "no goods"):
            self._new_order(claim).with_user(self.operator).action_send()
        # a line of another claim is refused
        other = self._claim({(self.product_b, False): 1}, decide=False)
        with self._assert_refused(ValidationError, "not a product of claim"):
            self._new_order(
                claim,
                line_ids=[
                    Command.create({"claim_line_id": other.line_ids.id, "quantity": 1})
                ],
            )
        # a cancelled order frees its quantity
        first.with_user(self.operator).action_cancel()
        second.line_ids.with_user(self.operator).quantity = 2

    def test_refuse_goods_not_received(self):
        claim = self._claim({(self.product_lot, self.lot_1): 1}, decide=False)
        order = self._new_order(claim)
        with self._assert_refused(UserError, "receive the claimed goods first"):
            order.with_user(self.operator).action_send()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.send_picking_id)

    def test_refuse_owned_fields_to_clients(self):
        claim = self._received_claim()
        order = self._new_order(claim)
        for vals in (
            {"state": "sent"},
            {"send_picking_id": self.delivery.id},
            {"date_returned": fields.Datetime.now()},
            {"overdue_reminded": True},
            {"turnaround_days": 1},
            {"name": "SRV/FAKE"},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                order.with_user(self.operator).write(vals)
        with self.assertRaises(AccessError):
            self._new_order(claim, state="returned")
        with self.assertRaises(AccessError):
            order.line_ids.with_user(self.operator).is_repeat = True
        self.assertEqual(order.state, "draft")
        order.with_user(self.operator).action_send()
        # sent: partner, goods and claim are fixed
        for vals in (
            {"location_id": self.stock_location.id},
            {"carrier_id": self.carrier.id},
            {"line_ids": [Command.clear()]},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                order.with_user(self.operator).write(vals)
        with self.assertRaises(UserError):
            order.line_ids.with_user(self.operator).quantity = 0.5
        with self.assertRaises(UserError):
            order.line_ids.with_user(self.operator).unlink()
        # the stock cannot fake which order a transfer served
        stock_manager = new_test_user(
            self.env,
            login="claim_service_stock_manager",
            groups="base.group_user,stock.group_stock_manager",
        )
        with self.assertRaises(AccessError):
            self.delivery.with_user(stock_manager).write(
                {"claim_service_order_id": order.id}
            )
        with self.assertRaises(AccessError):
            order.with_user(stock_manager).action_receive()
        self.assertEqual(order.state, "sent")

    def test_claims_user_reads_only(self):
        claim = self._received_claim()
        claim.user_id = self.claim_user
        order = self._new_order(claim)
        self.assertEqual(order.with_user(self.claim_user).state, "draft")
        self.assertEqual(claim.with_user(self.claim_user).service_order_count, 1)
        with self.assertRaises(AccessError):
            self._new_order(claim, user=self.claim_user)
        with self.assertRaises(AccessError):
            order.with_user(self.claim_user).action_send()
        # claims of others stay hidden
        self.assertFalse(
            self.env["claim.service.order"]
            .with_user(self.other_user)
            .search([("id", "=", order.id)])
        )
        self.assertEqual(order.state, "draft")

    def test_multi_company(self):
        order = self._new_order(self._received_claim())
        Order = self.env["claim.service.order"].with_user(self.operator_b)
        self.assertFalse(Order.search([]))
        with self.assertRaises(AccessError):
            order.with_user(self.operator_b).action_send()
        self.assertEqual(order.state, "draft")

    # ------------------------------------------------------------------ analysis

    def test_repeated_units_and_analysis(self):
        # two claims of each lot (made before any goods come back: the
        # invoice's claimable quantity counts the returns)
        drill_1 = {(self.product_lot, self.lot_1): 1}
        drill_2 = {(self.product_lot, self.lot_2): 1}
        first_claim, second_claim, old_claim, late_claim = (
            self._claim(quantities, decide=False)
            for quantities in (drill_1, drill_1, drill_2, drill_2)
        )
        first = self._sent_order(self._receive(first_claim))
        self.assertFalse(first.line_ids.is_repeat)
        first.with_user(self.operator).action_receive()
        first.with_user(self.operator).action_forward()
        # the same drill lot comes back: a repeated defect
        again = self._sent_order(self._receive(second_claim))
        self.assertTrue(again.line_ids.is_repeat)
        self.assertEqual(again.repeat_count, 1)
        # a unit sent long after the first service of its lot is no repeat
        old = self._sent_order(self._receive(old_claim))
        old._workflow().write(
            {"date_sent": fields.Datetime.now() - timedelta(days=400)}
        )
        old.with_user(self.operator).action_receive()
        self.assertEqual(old.turnaround_days, 400)
        old.with_user(self.operator).action_forward()
        self.assertEqual(self.env.company.claim_service_repeat_days, 180)
        late = self._sent_order(self._receive(late_claim))
        self.assertFalse(late.line_ids.is_repeat)
        # per service partner: turnaround, cost, repeated units, by SQL
        groups = self.env["claim.service.order"]._read_group(
            [("partner_id", "=", self.service_partner.id)],
            ["partner_id"],
            ["turnaround_days:avg", "repeat_count:sum", "__count"],
        )
        # the average counts the orders back from service only
        self.assertEqual(groups, [(self.service_partner, 200.0, 1, 4)])
        units = self.env["claim.service.order.line"]._read_group(
            [("is_repeat", "=", True)], ["product_id", "lot_id"], ["__count"]
        )
        self.assertEqual(units, [(self.product_lot, self.lot_1, 1)])

    def test_service_order_sheet(self):
        order = self._sent_order(carrier_id=self.carrier.id, tracking_ref="TR-9")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "claim_management.report_claim_service_order", order.ids
            )[0]
            .decode()
        )
        for text in (order.name, "Drill Service Centre", "DR-001", "TR-9"):
            self.assertIn(text, html)

    # ------------------------------------------------------------------ overdue

    def test_overdue_cron_reminds_once_per_expected_date(self):
        claim = self._received_claim()
        claim.user_id = self.operator
        order = self._sent_order(claim)
        Order = self.env["claim.service.order"]
        Order._cron_claim_service_overdue()
        self.assertFalse(order.activity_ids)
        yesterday = fields.Date.today() - timedelta(days=1)
        order.with_user(self.operator).date_expected = yesterday
        self.assertTrue(order.is_overdue)
        Order._cron_claim_service_overdue()
        self.assertEqual(len(order.activity_ids), 1)
        self.assertEqual(order.activity_ids.user_id, self.operator)
        self.assertIn(order.name, order.activity_ids.summary)
        self.assertTrue(order.overdue_reminded)
        self.assertTrue(
            claim.message_ids.filtered(lambda m: order.name in (m.body or ""))
        )
        Order._cron_claim_service_overdue()
        self.assertEqual(len(order.activity_ids), 1)
        # a new expected date gets its own reminder
        order.with_user(self.operator).date_expected = yesterday - timedelta(days=1)
        self.assertFalse(order.overdue_reminded)
        # back: the reminder is done
        order.with_user(self.operator).action_receive()
        self.assertFalse(order.activity_ids)
        Order._cron_claim_service_overdue()
        self.assertFalse(order.activity_ids)
        with self.assertRaises(UserError):
            order.with_user(self.operator).date_expected = fields.Date.today()

    def test_overdue_cron_runs_as_scheduled_action(self):
        order = self._sent_order()
        order._workflow().date_expected = fields.Date.today() - timedelta(days=3)
        cron = self.env.ref("claim_management.ir_cron_claim_service_overdue")
        self.assertEqual(cron.code, "model._cron_claim_service_overdue()")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        cron.invalidate_recordset()
        self.assertEqual(cron.failure_count, 0)
        order.invalidate_recordset()
        self.assertTrue(order.overdue_reminded)
        self.assertEqual(len(order.activity_ids), 1)
