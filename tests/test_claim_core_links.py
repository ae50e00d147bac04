"""What links Odoo's transfers, moves and repairs to claims (the claimed product a
move or repair resolves, its kind and cost, who packed a delivery, the claim a
transfer was made for) is set by the claims' actions and by validating
transfers only: warehouse and repair users, whatever door they use, cannot set
it; their own work (backorders, returns of a replacement) keeps it."""

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from .common_resolution import ClaimResolutionCommon


@tagged("post_install", "-at_install")
class TestClaimCoreLinks(ClaimResolutionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_user = new_test_user(
            cls.env, login="claim_links_stock", groups="stock.group_stock_user"
        )
        cls.repair_user = new_test_user(
            cls.env,
            login="claim_links_repair",
            groups="stock.group_stock_user,base.group_user",
        )

    def _validate(self, picking, quantities=None, user=None):
        picking = picking.with_user(user or self.stock_user)
        for move in picking.move_ids:
            if not move.move_line_ids or quantities:
                move.quantity = (quantities or {}).get(
                    move.product_id, move.product_uom_qty
                )
            move.picked = True
        result = picking.button_validate()
        if isinstance(result, dict) and result.get("res_model"):
            wizard = Form(
                self.env[result["res_model"]]
                .with_user(user or self.stock_user)
                .with_context(**result["context"])
            ).save()
            wizard.process()
        return picking

    def _replacement(self, quantity=2):
        claim = self._claim({(self.product_a, None): quantity})
        claim.with_user(self.operator).action_create_replacement()
        receipt = claim.picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming"
        )
        delivery = claim.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        return claim, receipt, delivery

    def test_stock_user_cannot_set_claim_links_of_moves(self):
        claim, _receipt, delivery = self._replacement()
        line = claim.line_ids
        move = delivery.move_ids.with_user(self.stock_user)
        for vals in (
            {"claim_line_id": False},
            {"claim_move_kind": "return"},
            {"claim_quantity": 5.0},
            {"claim_cost": 1.0},
        ):
            with self.assertRaises(AccessError):
                move.write(vals)
        # another delivery's move cannot be made to resolve the claim
        other = self.delivery.move_ids[:1].with_user(self.stock_user)
        with self.assertRaises(AccessError):
            other.write({"claim_line_id": line.id})
        with self.assertRaises(AccessError):
            self.env["stock.move"].with_user(self.stock_user).create(
                {
                    "product_id": self.product_a.id,
                    "product_uom_qty": 1,
                    "location_id": delivery.location_id.id,
                    "location_dest_id": delivery.location_dest_id.id,
                    "claim_line_id": line.id,
                    "claim_move_kind": "replacement",
                }
            )
        # a move of the claim posing as the return of a replacement is refused
        # unless it returns that replacement
        with self.assertRaises(AccessError):
            self.env["stock.move"].with_user(self.stock_user).create(
                {
                    "product_id": self.product_a.id,
                    "product_uom_qty": 1,
                    "location_id": delivery.location_id.id,
                    "location_dest_id": delivery.location_dest_id.id,
                    "origin_returned_move_id": self.delivery.move_ids[0].id,
                    "claim_line_id": line.id,
                    "claim_move_kind": "replacement_return",
                }
            )
        # writing what the move's own fields already say is no change
        move.write({"claim_line_id": line.id, "origin": "checked"})
        self.assertEqual(delivery.move_ids.claim_line_id, line)
        self.assertEqual(line.qty_replaced, 0.0)

    def test_stock_user_cannot_set_claim_links_of_transfers(self):
        claim, _receipt, delivery = self._replacement()
        picking = delivery.with_user(self.stock_user)
        for vals in (
            {"packer_id": self.stock_user.id},
            {"packed_date": "2026-01-01 10:00:00"},
            {"resolution_claim_id": False},
        ):
            with self.assertRaises(AccessError):
                picking.write(vals)
        with self.assertRaises(AccessError):
            self.env["stock.picking"].with_user(self.stock_user).create(
                {
                    "picking_type_id": delivery.picking_type_id.id,
                    "partner_id": delivery.partner_id.id,
                    "resolution_claim_id": claim.id,
                }
            )
        # Odoo's return wizard: a return line cannot be tied to a claim line
        wizard = Form(
            self.env["stock.return.picking"]
            .with_user(self.stock_user)
            .with_context(active_id=self.delivery.id, active_model="stock.picking")
        ).save()
        with self.assertRaises(AccessError):
            wizard.product_return_moves[:1].write({"claim_line_id": claim.line_ids.id})
        with self.assertRaises(AccessError):
            wizard.write(
                {
                    "product_return_moves": [
                        Command.create(
                            {
                                "product_id": self.product_a.id,
                                "move_id": self.delivery.move_ids[0].id,
                                "quantity": 1,
                                "claim_line_id": claim.line_ids.id,
                            }
                        )
                    ]
                }
            )

    def test_packer_is_recorded_for_a_stock_user(self):
        _claim, _receipt, delivery = self._replacement()
        self._validate(delivery)
        self.assertEqual(delivery.packer_id, self.stock_user)
        self.assertTrue(delivery.packed_date)

    def test_backorder_of_a_replacement_keeps_the_claim(self):
        claim, receipt, delivery = self._replacement(quantity=2)
        line = claim.line_ids
        self._validate(receipt)
        self._validate(delivery, quantities={self.product_a: 1})
        backorder = self.env["stock.picking"].search(
            [("backorder_id", "=", delivery.id)]
        )
        self.assertEqual(len(backorder), 1)
        self.assertRecordValues(
            backorder.move_ids,
            [{"claim_line_id": line.id, "claim_move_kind": "replacement"}],
        )
        self.assertEqual(line.qty_replaced, 1.0)
        self.assertEqual(claim.state, "decided")
        self._validate(backorder)
        self.assertEqual(line.qty_replaced, 2.0)
        self.assertEqual(claim.state, "resolved")

    def test_stock_user_returns_a_replacement(self):
        claim, receipt, delivery = self._replacement(quantity=1)
        self._validate(receipt)
        self._validate(delivery)
        self.assertEqual(claim.state, "resolved")
        wizard = Form(
            self.env["stock.return.picking"]
            .with_user(self.stock_user)
            .with_context(active_id=delivery.id, active_model="stock.picking")
        ).save()
        wizard.product_return_moves.quantity = 1
        action = wizard.action_create_returns()
        back = self.env["stock.picking"].browse(action["res_id"])
        self.assertRecordValues(
            back.move_ids,
            [
                {
                    "claim_line_id": claim.line_ids.id,
                    "claim_move_kind": "replacement_return",
                }
            ],
        )
        self._validate(back)
        self.assertEqual(claim.line_ids.qty_replaced, 0.0)
        self.assertEqual(claim.state, "decided", "the claim is open again")

    def test_duplicated_replacement_is_not_the_claims(self):
        _claim, _receipt, delivery = self._replacement()
        copy = delivery.with_user(self.stock_user).copy()
        self.assertFalse(copy.move_ids.claim_line_id)
        self.assertFalse(copy.resolution_claim_id)

    def test_repair_link_is_the_claims(self):
        claim = self._claim({(self.product_a, None): 1})
        action = claim.with_user(self.operator).action_create_repair()
        repair = self.env["repair.order"].browse(action["res_id"])
        self.assertEqual(repair.claim_line_id, claim.line_ids)
        as_user = repair.with_user(self.repair_user)
        with self.assertRaises(AccessError):
            as_user.write({"claim_line_id": False})
        other = self._claim({(self.product_b, None): 1}, decide=True)
        with self.assertRaises(AccessError):
            as_user.write({"claim_line_id": other.line_ids.id})
        with self.assertRaises(AccessError):
            self.env["repair.order"].with_user(self.repair_user).create(
                {
                    "product_id": self.product_b.id,
                    "partner_id": other.partner_id.id,
                    "claim_line_id": other.line_ids.id,
                }
            )
        # the workshop's own edits are theirs
        as_user.write({"internal_notes": "<p>Checked the motor.</p>"})
        self.assertEqual(repair.claim_line_id, claim.line_ids)
