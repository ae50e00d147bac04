from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common_resolution import ClaimResolutionCommon


@tagged("post_install", "-at_install")
class TestClaimResolutionReplacement(ClaimResolutionCommon):
    def _validate(self, picking):
        for move in picking.move_ids:
            if not move.move_line_ids:
                move.quantity = move.product_uom_qty
            move.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_replacement_with_lots(self):
        claim = self._claim(
            {(self.product_lot, self.lot_1): 2, (self.product_lot, self.lot_2): 1}
        )
        action = claim.action_create_replacement()
        pickings = self.env["stock.picking"].search(action["domain"])
        self.assertEqual(pickings, claim.picking_ids)
        receipt = pickings.filtered(lambda p: p.picking_type_code == "incoming")
        delivery = pickings.filtered(lambda p: p.picking_type_code == "outgoing")
        self.assertEqual(receipt.return_id, self.delivery)
        self.assertEqual(len(receipt.move_ids), 2, "one return move per claimed lot")
        self.assertEqual(
            sorted((line.lot_id.name, line.quantity) for line in receipt.move_line_ids),
            [("DR-001", 2.0), ("DR-002", 1.0)],
        )
        self.assertEqual(sum(delivery.move_ids.mapped("product_uom_qty")), 3.0)
        self.assertEqual(delivery.partner_id, self.delivery.partner_id)
        # pressing again returns the same transfers
        self.assertEqual(
            self.env["stock.picking"].search(
                claim.action_create_replacement()["domain"]
            ),
            pickings,
        )
        self._validate(receipt)
        self.assertEqual(claim.line_ids.mapped("qty_returned"), [2.0, 1.0])
        self.assertEqual(claim.state, "decided")
        self._validate(delivery)
        self.assertEqual(claim.line_ids.mapped("qty_replaced"), [2.0, 1.0])
        self.assertEqual(claim.state, "resolved")
        self.assertEqual(claim.amount_replacement_cost, 3 * 35.0)

    def test_replacement_with_another_product_without_return(self):
        claim = self._claim({(self.product_a, None): 2})
        other = self.env["product.product"].create(
            {"name": "Office Chair Deluxe", "type": "consu", "standard_price": 70.0}
        )
        action = claim.action_open_replacement_wizard()
        wizard_form = Form(
            self.env["claim.replacement.wizard"].browse(action["res_id"])
        )
        wizard_form.with_return = False
        with wizard_form.line_ids.edit(0) as line:
            line.product_id = other
            line.product_qty = 2
        wizard = wizard_form.save()
        result = wizard.action_confirm()
        delivery = self.env["stock.picking"].browse(result["res_id"])
        self.assertEqual(claim.picking_ids, delivery, "no return")
        self.assertEqual(delivery.move_ids.product_id, other)
        self.assertEqual(claim.line_ids.qty_to_resolve, 0.0)
        self._validate(delivery)
        self.assertEqual(claim.line_ids.qty_replaced, 2.0)
        self.assertEqual(claim.state, "resolved")
        self.assertEqual(claim.amount_replacement_cost, 140.0)

    def test_partly_credited_partly_replaced_and_cancel_reopens(self):
        claim = self._claim({(self.product_a, None): 3})
        line = claim.line_ids
        wizard = self.env["claim.replacement.wizard"].browse(
            claim.action_open_replacement_wizard()["res_id"]
        )
        wizard.line_ids.write({"quantity": 1, "product_qty": 1})
        wizard.action_confirm()
        self.assertEqual(line.qty_to_resolve, 2.0)
        claim.action_create_credit_note()
        self.assertEqual(claim.credit_note_ids.invoice_line_ids.quantity, 2.0)
        claim.credit_note_ids.action_post()
        self.assertEqual(claim.state, "decided", "the replacement is not delivered")
        delivery = claim.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        self._validate(delivery)
        self.assertEqual((line.qty_credited, line.qty_replaced), (2.0, 1.0))
        self.assertEqual(claim.state, "resolved")

    def test_cancelling_the_replacement_reopens_the_line(self):
        claim = self._claim({(self.product_b, None): 1})
        claim.action_create_replacement()
        self.assertFalse(claim.can_create_resolution)
        claim.picking_ids.action_cancel()
        self.assertEqual(claim.line_ids.qty_to_resolve, 1.0)
        self.assertTrue(claim.can_create_resolution)

    def test_wizard_refuses_more_than_left(self):
        claim = self._claim({(self.product_a, None): 1, (self.product_b, None): 1})
        wizard = self.env["claim.replacement.wizard"].browse(
            claim.action_open_replacement_wizard()["res_id"]
        )
        wizard.line_ids[0].quantity = 5
        with self.assertRaisesRegex(UserError, "left to resolve"):
            wizard.action_confirm()

    def test_replacement_without_delivery_needs_no_return(self):
        claim = self._create_claim(lines=[(self.product_a, 1.0, 95.0)])
        claim.action_start()
        claim.line_ids.decision = "accepted"
        claim.action_decide()
        # no dead end: Replace offers the replacement without a return
        action = claim.action_create_replacement()
        self.assertEqual(action["res_model"], "claim.replacement.wizard")
        wizard = self.env["claim.replacement.wizard"].browse(action["res_id"])
        self.assertFalse(wizard.with_return)
        self.assertFalse(claim.picking_ids)
        wizard.with_return = True
        with self.assertRaisesRegex(UserError, "replace it without a return"):
            wizard.action_confirm()
        wizard.with_return = False
        wizard.action_confirm()
        self.assertEqual(len(claim.picking_ids), 1)

    def test_operator_without_stock_rights_replaces(self):
        claim = self._claim({(self.product_a, None): 1})
        claim.with_user(self.operator).action_create_replacement()
        self.assertEqual(len(claim.picking_ids), 2)
        self.assertEqual(
            claim.line_ids.resolution_move_ids.mapped("claim_line_id"), claim.line_ids
        )
        self.assertEqual(claim.line_ids.move_id.picking_id, self.delivery)


@tagged("post_install", "-at_install")
class TestClaimResolutionReceive(ClaimResolutionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.claims_location = cls.env["stock.location"].create(
            {
                "name": "Claims",
                "usage": "internal",
                "location_id": cls.warehouse.view_location_id.id,
            }
        )
        cls.env.company.claim_location_id = cls.claims_location

    def _validate(self, picking):
        for move in picking.move_ids:
            if not move.move_line_ids:
                move.quantity = move.product_uom_qty
            move.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def _claim_in_progress(self, quantity=2):
        wizard = self._open_wizard(self.invoice)
        wizard.claim_type_id = self.type_quantity
        self._wizard_line(wizard, self.product_a).quantity = quantity
        claim = self.env["claim.claim"].browse(wizard.action_create_claim()["res_id"])
        claim.description = "<p>Broken.</p>"
        claim.action_start()
        return claim

    def test_receive_then_return_as_is(self):
        claim = self._claim_in_progress()
        self.assertTrue(claim.can_receive_goods)
        receipt = self.env["stock.picking"].browse(
            claim.action_receive_goods()["res_id"]
        )
        self.assertEqual(receipt.location_dest_id, self.claims_location)
        self.assertEqual(receipt.move_ids.location_dest_id, self.claims_location)
        self.assertEqual(receipt.return_id, self.delivery)
        self.assertEqual(claim.action_receive_goods()["res_id"], receipt.id)
        self._validate(receipt)
        self.assertEqual(claim.line_ids.qty_returned, 2.0)
        claim.line_ids.decision = "rejected"
        claim.action_decide()
        self.assertTrue(claim.can_return_to_customer)
        back = self.env["stock.picking"].browse(
            claim.action_return_to_customer()["res_id"]
        )
        self.assertEqual(back.picking_type_code, "outgoing")
        self.assertEqual(back.location_id, self.claims_location)
        self.assertEqual(back.move_ids.product_uom_qty, 2.0)
        self.assertEqual(claim.action_return_to_customer()["res_id"], back.id)
        self._validate(back)
        self.assertEqual(claim.state, "decided", "a rejected claim is not resolved")
        claim.action_close()

    def test_received_goods_are_not_returned_twice(self):
        claim = self._claim_in_progress()
        claim.action_receive_goods()
        claim.line_ids.decision = "accepted"
        claim.action_decide()
        claim.action_create_replacement()
        self.assertEqual(
            claim.picking_ids.mapped("picking_type_code").count("incoming"), 1
        )
        self.assertEqual(len(claim.picking_ids), 2)

    def test_refusals(self):
        accepted = self._claim({(self.product_a, None): 1})
        with self.assertRaisesRegex(UserError, "rejected products"):
            accepted.action_return_to_customer()
        blank = self._create_claim()
        with self.assertRaisesRegex(UserError, "no delivered goods"):
            blank.action_receive_goods()
        rejected = self._claim(
            {(self.product_a, None): 1}, decisions={self.product_a: 0}
        )
        with self.assertRaisesRegex(UserError, "nothing to send back"):
            rejected.action_return_to_customer()

    def test_reopened_claim_with_open_replacement_offers_nothing_new(self):
        """A manager reopens a claim whose replacement is under way and decides
        again: the buttons only offer what no document covers yet."""
        claim = self._claim({(self.product_a, None): 2})
        claim.with_user(self.operator).action_create_replacement()
        self.assertFalse(claim.can_create_resolution)
        claim.with_user(self.manager)._action_reopen("Check the quantity.")
        self.assertEqual(claim.state, "in_progress")
        claim.line_ids.decision = "accepted"
        claim.action_decide()
        claim.invalidate_recordset()
        self.assertFalse(claim.can_create_resolution)
        self.assertEqual(claim.line_ids.qty_to_resolve, 0.0)
