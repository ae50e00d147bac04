from random import randint

from odoo import fields, models


class ClaimTag(models.Model):
    _name = "claim.tag"
    _description = "Claim Tag"
    _order = "name"

    def _default_color(self):
        return randint(1, 11)

    name = fields.Char(required=True, translate=True)
    color = fields.Integer(default=lambda self: self._default_color())
    active = fields.Boolean(default=True)

    _name_uniq = models.Constraint(
        "UNIQUE(name)", "A tag with this name already exists."
    )
