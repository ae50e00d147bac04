from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import ClaimCommon


@tagged("post_install", "-at_install")
class TestClaimPacker(ClaimCommon):
    """Who packed a delivery, and what warehouse staff see of its claims."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.picker = cls._stock_user("wh_picker")
        cls.packer = cls._stock_user("wh_packer")
        cls.shipper = cls._stock_user("wh_shipper")
        cls.stock_claim_user = cls._stock_user(
            "wh_claim_user", "claim_management.group_claim_user"
        )
        cls.salesman = new_test_user(
            cls.env,
            login="sales_person",
            password="sales_person",
            groups="sales_team.group_sale_salesman",
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product_a, cls.warehouse.lot_stock_id, 50.0
        )

    @classmethod
    def _stock_user(cls, login, *groups):
        return new_test_user(
            cls.env,
            login=login,
            password=login,
            groups=",".join(("stock.group_stock_user", *groups)),
        )

    def _confirmed_order(self, quantity=3.0):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product_a.id,
                            "product_uom_qty": quantity,
                            "price_unit": 100.0,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        return order

    def _validate(self, picking, user):
        picking = picking.with_user(user)
        picking.action_assign()
        for move in picking.move_ids:
            move.write({"quantity": move.product_uom_qty, "picked": True})
        self.assertIs(picking.button_validate(), True)
        self.assertEqual(set(picking.mapped("state")), {"done"})
        return picking.with_user(self.env.user)

    def _delivered_picking(self, user=None):
        order = self._confirmed_order()
        return self._validate(order.picking_ids, user or self.shipper)

    def _picking_claim(self, picking, with_line_move=False, **vals):
        """A claim about `picking`, created as a claims operator."""
        move = picking.move_ids[:1]
        line_vals = {"product_id": move.product_id.id, "quantity": 1.0}
        if with_line_move:
            line_vals["move_id"] = move.id
        values = {
            "partner_id": self.customer_contact.id,
            "claim_type_id": self.type_quantity.id,
            "line_ids": [Command.create(line_vals)],
        }
        values.update(vals)
        return self.env["claim.claim"].with_user(self.operator).create(values)

    def _check_picking_form(self, picking, packer, claim_count):
        """The picking form of the user shows the packer and the claim count.

        A plain stock user can load the delivery form: stock_delivery's carrier
        compute reads delivery.zip.prefix, which this add-on lets stock users read.
        """
        form = Form(picking)
        self.assertEqual(form.packer_id, packer)
        arch = picking.get_views([(False, "form")])["views"]["form"]["arch"]
        for name in ("packer_id", "packed_date", "claim_count", "action_view_claims"):
            self.assertIn(f'name="{name}"', arch)
        [values] = picking.web_read(
            {
                "packer_id": {"fields": {"display_name": {}}},
                "packed_date": {},
                "claim_count": {},
            }
        )
        self.assertEqual(values["packer_id"]["id"], packer.id)
        self.assertTrue(values["packed_date"])
        self.assertEqual(values["claim_count"], claim_count)

    # ------------------------------------------------------------------
    # Packer
    # ------------------------------------------------------------------

    def test_one_step_delivery_packer_is_the_validating_user(self):
        before = fields.Datetime.now()
        order = self._confirmed_order()
        delivery = order.picking_ids
        self.assertEqual(delivery.picking_type_code, "outgoing")
        self.assertFalse(delivery.packer_id)
        delivery = self._validate(delivery, self.shipper)
        self.assertEqual(delivery.packer_id, self.shipper)
        self.assertTrue(before <= delivery.packed_date <= fields.Datetime.now())

    def test_deliveries_validated_together(self):
        deliveries = (self._confirmed_order() | self._confirmed_order()).picking_ids
        self.assertEqual(len(deliveries), 2)
        deliveries = self._validate(deliveries, self.packer)
        self.assertEqual(deliveries.packer_id, self.packer)
        self.assertTrue(all(deliveries.mapped("packed_date")))

    def test_direct_outgoing_picking_and_receipt(self):
        customers = self.env.ref("stock.stock_location_customers")
        delivery = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "partner_id": self.customer.id,
                "location_id": self.warehouse.lot_stock_id.id,
                "location_dest_id": customers.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": self.product_a.id,
                            "product_uom_qty": 2.0,
                            "product_uom": self.product_a.uom_id.id,
                            "location_id": self.warehouse.lot_stock_id.id,
                            "location_dest_id": customers.id,
                        }
                    )
                ],
            }
        )
        delivery.action_confirm()
        delivery = self._validate(delivery, self.packer)
        self.assertEqual(delivery.packer_id, self.packer)
        self.assertTrue(delivery.packed_date)

        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "partner_id": self.customer.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.warehouse.lot_stock_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": self.product_a.id,
                            "product_uom_qty": 1.0,
                            "product_uom": self.product_a.uom_id.id,
                            "location_id": self.env.ref(
                                "stock.stock_location_suppliers"
                            ).id,
                            "location_dest_id": self.warehouse.lot_stock_id.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        receipt = self._validate(receipt, self.packer)
        self.assertFalse(receipt.packer_id, "receipts are not packed")

    def test_pick_pack_ship_packer_is_who_validated_the_pack_step(self):
        self.warehouse.delivery_steps = "pick_pack_ship"
        order = self._confirmed_order()
        pickings = order.picking_ids
        pick = pickings.filtered(
            lambda p: p.picking_type_id == self.warehouse.pick_type_id
        )
        self.assertEqual(len(pick), 1)
        pick = self._validate(pick, self.picker)
        self.assertFalse(pick.packer_id, "the pick step is not the pack step")

        pack = order.picking_ids.filtered(
            lambda p: p.picking_type_id == self.warehouse.pack_type_id
        )
        self.assertEqual(len(pack), 1)
        pack = self._validate(pack, self.packer)
        self.assertEqual(pack.packer_id, self.packer)
        self.assertTrue(pack.packed_date)

        ship = order.picking_ids.filtered(
            lambda p: p.picking_type_id == self.warehouse.out_type_id
        )
        self.assertEqual(len(ship), 1)
        ship = self._validate(ship, self.shipper)
        self.assertEqual(ship.packer_id, self.packer)
        self.assertEqual(ship.packed_date, pack.packed_date)

        # copied to the claim lines; claims per packer are searchable and groupable
        claim = self._picking_claim(ship, with_line_move=True, picking_id=ship.id)
        self.assertEqual(claim.line_ids.packer_id, self.packer)
        Line = self.env["claim.line"]
        self.assertEqual(
            Line.search([("packer_id", "=", self.packer.id)]), claim.line_ids
        )
        groups = dict(
            Line._read_group(
                [("claim_id", "=", claim.id)],
                ["packer_id"],
                ["claim_id:count_distinct"],
            )
        )
        self.assertEqual(groups, {self.packer: 1})
        self.assertEqual(
            self.env["stock.picking"].search(
                [
                    ("packer_id", "=", self.packer.id),
                    ("id", "in", order.picking_ids.ids),
                ]
            ),
            pack | ship,
        )

    def test_pick_ship_without_pack_step_packer_is_the_shipper(self):
        self.warehouse.delivery_steps = "pick_ship"
        order = self._confirmed_order()
        pick = order.picking_ids.filtered(
            lambda p: p.picking_type_id == self.warehouse.pick_type_id
        )
        self._validate(pick, self.picker)
        ship = order.picking_ids.filtered(
            lambda p: p.picking_type_id == self.warehouse.out_type_id
        )
        ship = self._validate(ship, self.shipper)
        self.assertFalse(pick.packer_id)
        self.assertEqual(ship.packer_id, self.shipper)

    def test_packer_not_copied_to_backorder(self):
        order = self._confirmed_order(quantity=4.0)
        delivery = order.picking_ids.with_user(self.shipper)
        delivery.move_ids.write({"quantity": 1.0, "picked": True})
        wizard_action = delivery.button_validate()
        Form.from_action(delivery.env, wizard_action).save().process()
        self.assertEqual(delivery.state, "done")
        self.assertEqual(delivery.packer_id, self.shipper)
        backorder = order.picking_ids - delivery
        self.assertEqual(len(backorder), 1)
        self.assertFalse(backorder.packer_id)
        self.assertFalse(backorder.packed_date)
        backorder = self._validate(backorder, self.packer)
        self.assertEqual(backorder.packer_id, self.packer)
        self.assertEqual(delivery.packer_id, self.shipper)

    # ------------------------------------------------------------------
    # Claims of a picking
    # ------------------------------------------------------------------

    def test_claim_count_and_action(self):
        delivery = self._delivered_picking()
        other = self._delivered_picking()
        by_picking = self._picking_claim(delivery, picking_id=delivery.id)
        by_line = self._picking_claim(delivery, with_line_move=True)
        by_both = self._picking_claim(
            delivery, with_line_move=True, picking_id=delivery.id
        )
        self._picking_claim(other, picking_id=other.id)
        self._create_claim()  # about no picking

        expected = by_picking | by_line | by_both
        pickings = (delivery | other).with_user(self.operator)
        self.assertEqual(pickings[0].claim_count, 3)
        self.assertEqual(pickings[0].claim_ids, expected)
        self.assertEqual(pickings[1].claim_count, 1)

        action = delivery.with_user(self.operator).action_view_claims()
        self.assertEqual(action["res_model"], "claim.claim")
        self.assertEqual(self.env["claim.claim"].search(action["domain"]), expected)
        self.assertEqual(action["context"]["default_picking_id"], delivery.id)

        action = other.with_user(self.operator).action_view_claims()
        self.assertEqual(action["view_mode"], "form")
        self.assertEqual(action["res_id"], other.claim_ids.id)

        # warehouse staff see the same claims
        self.assertEqual(delivery.with_user(self.shipper).claim_count, 3)
        action = delivery.with_user(self.shipper).action_view_claims()
        self.assertEqual(
            self.env["claim.claim"].with_user(self.shipper).search(action["domain"]),
            expected,
        )
        # users who cannot read claims see none, without an error
        self.assertEqual(delivery.with_user(self.salesman).claim_count, 0)
        form = Form(delivery.with_user(self.salesman))
        self.assertEqual(form.packer_id, self.shipper)

    # ------------------------------------------------------------------
    # Warehouse staff
    # ------------------------------------------------------------------

    def test_warehouse_staff_read_claims_about_pickings(self):
        delivery = self._delivered_picking(user=self.packer)
        by_picking = self._picking_claim(delivery, picking_id=delivery.id)
        by_line = self._picking_claim(delivery, with_line_move=True)
        without_picking = self._create_claim()

        Claim = self.env["claim.claim"].with_user(self.shipper)
        visible = Claim.search([])
        self.assertIn(by_picking, visible)
        self.assertIn(by_line, visible)
        self.assertNotIn(without_picking, visible)

        claim = by_line.with_user(self.shipper)
        self.assertEqual(claim.line_ids.packer_id, self.packer)
        self.assertEqual(
            claim.line_ids.read(["packer_id"])[0]["packer_id"][0], self.packer.id
        )
        by_picking.with_user(self.shipper).read(["name", "stage_id", "claim_type_id"])
        # the claim form opens for them, even when it shows the sales order and
        # lines of documents they cannot read themselves
        by_picking.sudo().write({"sale_order_id": delivery.sale_id.id})
        by_line.line_ids.sudo().write(
            {"sale_line_id": delivery.move_ids.sale_line_id[:1].id}
        )
        form = Form(by_picking.with_user(self.shipper))
        self.assertEqual(form.picking_id, delivery)
        form = Form(by_line.with_user(self.shipper))
        self.assertEqual(len(form.line_ids), 1)
        # the delivery form shows them the packer and the claims button
        self._check_picking_form(delivery.with_user(self.shipper), self.packer, 2)
        self.assertEqual(
            self.env["claim.line"].with_user(self.shipper).search([]),
            (by_picking | by_line).line_ids,
        )

        with self.assertRaises(AccessError):
            without_picking.with_user(self.shipper).read(["name"])
        with self.assertRaises(AccessError):
            without_picking.line_ids.with_user(self.shipper).read(["quantity"])
        with self.assertRaises(AccessError):
            claim.write({"priority": "1"})
        with self.assertRaises(AccessError):
            claim.line_ids.write({"quantity": 1.0})
        with self.assertRaises(AccessError):
            claim.unlink()
        with self.assertRaises(AccessError):
            Claim.create(
                {
                    "partner_id": self.customer.id,
                    "claim_type_id": self.type_quantity.id,
                    "picking_id": delivery.id,
                }
            )
        with self.assertRaises(AccessError):
            self.env["claim.line"].with_user(self.shipper).create(
                {
                    "claim_id": by_picking.id,
                    "product_id": self.product_a.id,
                    "quantity": 1.0,
                }
            )

    def test_stock_user_who_is_claim_user_keeps_claims_visibility(self):
        delivery = self._delivered_picking()
        by_picking = self._picking_claim(delivery, picking_id=delivery.id)
        own = self._create_claim(user_id=self.stock_claim_user.id)
        foreign = self._create_claim()

        visible = self.env["claim.claim"].with_user(self.stock_claim_user).search([])
        self.assertIn(own, visible)
        self.assertIn(by_picking, visible)
        self.assertNotIn(foreign, visible)
        # their own claim stays writable, the picking claim of others read only
        own.with_user(self.stock_claim_user).write({"priority": "1"})
        with self.assertRaises(AccessError):
            by_picking.with_user(self.stock_claim_user).write({"priority": "1"})
