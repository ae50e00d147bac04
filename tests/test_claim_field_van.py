from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common_field import ClaimFieldCommon


@tagged("post_install", "-at_install")
class TestClaimFieldVan(ClaimFieldCommon):
    """Vans: a stock location per technician and company, replenished by
    internal transfers."""

    def _van_quantity(self, product, van=None):
        return sum(
            self.env["stock.quant"]
            .search(
                [
                    ("location_id", "=", (van or self.van).location_id.id),
                    ("product_id", "=", product.id),
                ]
            )
            .mapped("quantity")
        )

    def test_van_creates_its_location_beside_the_stock(self):
        location = self.van.location_id
        self.assertRecordValues(
            location,
            [
                {
                    "usage": "internal",
                    "company_id": self.company.id,
                    "warehouse_id": self.warehouse.id,
                    "claim_van_id": self.van.id,
                    "name": "Van of Tessa",
                }
            ],
        )
        parent = location.location_id
        self.assertEqual(parent.usage, "view")
        self.assertTrue(parent.claim_vans_parent)
        self.assertEqual(parent.location_id, self.warehouse.view_location_id)
        # deliveries take from the warehouse's stock: a van is not inside it
        self.assertFalse(
            location.parent_path.startswith(self.stock_location.parent_path)
        )
        # a second van shares the warehouse's "Vans" location
        other = self._new_user(
            "field_technician_2", "claim_management.group_claim_user"
        )
        van_2 = (
            self.env["claim.van"]
            .with_user(self.manager)
            .create({"name": "Van 2", "user_id": other.id})
        )
        self.assertEqual(van_2.location_id.location_id, parent)

    def test_van_refusals(self):
        Van = self.env["claim.van"].with_user(self.manager)
        with self.assertRaisesRegex(ValidationError, "not a claims technician"):
            Van.create({"name": "Van", "user_id": self.stock_user.id})
        with self.assertRaisesRegex(ValidationError, "does not work for"):
            Van.create({"name": "Van", "user_id": self.technician_b.id})
        with self.assertRaises(AccessError):
            self.env["claim.van"].with_user(self.operator).create(
                {"name": "Van", "user_id": self.operator.id}
            )
        with self.assertRaises(AccessError):
            Van.create(
                {
                    "name": "Van",
                    "user_id": self.operator.id,
                    "location_id": self.stock_location.id,
                }
            )
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            self.van.with_user(self.manager).location_id = self.stock_location
        # a location is made a van by its van only (stock managers included)
        stock_manager = self._new_user(
            "field_stock_manager", "stock.group_stock_manager"
        )
        with self.assertRaises(AccessError):
            self.stock_location.with_user(stock_manager).claim_van_id = self.van
        with self.assertRaises(AccessError):
            self.env["stock.location"].with_user(stock_manager).create(
                {"name": "Fake van", "claim_van_id": self.van.id}
            )
        # one van per technician and company
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            Van.create({"name": "Second van", "user_id": self.technician.id})
        # a van with stock is archived, not deleted
        self._load_van(self.part, 1)
        with self.assertRaisesRegex(UserError, "Empty the van"):
            self.van.with_user(self.manager).unlink()

    def test_van_rules(self):
        other = self._new_user(
            "field_technician_3", "claim_management.group_claim_user"
        )
        other_van = self.env["claim.van"].create({"name": "Van 3", "user_id": other.id})
        vans = self.env["claim.van"].with_user(self.technician).search([])
        self.assertEqual(vans, self.van)
        with self.assertRaises(AccessError):
            other_van.with_user(self.technician).read(["name"])
        with self.assertRaises(AccessError):
            self.van.with_user(self.technician).name = "Mine now"
        self.assertEqual(
            self.env["claim.van"].with_user(self.operator).search([]),
            self.van | other_van,
        )
        # another company's operator sees no van of this company
        self.assertFalse(self.env["claim.van"].with_user(self.operator_b).search([]))

    def test_replenish_by_internal_transfer(self):
        action = self.van.with_user(self.stock_user).action_open_replenish_wizard()
        with Form(
            self.env[action["res_model"]]
            .with_user(self.stock_user)
            .with_context(**action["context"])
        ) as wizard_form:
            with wizard_form.line_ids.new() as line:
                line.product_id = self.part
                line.quantity = 6
        result = wizard_form.save().action_replenish()
        picking = self.env["stock.picking"].browse(result["res_id"])
        self.assertRecordValues(
            picking,
            [
                {
                    "picking_type_id": self.warehouse.int_type_id.id,
                    "location_id": self.stock_location.id,
                    "location_dest_id": self.van.location_id.id,
                    "state": "assigned",
                    "origin": "Van of Tessa",
                }
            ],
        )
        self.assertTrue(self.warehouse.int_type_id.active)
        picking.move_ids.write({"quantity": 6, "picked": True})
        picking.with_user(self.stock_user).button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(self._van_quantity(self.part), 6)
        self.assertEqual(self.van.quant_ids.product_id, self.part)
        # the technician sees the stock of their van, through the menu's action
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "claim_management.claim_van_stock_action"
        )
        domain = safe_eval(action["domain"], {"uid": self.technician.id})
        quants = self.env["stock.quant"].with_user(self.technician).search(domain)
        self.assertEqual(quants.product_id, self.part)
        self.assertEqual(quants.quantity, 6)

    def test_replenish_refusals(self):
        service = self.env["product.product"].create(
            {"name": "Visit fee", "type": "service"}
        )
        van = self.van.with_user(self.stock_user)
        with self.assertRaises(AccessError):
            self.van.with_user(self.technician).action_open_replenish_wizard()
        with self.assertRaises(AccessError):
            self.van.with_user(self.operator)._replenish([(self.part, 1)])
        with self.assertRaisesRegex(UserError, "at least one product"):
            van._replenish([])
        with self.assertRaisesRegex(UserError, "positive"):
            van._replenish([(self.part, -2)])
        with self.assertRaisesRegex(UserError, "not tracked in stock"):
            van._replenish([(service, 1)])
        product_b = self.env["product.product"].create(
            {
                "name": "Company B part",
                "is_storable": True,
                "company_id": self.company_2.id,
            }
        )
        with self.assertRaisesRegex(UserError, "another company"):
            self.van._replenish([(product_b, 1)])
        self.van.active = False
        with self.assertRaisesRegex(UserError, "archived"):
            van._replenish([(self.part, 1)])
        self.assertFalse(
            self.env["stock.picking"].search(
                [("location_dest_id", "=", self.van.location_id.id)]
            )
        )

    def test_refill_to_the_van_reordering_rules(self):
        self.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": self.part.id,
                "location_id": self.van.location_id.id,
                "warehouse_id": self.warehouse.id,
                "product_min_qty": 4,
                "product_max_qty": 10,
                "trigger": "manual",
            }
        )
        self._load_van(self.part, 3)
        wizard = (
            self.env["claim.van.replenish"]
            .with_user(self.manager)
            .with_context(default_van_id=self.van.id)
            .create({})
        )
        self.assertRecordValues(
            wizard.line_ids, [{"product_id": self.part.id, "quantity": 7.0}]
        )
        picking = self.env["stock.picking"].browse(wizard.action_replenish()["res_id"])
        self.assertEqual(picking.move_ids.product_uom_qty, 7.0)

    def test_repair_takes_parts_from_the_van(self):
        self._load_van(self.part, 5)
        claim = self._claim({(self.product_a, None): 1})
        claim.user_id = self.technician
        repair = self.env["repair.order"].browse(
            claim.with_user(self.operator).action_create_repair()["res_id"]
        )
        self.assertEqual(repair.user_id, self.technician)
        self.assertEqual(repair.location_id, self.van.location_id)
        repair.move_ids = [
            Command.create(
                {
                    "product_id": self.part.id,
                    "product_uom_qty": 2,
                    "repair_line_type": "add",
                }
            )
        ]
        self.assertEqual(repair.move_ids.location_id, self.van.location_id)
        repair.action_validate()
        self.assertEqual(
            repair.move_ids.move_line_ids.location_id, self.van.location_id
        )
        repair.action_repair_start()
        repair.move_ids.write({"quantity": 2, "picked": True})
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        self.assertEqual(self._van_quantity(self.part), 3)
        self.assertEqual(
            self.part.with_context(location=self.stock_location.id).qty_available, 40
        )
        self.assertEqual(claim.state, "resolved")

    def test_repair_follows_the_assigned_technician(self):
        claim = self._claim({(self.product_a, None): 1})
        claim.user_id = self.operator  # no van
        repair = self.env["repair.order"].browse(claim.action_create_repair()["res_id"])
        default_location = repair.picking_type_id.default_location_src_id
        self.assertEqual(repair.location_id, default_location)
        repair.move_ids = [
            Command.create(
                {
                    "product_id": self.part.id,
                    "product_uom_qty": 1,
                    "repair_line_type": "add",
                }
            )
        ]
        # assigned to the technician: parts come from the van
        repair.user_id = self.technician
        self.assertEqual(repair.location_id, self.van.location_id)
        self.assertEqual(repair.move_ids.location_id, self.van.location_id)
        # a repair that is not a claim's keeps Odoo's locations
        plain = self.env["repair.order"].create(
            {"product_id": self.product_a.id, "user_id": self.technician.id}
        )
        self.assertEqual(plain.location_id, default_location)
