from dateutil.relativedelta import relativedelta
from psycopg2.errors import CheckViolation

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common_vendor import ClaimVendorCommon


@tagged("post_install", "-at_install")
class TestClaimVendor(ClaimVendorCommon):
    def _sent_claim(self):
        claim = self._customer_claim(
            {(self.product_lot, self.lot_v1): 2, (self.product_a, None): 1}
        )
        vendor_claims = self._vendor_claims_from(claim)
        return claim, vendor_claims

    def test_from_customer_claim_one_per_vendor(self):
        claim, vendor_claims = self._sent_claim()
        self.assertEqual(vendor_claims.partner_id, self.vendor | self.vendor_2)
        drills = vendor_claims.filtered(lambda v: v.partner_id == self.vendor)
        line = drills.line_ids
        self.assertEqual(drills.state, "draft")
        self.assertTrue(drills.name.startswith("VCL/"))
        self.assertEqual(line.claim_line_id, self._line_of(claim, self.product_lot))
        self.assertEqual(line.lot_id, self.lot_v1)
        self.assertEqual(line.quantity, 2)
        # the lot's receipt gives the purchase line, the price and the warranty
        self.assertEqual(line.purchase_line_id, self.order_po.order_line)
        self.assertEqual(line.move_id, self.receipt.move_ids)
        self.assertEqual(line.price_unit, 30.0)
        self.assertEqual(drills.amount_claimed, 60.0)
        self.assertEqual(
            line.vendor_warranty_end, line.receipt_date + relativedelta(months=24)
        )
        # without a lot: the product's vendor list
        chairs = vendor_claims - drills
        self.assertEqual(chairs.line_ids.price_unit, 55.0)
        self.assertFalse(chairs.line_ids.purchase_line_id)
        # smart buttons both ways
        self.assertEqual(claim.with_user(self.purchase_operator).vendor_claim_count, 2)
        self.assertEqual(drills.claim_ids, claim)
        self.assertEqual(self.receipt.with_user(self.purchaser).vendor_claim_count, 1)
        self.assertIn("Vendor claim", claim.message_ids[0].body)

    def _line_of(self, claim, product):
        return claim.line_ids.filtered(lambda line: line.product_id == product)

    def test_no_second_vendor_claim_for_the_same_goods(self):
        claim, _vendor_claims = self._sent_claim()
        with self.assertRaisesRegex(UserError, "no accepted goods left"):
            claim.with_user(self.purchase_operator).action_open_vendor_claim_wizard()
        # the model checks the quantity again, whatever the wizard sent
        with self.assertRaisesRegex(UserError, "at most 0"):
            self.env["claim.vendor.claim"].with_user(
                self.purchase_operator
            )._create_from_requests(
                [
                    {
                        "claim_line_id": self._line_of(claim, self.product_lot).id,
                        "quantity": 1,
                    }
                ]
            )

    def test_refused_claims_give_nothing_to_claim(self):
        claim = self._customer_claim(
            {(self.product_lot, self.lot_v1): 1}, decision="rejected"
        )
        with self.assertRaisesRegex(UserError, "no accepted goods left"):
            claim.with_user(self.purchase_operator).action_open_vendor_claim_wizard()

    def test_flow_return_credit_note_recovered(self):
        _claim, vendor_claims = self._sent_claim()
        drills = vendor_claims.filtered(lambda v: v.partner_id == self.vendor)
        line = drills.line_ids
        with self.assertRaisesRegex(UserError, "what the vendor accepted"):
            drills.action_create_refund()
        drills.action_send()
        self.assertEqual(drills.state, "sent")
        with self.assertRaisesRegex(UserError, "frozen"):
            line.quantity = 1
        # return to the vendor through Odoo's return of the receipt, with the lot
        action = drills.action_return_to_vendor()
        ret = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(ret.vendor_claim_id, drills)
        self.assertEqual(ret.move_ids.origin_returned_move_id, self.receipt.move_ids)
        self.assertEqual(ret.location_dest_id, self.vendor.property_stock_supplier)
        self.assertEqual(ret.move_ids.move_line_ids.lot_id, self.lot_v1)
        self.assertFalse(drills.can_return)
        with self.assertRaisesRegex(UserError, "nothing left to return"):
            drills.action_return_to_vendor()
        self._validate(ret)
        self.assertEqual(line.qty_returned, 2)
        # the vendor accepts one of the two
        with self.assertRaises(ValidationError):
            line.write({"vendor_decision": "accepted", "quantity_accepted": 3})
        line.write({"vendor_decision": "accepted", "quantity_accepted": 1})
        drills.action_record_decision()
        self.assertEqual(drills.state, "partial")
        action = drills.action_create_refund()
        refund = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(refund.move_type, "in_refund")
        self.assertEqual(refund.partner_id, self.vendor)
        self.assertEqual(refund.reversed_entry_id, self.bill)
        self.assertEqual(refund.invoice_line_ids.quantity, 1)
        self.assertEqual(refund.invoice_line_ids.price_unit, 30.0)
        self.assertEqual(refund.state, "draft")
        # pressing twice creates nothing more
        with self.assertRaisesRegex(UserError, "nothing left to credit"):
            drills.action_create_refund()
        self.assertEqual(drills.amount_recovered, 0.0)
        # accountants post it; the claim recovers the amount
        refund.with_user(self.accountant).action_post()
        self.assertEqual(line.qty_refunded, 1)
        self.assertEqual(drills.amount_recovered, 30.0)
        self.assertEqual(drills.refund_count, 1)
        self.assertEqual(
            drills.amount_balance, drills.amount_recovered - drills.amount_customer_cost
        )
        drills.action_settle()
        self.assertEqual(drills.state, "settled")

    def test_our_cost_follows_the_customer_credit_note(self):
        claim, vendor_claims = self._sent_claim()
        drills = vendor_claims.filtered(lambda v: v.partner_id == self.vendor)
        claim.with_user(self.operator).action_create_credit_note()
        claim.credit_note_ids.action_post()
        self.assertEqual(drills.line_ids.amount_customer_cost, 160.0)
        self.assertEqual(drills.amount_customer_cost, 160.0)
        self.assertEqual(drills.amount_balance, -160.0)

    def test_replacement_receipt(self):
        _claim, vendor_claims = self._sent_claim()
        chairs = vendor_claims.filtered(lambda v: v.partner_id == self.vendor_2)
        chairs.action_send()
        chairs.line_ids.vendor_decision = "accepted"
        self.assertEqual(chairs.line_ids.quantity_accepted, 1)
        chairs.action_record_decision()
        self.assertEqual(chairs.state, "accepted")
        action = chairs.action_create_replacement()
        receipt = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(receipt.picking_type_code, "incoming")
        self.assertEqual(receipt.partner_id, self.vendor_2)
        self.assertFalse(chairs.can_refund)
        self._validate(receipt)
        self.assertEqual(chairs.line_ids.qty_replaced, 1)
        self.assertEqual(chairs.amount_recovered, 55.0)
        # no receipt to return through: an outgoing transfer to the vendor
        action = chairs.action_return_to_vendor()
        out = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(out.picking_type_code, "outgoing")
        self.assertEqual(out.location_dest_id, self.vendor_2.property_stock_supplier)
        self.assertEqual(chairs.picking_count, 2)

    def test_refused_then_settled(self):
        _claim, vendor_claims = self._sent_claim()
        chairs = vendor_claims.filtered(lambda v: v.partner_id == self.vendor_2)
        with self.assertRaisesRegex(UserError, "recorded while"):
            chairs.line_ids.vendor_decision = "refused"
        chairs.action_send()
        with self.assertRaisesRegex(UserError, "on every line"):
            chairs.action_record_decision()
        chairs.line_ids.vendor_decision = "refused"
        chairs.action_record_decision()
        self.assertEqual(chairs.state, "refused")
        self.assertFalse(chairs.can_refund or chairs.can_replace)
        with self.assertRaisesRegex(UserError, "what the vendor accepted"):
            chairs.action_create_refund()
        with self.assertRaises(UserError):
            chairs.action_cancel()
        chairs.action_settle()
        with self.assertRaises(UserError):
            chairs.action_send()

    def test_cancel_and_delete(self):
        _claim, vendor_claims = self._sent_claim()
        drills = vendor_claims.filtered(lambda v: v.partner_id == self.vendor)
        drills.action_send()
        with self.assertRaisesRegex(UserError, "draft vendor claims"):
            drills.with_user(self.manager).unlink()
        drills.action_return_to_vendor()
        with self.assertRaisesRegex(UserError, "Cancel the returns"):
            drills.action_cancel()
        drills.picking_ids.action_cancel()
        drills.action_cancel()
        self.assertEqual(drills.state, "cancel")
        # a cancelled vendor claim frees its goods for a new one
        self.assertEqual(
            self.env["claim.vendor.claim"]._claimed_quantities(
                claim_lines=drills.line_ids.claim_line_id
            ),
            {},
        )
        drills.action_draft()
        self.assertEqual(drills.state, "draft")

    def test_from_receipt_damaged_and_missing(self):
        action = self.receipt.with_user(
            self.purchaser
        ).action_open_vendor_claim_wizard()
        wizard = (
            self.env["claim.vendor.claim.wizard"]
            .with_user(self.purchaser)
            .browse(action["res_id"])
        )
        self.assertEqual(wizard.line_ids.lot_id, self.lot_v1 | self.lot_v2)
        line_1 = wizard.line_ids.filtered(lambda line: line.lot_id == self.lot_v1)
        line_2 = wizard.line_ids - line_1
        self.assertEqual(line_1.max_quantity, 3)
        self.assertEqual(line_1.partner_id, self.vendor)
        line_1.quantity = 1
        line_2.write({"quantity": 2, "reason": "missing"})
        action = wizard.action_create()
        vendor_claim = self.env["claim.vendor.claim"].browse(action["res_id"])
        self.assertEqual(len(vendor_claim.line_ids), 2)
        missing = vendor_claim.line_ids.filtered(lambda line: line.reason == "missing")
        self.assertEqual(missing.qty_to_return, 0)
        self.assertEqual(vendor_claim.amount_claimed, 90.0)
        self.assertEqual(self.receipt.vendor_claim_count, 1)
        vendor_claim.with_user(self.purchaser).action_send()
        action = vendor_claim.with_user(self.purchaser).action_return_to_vendor()
        ret = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(ret.move_ids.product_uom_qty, 1)
        # what is claimed is no longer claimable
        with self.assertRaisesRegex(UserError, "at most 2"):
            self.env["claim.vendor.claim"].with_user(
                self.purchaser
            )._create_from_requests(
                [
                    {
                        "move_id": self.receipt.move_ids.id,
                        "lot_id": self.lot_v1.id,
                        "quantity": 3,
                    }
                ]
            )

    def test_from_receipt_refusals(self):
        with self.assertRaisesRegex(UserError, "done receipts"):
            self.delivery.with_user(self.purchaser).action_open_vendor_claim_wizard()
        order = self._purchase(self.vendor, [(self.product_a, 2, 50.0)])
        with self.assertRaisesRegex(UserError, "done receipts"):
            order.picking_ids.with_user(
                self.purchaser
            ).action_open_vendor_claim_wizard()
        with self.assertRaisesRegex(UserError, "customer claims or from receipts"):
            self.env["claim.vendor.claim"].with_user(
                self.purchaser
            )._create_from_requests([{"product_id": self.product_a.id, "quantity": 1}])

    def test_clients_cannot_write_what_actions_own(self):
        _claim, vendor_claims = self._sent_claim()
        drills = vendor_claims.filtered(
            lambda v: v.partner_id == self.vendor
        ).with_user(self.purchaser)
        Vendor = self.env["claim.vendor.claim"].with_user(self.purchaser)
        with self.assertRaises(AccessError):
            drills.write({"state": "accepted"})
        with self.assertRaises(AccessError):
            drills.write({"amount_recovered": 1000.0})
        with self.assertRaises(AccessError):
            Vendor.create({"partner_id": self.vendor.id, "state": "settled"})
        with self.assertRaises(AccessError):
            drills.line_ids.write({"claim_line_id": False})
        with self.assertRaises(AccessError):
            self.env["claim.vendor.claim.line"].with_user(self.purchaser).create(
                {
                    "vendor_claim_id": drills.id,
                    "product_id": self.product_lot.id,
                    "purchase_line_id": self.order_po.order_line.id,
                }
            )
        # links of core documents to vendor claims
        with self.assertRaises(AccessError):
            self.bill.with_user(self.accountant).write({"vendor_claim_id": drills.id})
        with self.assertRaises(AccessError):
            self.receipt.with_user(self.purchaser).write({"vendor_claim_id": drills.id})
        with self.assertRaises(AccessError):
            self.receipt.move_ids.with_user(self.purchaser).write(
                {"vendor_claim_line_id": drills.line_ids.id}
            )
        with self.assertRaises(AccessError):
            self.bill.invoice_line_ids.with_user(self.accountant).write(
                {"vendor_claim_line_id": drills.line_ids.id}
            )
        with self.assertRaises(UserError):
            drills.action_send()
            drills.write({"partner_id": self.vendor_2.id})
        self.assertEqual(drills.partner_id, self.vendor)

    def test_access(self):
        _claim, vendor_claims = self._sent_claim()
        # sent: a vendor claim's vendor and company are fixed
        sent = vendor_claims[:1]
        sent.with_user(self.purchaser).action_send()
        self.assertEqual(sent.state, "sent")
        with self.assertRaisesRegex(UserError, "only be changed while it is a draft"):
            sent.with_user(self.purchaser).write({"partner_id": self.vendor_2.id})
        # accountants read, claims operators read; other companies see nothing
        self.assertEqual(
            vendor_claims.with_user(self.accountant).read(["amount_recovered"])[0][
                "amount_recovered"
            ],
            0.0,
        )
        with self.assertRaises(AccessError):
            vendor_claims.with_user(self.operator).write({"vendor_reference": "X"})
        vendor_claims.with_user(self.operator).read(["name"])
        with self.assertRaises(AccessError):
            vendor_claims.with_user(self.claim_user).read(["name"])
        other = self._new_user(
            "claim_purchaser_b", "purchase.group_purchase_user", self.company_2
        )
        self.assertFalse(self.env["claim.vendor.claim"].with_user(other).search([]))
        with self.assertRaises(AccessError):
            vendor_claims.with_user(other).read(["name"])

    def test_vendor_warranty_on_supplierinfo(self):
        seller = self.product_lot.seller_ids
        with self.assertRaises(CheckViolation), mute_logger("odoo.sql_db"):
            with self.cr.savepoint():
                seller.warranty_months = -1
                self.env.flush_all()
        _claim, vendor_claims = self._sent_claim()
        line = vendor_claims.line_ids.filtered(
            lambda line: line.product_id == self.product_lot
        )
        seller.warranty_months = 6
        self.assertEqual(
            line.vendor_warranty_end, line.receipt_date + relativedelta(months=6)
        )

    def test_vendor_and_vendor_warranty_on_customer_lines(self):
        claim = self._customer_claim(
            {(self.product_lot, self.lot_v1): 2, (self.product_a, None): 1}
        )
        lines = claim.with_user(self.purchase_operator).line_ids
        drill_line = lines.filtered(lambda line: line.product_id == self.product_lot)
        chair_line = lines - drill_line
        # the lot came with the vendor's receipt: its vendor and 24 months from it
        self.assertEqual(drill_line.vendor_id, self.vendor)
        self.assertEqual(
            drill_line.vendor_warranty_end,
            self.receipt.date_done.date() + relativedelta(months=24),
        )
        # no receipt known: the product's vendor, no warranty end
        self.assertEqual(chair_line.vendor_id, self.vendor_2)
        self.assertFalse(chair_line.vendor_warranty_end)
        # once claimed from the vendor, the vendor claim's
        _vendor_claims = self._vendor_claims_from(claim)
        drill_line.invalidate_recordset()
        self.assertEqual(
            drill_line.vendor_warranty_end,
            drill_line.vendor_claim_line_ids.vendor_warranty_end,
        )
        # purchase data: not for claims users without the operator role
        claim_user = new_test_user(
            self.env,
            login="claim_vendor_claims_user",
            groups="base.group_user,claim_management.group_claim_user",
        )
        claim.message_subscribe(partner_ids=claim_user.partner_id.ids)
        with self.assertRaises(AccessError):
            claim.with_user(claim_user).line_ids.mapped("vendor_warranty_end")

    def test_goods_back_from_the_customer_go_to_the_vendor_from_there(self):
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        claims_location = self.env["stock.location"].create(
            {
                "name": "Claims",
                "usage": "internal",
                "location_id": warehouse.view_location_id.id,
            }
        )
        self.env.company.claim_location_id = claims_location
        claim = self._customer_claim({(self.product_lot, self.lot_v1): 2})
        # the customer's goods come back into the claims location
        receipt = claim.with_user(self.operator).action_receive_goods()
        back = self.env["stock.picking"].browse(receipt["res_id"])
        self.assertEqual(back.location_dest_id, claims_location)
        self._validate(back)
        vendor_claim = self._vendor_claims_from(claim)
        vendor_claim.action_send()
        action = vendor_claim.action_return_to_vendor()
        ret = self.env["stock.picking"].browse(action["res_id"])
        # Odoo's return of the purchase receipt, taken from the claims location
        self.assertEqual(ret.location_id, claims_location)
        self.assertEqual(ret.move_ids.location_id, claims_location)
        self.assertEqual(ret.move_ids.origin_returned_move_id, self.receipt.move_ids)
        self.assertEqual(ret.move_ids.move_line_ids.lot_id, self.lot_v1)
        self.assertEqual(ret.move_ids.move_line_ids.quantity, 2)
        self._validate(ret)
        self.assertEqual(vendor_claim.line_ids.qty_returned, 2)
        quants = self.env["stock.quant"]._gather(
            self.product_lot, claims_location, lot_id=self.lot_v1, strict=True
        )
        self.assertEqual(sum(quants.mapped("quantity")), 0)

    def test_nobody_else_sets_where_a_return_comes_from(self):
        with self.assertRaises(AccessError):
            self.env["stock.return.picking"].with_user(self.purchaser).with_context(
                active_model="stock.picking", active_id=self.receipt.id
            ).create(
                {
                    "picking_id": self.receipt.id,
                    "claim_source_location_id": self.receipt.location_dest_id.id,
                }
            )
