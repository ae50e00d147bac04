from odoo import Command, api, fields, models


class ClaimVanReplenish(models.TransientModel):
    """Refill a technician's van from its warehouse's stock by an internal
    transfer."""

    _name = "claim.van.replenish"
    _description = "Replenish a Van"

    van_id = fields.Many2one("claim.van", required=True, readonly=True)
    company_id = fields.Many2one(related="van_id.company_id")
    line_ids = fields.One2many("claim.van.replenish.line", "wizard_id")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        van = self.env["claim.van"].browse(values.get("van_id"))
        if van and "line_ids" in fields_list and not values.get("line_ids"):
            values["line_ids"] = [
                Command.create({"product_id": product.id, "quantity": quantity})
                for product, quantity in van._refill_quantities()
            ]
        return values

    def action_replenish(self):
        self.ensure_one()
        picking = self.van_id._replenish(
            [(line.product_id, line.quantity) for line in self.line_ids]
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": picking.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }


class ClaimVanReplenishLine(models.TransientModel):
    _name = "claim.van.replenish.line"
    _description = "Product to Load in a Van"

    wizard_id = fields.Many2one(
        "claim.van.replenish", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="wizard_id.company_id")
    product_id = fields.Many2one(
        "product.product",
        required=True,
        domain="[('is_storable', '=', True), "
        "('company_id', 'in', [False, company_id])]",
    )
    quantity = fields.Float(required=True, default=1.0, digits="Product Unit")
