from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    claim_count = fields.Integer(compute="_compute_claim_count", string="Claims")

    def _compute_claim_count(self):
        counts = dict(
            self.env["claim.claim"]._read_group(
                [("sale_order_id", "in", self.ids)], ["sale_order_id"], ["__count"]
            )
        )
        for order in self:
            order.claim_count = counts.get(order, 0)

    def action_view_claims(self):
        self.ensure_one()
        return self.env["claim.claim"]._action_view_claims(
            [("sale_order_id", "=", self.id)]
        )

    def action_open_claim_wizard(self):
        self.ensure_one()
        return self.env["claim.create.wizard"]._action_open(order=self)
