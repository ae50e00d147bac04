from odoo import api, fields, models
from odoo.fields import Domain

from .claim_state import OPEN_STATES

ASSIGNMENT_METHODS = [
    ("manual", "Manual"),
    ("round_robin", "Round Robin"),
    ("balanced", "Fewest Open Claims"),
]


class ClaimTeam(models.Model):
    """A team handling claims: its members share the new claims of its
    types and companies, by turns or by workload, skipping members on leave."""

    _name = "claim.team"
    _description = "Claim Team"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    user_id = fields.Many2one(
        "res.users",
        string="Team Lead",
        domain="[('share', '=', False)]",
        tracking=True,
        help="Sees the team's workload and may approve its claims (approval "
        "paths reviewed by the team lead).",
    )
    member_ids = fields.One2many("claim.team.member", "team_id", string="Members")
    claim_type_ids = fields.Many2many(
        "claim.type",
        string="Claim Types",
        help="The types of claims the team handles. Empty: every type.",
    )
    company_ids = fields.Many2many(
        "res.company",
        string="Companies",
        help="The companies whose claims the team handles. Empty: every company.",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        help="The team's working times and public holidays (Odoo's working "
        "schedules); the time off of each member is read from the member's "
        "own resource.",
    )
    assignment_method = fields.Selection(
        ASSIGNMENT_METHODS,
        default="balanced",
        required=True,
        tracking=True,
        help="How new claims of the team get their responsible (unless one is "
        "given): by turns (round robin) or to the member with the fewest open "
        "claims. Members on leave are skipped.",
    )
    assignment_count = fields.Integer(
        readonly=True,
        copy=False,
        help="Claims assigned by turns so far: the round robin's counter.",
    )
    open_count = fields.Integer(string="Open Claims", compute="_compute_counts")
    overdue_count = fields.Integer(string="Overdue Claims", compute="_compute_counts")

    def _compute_counts(self):
        counts = self.env["claim.claim"]._team_workload("team_id", self.ids)
        for team in self:
            team.open_count, team.overdue_count = counts.get(team.id, (0, 0))

    def _accepts(self, claim):
        """Whether new claims like ``claim`` go to this team."""
        self.ensure_one()
        return (
            not self.claim_type_ids or claim.claim_type_id in self.claim_type_ids
        ) and (not self.company_ids or claim.company_id in self.company_ids)

    @api.model
    def _team_for(self, claims):
        """{claim: team} for new claims: the first team (by sequence) naming
        the claim's type, else the first handling every type."""
        # sudo: which team handles a claim is configuration; portal, public
        # and API callers create claims without reading teams
        teams = self.sudo().search(
            (
                Domain("claim_type_ids", "=", False)
                | Domain("claim_type_ids", "in", claims.claim_type_id.ids)
            )
            & (
                Domain("company_ids", "=", False)
                | Domain("company_ids", "in", claims.company_id.ids)
            )
        )
        specific = teams.filtered("claim_type_ids")
        ordered = specific | (teams - specific)
        return {
            claim: ordered.filtered(lambda t, c=claim: t._accepts(c))[:1]
            for claim in claims
        }

    def action_view_claims(self):
        self.ensure_one()
        return self.env["claim.claim"]._action_view_claims(
            [("team_id", "=", self.id), ("state", "in", OPEN_STATES)],
            {"team_id": self.id},
        )

    def action_view_workload(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "claim_management.claim_team_member_action"
        )
        action["domain"] = [("team_id", "=", self.id)]
        action["context"] = {"default_team_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Distribution
    # ------------------------------------------------------------------

    def _assign_claims(self, claims):
        """Give each claim of ``claims`` (of these teams, without a
        responsible) a member of its team. Batched: one query for the
        members' open claims, one for their leaves."""
        teams = self.filtered(lambda t: t.assignment_method != "manual")
        if not teams:
            return
        # the teams' rows are locked so that concurrent intakes take turns
        # (the round robin's counter and the workload both move)
        teams = teams.sudo()
        teams.lock_for_update()
        members = teams.member_ids.filtered(
            lambda m: m.user_id.active and not m.user_id.share
        )
        away = members.user_id._claim_on_leave()
        members = members.filtered(lambda m: m.user_id not in away)
        workload = dict(
            self.env["claim.claim"]
            .sudo()
            ._read_group(
                Domain("user_id", "in", members.user_id.ids)
                & Domain("state", "in", OPEN_STATES),
                ["user_id"],
                ["__count"],
            )
        )
        workload = {user.id: count for user, count in workload.items()}
        turns = {member.id: member.assignment_count for member in members}
        counters = {team.id: team.assignment_count for team in teams}
        by_user = {}
        for claim in claims.sorted("id"):
            team = claim.team_id
            if team not in teams:
                continue
            candidates = members.filtered(
                lambda m, c=claim: (
                    m.team_id == c.team_id and c.company_id in m.user_id.company_ids
                )
            )
            if not candidates:
                continue
            member = team._pick_member(candidates, workload, turns)
            counters[team.id] += 1
            turns[member.id] = counters[team.id]
            workload[member.user_id.id] = workload.get(member.user_id.id, 0) + 1
            by_user.setdefault(member.user_id, []).append(claim.id)
        for team in teams:
            if team.assignment_count != counters[team.id]:
                team.assignment_count = counters[team.id]
        for member in members:
            if member.assignment_count != turns[member.id]:
                member.assignment_count = turns[member.id]
        for user, claim_ids in by_user.items():
            # sudo: the team's rule gives the responsible, not the caller
            # (a portal customer or an e-shop may not set it)
            self.env["claim.claim"].sudo().browse(claim_ids).write({"user_id": user.id})

    def _pick_member(self, candidates, workload, turns):
        self.ensure_one()
        if self.assignment_method == "balanced":
            return min(
                candidates,
                key=lambda m: (
                    workload.get(m.user_id.id, 0),
                    turns[m.id],
                    m.sequence,
                    m.id,
                ),
            )
        return min(candidates, key=lambda m: (turns[m.id], m.sequence, m.id))
