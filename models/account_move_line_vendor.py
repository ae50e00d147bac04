from odoo import api, fields, models

from .claim_link_guard import check_claim_links_create, check_claim_links_write


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    vendor_claim_line_id = fields.Many2one(
        "claim.vendor.claim.line",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="Vendor claim line this vendor credit note line recovers.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        check_claim_links_create(self, vals_list, ["vendor_claim_line_id"])
        return super().create(vals_list)

    def write(self, vals):
        check_claim_links_write(self, vals, ["vendor_claim_line_id"])
        return super().write(vals)
