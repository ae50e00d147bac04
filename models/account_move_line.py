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
