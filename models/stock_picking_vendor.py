from odoo import api, fields, models

from .claim_link_guard import check_claim_links_create, check_claim_links_write


class StockPicking(models.Model):
    _inherit = "stock.picking"

    vendor_claim_id = fields.Many2one(
        "claim.vendor.claim",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="Vendor claim this return to the vendor or replacement receipt was "
        "made for.",
    )
    vendor_claim_count = fields.Integer(
        compute="_compute_vendor_claim_count", string="Vendor Claims"
    )

    @api.model_create_multi
    def create(self, vals_list):
        check_claim_links_create(self, vals_list, ["vendor_claim_id"])
        return super().create(vals_list)

    def write(self, vals):
        check_claim_links_write(self, vals, ["vendor_claim_id"])
        return super().write(vals)

    def _vendor_claims(self):
        """Vendor claims of this receipt's goods, or that made this transfer."""
        return self.env["claim.vendor.claim"].search(
            [
                "|",
                ("line_ids.move_id.picking_id", "in", self.ids),
                ("picking_ids", "in", self.ids),
            ]
        )

    @api.depends_context("uid")
    def _compute_vendor_claim_count(self):
        if not self.env["claim.vendor.claim"].has_access("read"):
            self.vendor_claim_count = 0
            return
        claims = self._vendor_claims()
        for picking in self:
            picking.vendor_claim_count = len(
                claims.filtered(
                    lambda c, p=picking: (
                        p in c.line_ids.move_id.picking_id or p in c.picking_ids
                    )
                )
            )

    def action_view_vendor_claims(self):
        self.ensure_one()
        claims = self._vendor_claims()
        return claims._action_open(claims, "claim.vendor.claim")

    def action_open_vendor_claim_wizard(self):
        self.ensure_one()
        return self.env["claim.vendor.claim.wizard"]._action_open(picking=self)
