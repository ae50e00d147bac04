from odoo import api, fields, models

from .claim_link_guard import check_claim_links_create, check_claim_links_write

# Set by the vendor claims' actions only: the vendor claim's figures (returned,
# replaced quantities, recovered amount) are computed from them.
MOVE_VENDOR_FIELDS = ("vendor_claim_line_id", "vendor_claim_move_kind")


class StockMove(models.Model):
    _inherit = "stock.move"

    vendor_claim_line_id = fields.Many2one(
        "claim.vendor.claim.line",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="Vendor claim line this return to the vendor or replacement receipt "
        "resolves.",
    )
    vendor_claim_move_kind = fields.Selection(
        [("return", "Returned to Vendor"), ("replacement", "Vendor Replacement")],
        readonly=True,
        copy=False,
    )

    @api.model_create_multi
    def create(self, vals_list):
        check_claim_links_create(self, vals_list, MOVE_VENDOR_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        check_claim_links_write(self, vals, MOVE_VENDOR_FIELDS)
        return super().write(vals)

    def _prepare_move_split_vals(self, qty):
        # a backorder of a vendor claim's move resolves the same line
        vals = super()._prepare_move_split_vals(qty)
        if self.vendor_claim_line_id:
            vals["vendor_claim_line_id"] = self.vendor_claim_line_id.id
            vals["vendor_claim_move_kind"] = self.vendor_claim_move_kind
        return vals

    def _vendor_claim_set_lots(self):
        """Put the claimed lot on the moves to the vendor."""
        for move in self.filtered(
            lambda m: (
                m.vendor_claim_line_id.lot_id and m.vendor_claim_move_kind == "return"
            )
        ):
            move.move_line_ids.unlink()
            self.env["stock.move.line"].create(
                {
                    "move_id": move.id,
                    "picking_id": move.picking_id.id,
                    "product_id": move.product_id.id,
                    "lot_id": move.vendor_claim_line_id.lot_id.id,
                    "quantity": move.product_uom_qty,
                    "product_uom_id": move.product_uom.id,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                }
            )
