from odoo import fields, models


class ClaimReason(models.Model):
    _name = "claim.reason"
    _description = "Claim Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    type_ids = fields.Many2many(
        "claim.type",
        string="Claim Types",
        help="Offer this reason only for these claim types. Leave empty for all types.",
    )
    description = fields.Text(translate=True)
