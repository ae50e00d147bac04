from odoo import api, fields, models


class ClaimCreateWizardLine(models.TransientModel):
    _name = "claim.create.wizard.line"
    _description = "New Claim from a Document: Line"

    wizard_id = fields.Many2one(
        "claim.create.wizard", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="wizard_id.company_id")
    company_currency_id = fields.Many2one(related="company_id.currency_id")
    product_id = fields.Many2one("product.product", readonly=True)
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", readonly=True)
    move_id = fields.Many2one("stock.move", readonly=True)
    picking_id = fields.Many2one(related="move_id.picking_id", string="Delivery")
    sale_line_id = fields.Many2one("sale.order.line", readonly=True)
    invoice_line_id = fields.Many2one("account.move.line", readonly=True)
    uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    delivered_qty = fields.Float(
        string="Delivered", digits="Product Unit", readonly=True
    )
    claimed_qty = fields.Float(
        string="Already Claimed", digits="Product Unit", readonly=True
    )
    claimable_qty = fields.Float(
        string="Claimable", digits="Product Unit", readonly=True
    )
    quantity = fields.Float(string="To Claim", digits="Product Unit")
    doc_currency_id = fields.Many2one("res.currency", readonly=True)
    doc_price_unit = fields.Monetary(
        string="Unit Price", currency_field="doc_currency_id", readonly=True
    )
    price_unit = fields.Monetary(
        string="Unit Price (Company)",
        currency_field="company_currency_id",
        readonly=True,
    )
    sale_date = fields.Date(readonly=True)
    invoice_date = fields.Date(readonly=True)
    delivery_date = fields.Date(readonly=True)
    packer_id = fields.Many2one("res.users", string="Packed By", readonly=True)
    warranty_end_date = fields.Date(string="Warranty End", compute="_compute_warranty")
    in_warranty = fields.Boolean(compute="_compute_warranty")

    @api.depends("product_id", "delivery_date")
    def _compute_warranty(self):
        today = fields.Date.context_today(self)
        for line in self:
            end = line.product_id._claim_warranty_end_date(
                line.delivery_date, line.company_id or self.env.company
            )
            line.warranty_end_date = end
            line.in_warranty = bool(end and today <= end)

    def _prepare_claim_line_values(self):
        """The document line chosen and the quantity: the intake service
        fills the rest (unit, prices, delivery date) from the document."""
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "lot_id": self.lot_id.id,
            "quantity": self.quantity,
            "move_id": self.move_id.id,
            "sale_line_id": self.sale_line_id.id,
            "invoice_line_id": self.invoice_line_id.id,
        }
