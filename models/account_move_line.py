from odoo import api, fields, models

from .claim_link_guard import check_claim_links_create, check_claim_links_write

# Links only the claim's resolution actions set: they say which claimed
# product a credit note line resolves, and how (see claim.line's credited
# quantities). Accountants edit credit notes, never these.
CLAIM_LINK_FIELDS = ("claim_line_id", "claim_price_reduction")


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    claim_line_id = fields.Many2one(
        "claim.line",
        index="btree_not_null",
        copy=False,
        readonly=True,
        ondelete="set null",
        help="Claimed product this credit note line resolves.",
    )
    claim_price_reduction = fields.Boolean(
        readonly=True,
        copy=False,
        help="Credits the price reduction agreed on the claimed product, not "
        "goods: it covers the product's whole accepted quantity.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # whatever the door (form, JSON-RPC, JSON-2, import)
        check_claim_links_create(self, vals_list, CLAIM_LINK_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        check_claim_links_write(self, vals, CLAIM_LINK_FIELDS)
        return super().write(vals)
