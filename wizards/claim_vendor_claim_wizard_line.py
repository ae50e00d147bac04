from odoo import fields, models


class ClaimVendorClaimWizardLine(models.TransientModel):
    _name = "claim.vendor.claim.wizard.line"
    _description = "Create Vendor Claims: Goods"

    wizard_id = fields.Many2one(
        "claim.vendor.claim.wizard", required=True, ondelete="cascade"
    )
    product_id = fields.Many2one("product.product", readonly=True)
    lot_id = fields.Many2one("stock.lot", readonly=True)
    max_quantity = fields.Float(
        string="Claimable", readonly=True, digits="Product Unit"
    )
    quantity = fields.Float(digits="Product Unit")
    uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    reason = fields.Selection(
        [
            ("defective", "Defective"),
            ("damaged", "Damaged on Arrival"),
            ("missing", "Missing on Arrival"),
        ],
        required=True,
        default="defective",
    )
    partner_id = fields.Many2one("res.partner", string="Vendor")
    price_unit = fields.Float(string="Purchase Price", digits="Product Price")
    claim_line_id = fields.Many2one("claim.line", readonly=True)
    move_id = fields.Many2one("stock.move", readonly=True)

    def _request(self):
        """What the vendor claims' model checks and creates (ids only: the
        model checks them again, whatever a client sent)."""
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "lot_id": self.lot_id.id,
            "quantity": self.quantity,
            "reason": self.reason,
            "partner_id": self.partner_id.id,
            "price_unit": self.price_unit,
            "claim_line_id": self.claim_line_id.id,
            "move_id": self.move_id.id,
        }
