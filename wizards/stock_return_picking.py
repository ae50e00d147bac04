from odoo import fields, models


class StockReturnPickingLine(models.TransientModel):
    _inherit = "stock.return.picking.line"

    claim_line_id = fields.Many2one("claim.line")

    def _prepare_move_default_values(self, new_picking):
        vals = super()._prepare_move_default_values(new_picking)
        if self.claim_line_id:
            vals["claim_line_id"] = self.claim_line_id.id
            vals["claim_move_kind"] = "return"
        elif self.move_id.claim_move_kind == "replacement":
            # the customer sends a replacement back: it no longer replaces
            vals["claim_move_kind"] = "replacement_return"
        return vals
