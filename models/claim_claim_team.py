from odoo import api, fields, models

from .claim_state import OPEN_STATES


class ClaimClaim(models.Model):
    """Claim teams: the team a new claim goes to (by its type and company)
    and the member it is given to (claim.team._assign_claims)."""

    _inherit = "claim.claim"

    team_id = fields.Many2one(
        "claim.team",
        groups="base.group_user",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        help="The team handling the claim: the first team of the claim's type "
        "and company, unless another is chosen.",
    )
    team_leader_id = fields.Many2one(
        related="team_id.user_id",
        string="Team Lead",
        groups="base.group_user",
        help="The lead of the claim's team: a reviewer of approval paths "
        "(reviewer field).",
    )

    def _rating_groupings(self):
        return [*super()._rating_groupings(), ("by_team", "team_id")]

    @api.depends("claim_type_id", "company_id")
    def _compute_team_id(self):
        to_find = self.filtered(
            lambda c: not (c.team_id and c.team_id.sudo()._accepts(c))
        )
        if not to_find:
            return
        teams = self.env["claim.team"]._team_for(to_find)
        for claim in to_find:
            claim.team_id = teams[claim]

    @api.depends("claim_type_id", "team_id")
    def _compute_user_id(self):
        # a team that distributes its claims gives the responsible (in
        # _on_created), not the type's default user
        distributed = self.filtered(
            lambda c: (
                not c.user_id
                and c.team_id
                and c.team_id.sudo().assignment_method != "manual"
            )
        )
        return super(ClaimClaim, self - distributed)._compute_user_id()

    def _on_created(self):
        # before super(): the responsible is known to the notifications and
        # followers of the registration
        unassigned = self.filtered(lambda c: not c.user_id and c.team_id)
        if unassigned:
            unassigned.team_id._assign_claims(unassigned)
        return super()._on_created()

    @api.model
    def _team_workload(self, field, ids):
        """{id of ``field``: (open claims, overdue claims)} for the team
        kanbans, in one grouped query (under the reader's access)."""
        counts = {}
        for key, status, count in self._read_group(
            [(field, "in", ids), ("state", "in", OPEN_STATES)],
            [field, "deadline_status"],
            ["__count"],
        ):
            total, overdue = counts.get(key.id, (0, 0))
            counts[key.id] = (
                total + count,
                overdue + (count if status == "overdue" else 0),
            )
        return counts
