from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ClaimRootCause(models.Model):
    """Why the goods failed, as found by the assessment: a tree of causes
    (production, material, packing, transport, ...) managers extend with
    children. Separate from the reason, which is what the customer says."""

    _name = "claim.root.cause"
    _description = "Claim Root Cause"
    _parent_name = "parent_id"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name, id"

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(
        string="Root Cause",
        compute="_compute_complete_name",
        store=True,
        recursive=True,
    )
    parent_id = fields.Many2one(
        "claim.root.cause",
        string="Parent Cause",
        index=True,
        ondelete="restrict",
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("claim.root.cause", "parent_id", string="Sub-causes")
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for cause in self:
            if cause.parent_id:
                cause.complete_name = f"{cause.parent_id.complete_name} / {cause.name}"
            else:
                cause.complete_name = cause.name

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(
                self.env._("A root cause cannot be its own parent or sub-cause.")
            )
