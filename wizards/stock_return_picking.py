from odoo import api, fields, models

from ..models.claim_link_guard import check_claim_links_create, check_claim_links_write


class StockReturnPickingLine(models.TransientModel):
    _inherit = "stock.return.picking.line"

    claim_line_id = fields.Many2one("claim.line")
    vendor_claim_line_id = fields.Many2one("claim.vendor.claim.line")

    @api.model_create_multi
    def create(self, vals_list):
        # the claim actions return claimed goods; nobody else links a return
        check_claim_links_create(
            self, vals_list, ["claim_line_id", "vendor_claim_line_id"]
        )
        return super().create(vals_list)

    def write(self, vals):
        check_claim_links_write(self, vals, ["claim_line_id", "vendor_claim_line_id"])
        return super().write(vals)

    def _prepare_move_default_values(self, new_picking):
        vals = super()._prepare_move_default_values(new_picking)
        if self.vendor_claim_line_id:
            vals["vendor_claim_line_id"] = self.vendor_claim_line_id.id
            vals["vendor_claim_move_kind"] = "return"
        elif self.claim_line_id:
            vals["claim_line_id"] = self.claim_line_id.id
            vals["claim_move_kind"] = "return"
        elif self.move_id.claim_move_kind == "replacement":
            # the customer sends a replacement back: it no longer replaces
            vals["claim_line_id"] = self.move_id.claim_line_id.id
            vals["claim_move_kind"] = "replacement_return"
        return vals


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    claim_source_location_id = fields.Many2one(
        "stock.location",
        help="Where the returned goods are taken from, when not where the "
        "receipt put them: a vendor return of goods a customer sent back to the "
        "claims location.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # set by the vendor claim's return only
        check_claim_links_create(self, vals_list, ["claim_source_location_id"])
        return super().create(vals_list)

    def write(self, vals):
        check_claim_links_write(self, vals, ["claim_source_location_id"])
        return super().write(vals)

    def _prepare_picking_default_values(self):
        vals = super()._prepare_picking_default_values()
        if self.claim_source_location_id:
            vals["location_id"] = self.claim_source_location_id.id
        return vals
