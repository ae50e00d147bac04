from odoo import api, fields, models

from .claim_state import OPEN_STATES


class ClaimTeamMember(models.Model):
    """A user in a claim team: the lead's workload card (open and overdue
    claims, on leave) and the member's turn in the distribution."""

    _name = "claim.team.member"
    _description = "Claim Team Member"
    _order = "team_id, sequence, id"
    _rec_name = "user_id"

    team_id = fields.Many2one(
        "claim.team", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Member",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('share', '=', False)]",
    )
    sequence = fields.Integer(default=10)
    assignment_count = fields.Integer(
        readonly=True,
        copy=False,
        help="The team's counter when this member last got a claim by turns.",
    )
    team_lead_id = fields.Many2one(related="team_id.user_id", string="Team Lead")
    image_128 = fields.Image(related="user_id.image_128")
    is_on_leave = fields.Boolean(
        string="On Leave",
        compute="_compute_is_on_leave",
        help="A time off of the member's resource covers now: new claims skip "
        "the member.",
    )
    open_count = fields.Integer(string="Open Claims", compute="_compute_counts")
    overdue_count = fields.Integer(string="Overdue Claims", compute="_compute_counts")

    _team_user_unique = models.Constraint(
        "UNIQUE(team_id, user_id)", "A user is a member of a team once."
    )

    def _compute_is_on_leave(self):
        away = self.user_id._claim_on_leave()
        for member in self:
            member.is_on_leave = member.user_id in away

    @api.depends("user_id")
    def _compute_counts(self):
        counts = self.env["claim.claim"]._team_workload("user_id", self.user_id.ids)
        for member in self:
            member.open_count, member.overdue_count = counts.get(
                member.user_id.id, (0, 0)
            )

    def action_view_claims(self):
        self.ensure_one()
        return self.env["claim.claim"]._action_view_claims(
            [("user_id", "=", self.user_id.id), ("state", "in", OPEN_STATES)],
            {"user_id": self.user_id.id},
        )
