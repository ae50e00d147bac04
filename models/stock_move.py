from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    claim_line_id = fields.Many2one(
        "claim.line",
        index="btree_not_null",
        readonly=True,
        ondelete="set null",
        help="Claimed product this return or replacement resolves.",
    )
    claim_move_kind = fields.Selection(
        [
            ("return", "Return"),
            ("replacement", "Replacement"),
            ("send_back", "Sent Back"),
        ],
        readonly=True,
        help="What the move does for its claimed product.",
    )
    claim_quantity = fields.Float(
        digits="Product Unit",
        readonly=True,
        copy=False,
        help="Quantity of the claimed product, in its own unit, that this move "
        "replaces with another product.",
    )

    def _claim_line_quantity(self, claim_line, done):
        """Quantity of `claim_line`, in its unit, this move covers."""
        self.ensure_one()
        if self.product_id != claim_line.product_id and self.claim_quantity:
            # another product: the move covers what the wizard said
            return self.claim_quantity
        qty = self.quantity if done else self.product_uom_qty
        return self.product_uom._compute_quantity(
            qty, claim_line.uom_id or self.product_uom
        )

    def _prepare_merge_moves_distinct_fields(self):
        # moves of two claimed products (e.g. two lots) stay apart
        return [*super()._prepare_merge_moves_distinct_fields(), "claim_line_id"]

    def _claim_set_lots(self):
        """Put the claimed lot on the return moves of claim lines."""
        for move in self.filtered(lambda m: m.claim_line_id.lot_id):
            lot = move.claim_line_id.lot_id
            move.move_line_ids.unlink()
            self.env["stock.move.line"].create(
                {
                    "move_id": move.id,
                    "picking_id": move.picking_id.id,
                    "product_id": move.product_id.id,
                    "lot_id": lot.id,
                    "quantity": move.product_uom_qty,
                    "product_uom_id": move.product_uom.id,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                }
            )
