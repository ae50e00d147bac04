from odoo import fields, models


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
