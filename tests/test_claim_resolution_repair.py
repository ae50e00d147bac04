from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_resolution import ClaimResolutionCommon


@tagged("post_install", "-at_install")
class TestClaimResolutionRepair(ClaimResolutionCommon):
    def test_repair_flow(self):
        claim = self._claim({(self.product_a, None): 2}, decisions={self.product_a: 1})
        action = claim.with_user(self.operator).action_create_repair()
        repair = self.env["repair.order"].browse(action["res_id"])
        # the repair leads back to its claim and is under warranty as the line
        self.assertTrue(claim.line_ids.in_warranty)
        self.assertTrue(repair.under_warranty)
        back = repair.with_user(self.operator).action_view_claim()
        self.assertEqual(back["res_id"], claim.id)
        self.assertRecordValues(
            repair,
            [
                {
                    "product_id": self.product_a.id,
                    "product_qty": 1.0,
                    "partner_id": claim.partner_id.id,
                    "claim_id": claim.id,
                    "claim_line_id": claim.line_ids.id,
                    "state": "draft",
                }
            ],
        )
        self.assertEqual(claim.action_create_repair()["res_id"], repair.id)
        with self.assertRaisesRegex(UserError, "already resolved"):
            claim.action_create_credit_note()
        part = self.env["product.product"].create(
            {"name": "Chair Wheel", "type": "consu", "standard_price": 12.0}
        )
        repair.move_ids = [
            Command.create(
                {"product_id": part.id, "product_uom_qty": 2, "repair_line_type": "add"}
            )
        ]
        self.assertEqual(claim.repair_part_ids.product_id, part)
        repair.action_repair_start()
        repair.move_ids.write({"quantity": 2, "picked": True})
        self.assertEqual(claim.state, "decided")
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        self.assertEqual(claim.line_ids.qty_repaired, 1.0)
        self.assertEqual(claim.state, "resolved")
        self.assertEqual(claim.amount_repair_cost, 24.0)
        self.assertEqual(claim.amount_resolution_cost, 24.0)

    def test_cancelled_repair_reopens_the_line(self):
        claim = self._claim({(self.product_a, None): 1})
        claim.action_create_repair()
        claim.repair_ids.action_repair_cancel()
        self.assertEqual(claim.line_ids.qty_to_resolve, 1.0)
        self.assertTrue(claim.can_create_resolution)


@tagged("post_install", "-at_install")
class TestClaimResolutionWarranty(ClaimResolutionCommon):
    def test_commercial_guarantee_restarts_after_replacement(self):
        self.type_quantity.legal_basis = "commercial"
        claim = self._claim({(self.product_lot, self.lot_1): 1})
        line = claim.line_ids
        delivered = fields.Date.today() - relativedelta(years=1)
        line.delivery_date = delivered
        self.assertEqual(line.warranty_end_date, delivered + relativedelta(months=36))
        claim.action_create_replacement()
        delivery = claim.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        delivery.move_ids.write({"quantity": 1, "picked": True})
        delivery.button_validate()
        self.assertEqual(line.warranty_restart_date, fields.Date.today())
        self.assertEqual(
            line.warranty_end_date, fields.Date.today() + relativedelta(months=36)
        )
        self.assertTrue(line.in_warranty)

    def test_statutory_replacement_keeps_the_warranty(self):
        claim = self._claim({(self.product_b, None): 1})
        claim.action_create_replacement()
        delivery = claim.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        delivery.move_ids.write({"quantity": 1, "picked": True})
        delivery.button_validate()
        self.assertFalse(claim.line_ids.warranty_restart_date)

    def test_repair_extends_consumer_warranty(self):
        self.env.company.claim_repair_extends_warranty = True
        consumer = self.env["res.partner"].create({"name": "Jan Kowalski"})
        claim = self._create_claim(
            user=self.env.user,
            lines=[(self.product_a, 1.0, 100.0)],
            partner_id=consumer.id,
        )
        line = claim.line_ids
        delivered = fields.Date.today() - relativedelta(months=6)
        line.delivery_date = delivered
        claim.action_start()
        line.decision = "accepted"
        claim.action_decide()
        self.assertEqual(line.warranty_end_date, delivered + relativedelta(months=24))
        claim.action_create_repair()
        claim.repair_ids.action_repair_start()
        claim.repair_ids.action_repair_end()
        self.assertEqual(line.warranty_extension_months, 12)
        self.assertEqual(line.warranty_end_date, delivered + relativedelta(months=36))
        self.assertEqual(claim.state, "resolved")
