from odoo import fields, models


class ClaimTypeStage(models.Model):
    """How long claims of a type may stay in a stage, and who handles it."""

    _name = "claim.type.stage"
    _description = "Claim Stage Time Frame"
    _order = "type_id, sequence, id"

    type_id = fields.Many2one(
        "claim.type", required=True, index=True, ondelete="cascade"
    )
    stage_id = fields.Many2one("claim.stage", required=True, ondelete="cascade")
    sequence = fields.Integer(related="stage_id.sequence", store=True)
    days = fields.Integer(
        string="Time Frame (working days)",
        required=True,
        default=2,
        help="Working days on the company calendar a claim may stay in this stage.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        domain="[('share', '=', False)]",
        help="Gets an activity due at the end of the time frame. Empty: the claim's "
        "responsible.",
    )
    deputy_id = fields.Many2one(
        "res.users",
        domain="[('share', '=', False)]",
        help="Stands in when the responsible is archived, and is told when the stage "
        "runs late.",
    )

    _type_stage_uniq = models.Constraint(
        "UNIQUE(type_id, stage_id)", "A stage has one time frame per claim type."
    )
    _days_positive = models.Constraint(
        "CHECK(days >= 0)", "The time frame cannot be negative."
    )
