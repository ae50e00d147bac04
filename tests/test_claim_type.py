import base64

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ClaimCommon


@tagged("post_install", "-at_install")
class TestClaimType(ClaimCommon):
    def test_description_required(self):
        # refused at creation, whoever creates it (tests/test_claim_type_fields)
        with self.assertRaisesRegex(ValidationError, "description of the problem"):
            self._create_claim(claim_type_id=self.type_quality.id, description=False)
        # a description removed later stops the claim before it is processed
        claim = self._create_claim(
            claim_type_id=self.type_quality.id, description="<p>Wobbles.</p>"
        )
        claim.description = False
        with self.assertRaisesRegex(ValidationError, "description of the problem"):
            claim.action_start()
        self.assertEqual(claim.state, "new")
        claim.description = "<p>The chair wobbles.</p>"
        claim.action_start()
        self.assertEqual(claim.state, "in_progress")

    def test_lot_required(self):
        # the lot may be found on the returned goods: registered without it,
        # the claim is not processed without it
        claim = self._create_claim(
            claim_type_id=self.type_warranty.id,
            lines=[(self.product_serial, 1.0, 450.0)],
        )
        with self.assertRaisesRegex(ValidationError, "lot or serial number"):
            claim.action_start()
        # lines may come after the header; the claim is not processed without
        claim = self._create_claim(claim_type_id=self.type_warranty.id, lines=[])
        with self.assertRaisesRegex(ValidationError, "lot or serial number"):
            claim.action_start()
        lot = self.env["stock.lot"].create(
            {"name": "SN-0001", "product_id": self.product_serial.id}
        )
        claim.line_ids = [
            Command.create(
                {
                    "product_id": self.product_serial.id,
                    "lot_id": lot.id,
                    "quantity": 1.0,
                    "price_unit": 450.0,
                }
            )
        ]
        claim.action_start()
        self.assertEqual(claim.state, "in_progress")

    def test_lot_must_match_product(self):
        claim = self._create_claim()
        lot = self.env["stock.lot"].create(
            {"name": "SN-0002", "product_id": self.product_serial.id}
        )
        with self.assertRaisesRegex(ValidationError, "does not belong"):
            claim.line_ids.lot_id = lot

    def test_attachment_required(self):
        claim = self._create_claim(claim_type_id=self.type_transport.id)
        with self.assertRaisesRegex(ValidationError, "at least one attachment"):
            claim.action_start()
        self.env["ir.attachment"].create(
            {
                "name": "damaged-box.jpg",
                "datas": base64.b64encode(b"fake image bytes"),
                "res_model": "claim.claim",
                "res_id": claim.id,
            }
        )
        claim.action_start()
        self.assertEqual(claim.state, "in_progress")

    def test_default_responsible_and_followers(self):
        self.type_transport.write(
            {"user_id": self.operator.id, "follower_ids": [(6, 0, self.other_user.ids)]}
        )
        claim = self._create_claim(claim_type_id=self.type_transport.id)
        self.assertEqual(claim.user_id, self.operator)
        self.assertIn(self.operator.partner_id, claim.message_partner_ids)
        self.assertIn(self.other_user.partner_id, claim.message_partner_ids)
        explicit = self._create_claim(
            claim_type_id=self.type_transport.id, user_id=self.manager.id
        )
        self.assertEqual(explicit.user_id, self.manager)

    def test_properties_per_type(self):
        self.type_quality.properties_definition = [
            {"name": "defect_photo_count", "string": "Photos", "type": "integer"},
            {"name": "serial_on_box", "string": "Serial on box", "type": "char"},
        ]
        claim = self._create_claim(claim_type_id=self.type_quality.id)
        claim.properties = {"defect_photo_count": 3, "serial_on_box": "X-42"}
        values = {
            prop["name"]: prop.get("value")
            for prop in claim.read(["properties"])[0]["properties"]
        }
        self.assertEqual(values["defect_photo_count"], 3)
        self.assertEqual(values["serial_on_box"], "X-42")
        other = self._create_claim(claim_type_id=self.type_quantity.id)
        self.assertFalse(other.read(["properties"])[0]["properties"])

    def test_claim_count(self):
        self._create_claim(claim_type_id=self.type_quantity.id)
        self._create_claim(claim_type_id=self.type_quantity.id)
        self.assertEqual(self.type_quantity.claim_count, 2)

    def test_incomplete_new_claim_can_be_cancelled(self):
        claim = self._create_claim(claim_type_id=self.type_transport.id)
        claim.action_cancel()
        self.assertEqual(claim.state, "cancelled")
