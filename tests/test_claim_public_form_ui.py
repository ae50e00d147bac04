from odoo import Command, fields
from odoo.tests import tagged
from odoo.tools import email_normalize

from .common_public import ClaimPublicCommon


@tagged("post_install", "-at_install")
class TestClaimPublicFormUi(ClaimPublicCommon):
    def test_consumer_files_confirms_and_follows_a_claim(self):
        consumer = self.env["res.partner"].create(
            {"name": "Tomas Tour", "email": "tour.consumer@example.com"}
        )
        product = self.env["product.product"].create(
            {"name": "Tour Blender", "type": "consu", "list_price": 49.0}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": consumer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": 2,
                            "price_unit": 49,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        for move in order.picking_ids.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        order.picking_ids.button_validate()
        invoice = order._create_invoices()
        invoice.invoice_date = fields.Date.today()
        invoice.action_post()

        self.start_tour(
            f"/claims/new?document_number={invoice.name}",
            "claim_management_public_form_tour",
            login=None,
        )
        self.env.invalidate_all()
        request = self.env["claim.request"].search([])
        self.assertEqual(request.email, email_normalize(consumer.email))
        self.assertFalse(request.claim_id)

        token = self._confirm_token("tour.consumer@example.com")
        self.start_tour(
            f"/claims/confirm/{token}",
            "claim_management_public_confirm_tour",
            login=None,
        )
        self.env.invalidate_all()
        claim = request.claim_id
        self.assertTrue(claim)
        self.assertRecordValues(
            claim,
            [
                {
                    "channel": "public",
                    "partner_id": consumer.id,
                    "invoice_id": invoice.id,
                }
            ],
        )
        self.assertRecordValues(
            claim.line_ids, [{"product_id": product.id, "quantity": 1.0}]
        )
