from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    claim_count = fields.Integer(compute="_compute_claim_count", string="Claims")
    claim_sla_days = fields.Integer(
        string="Claim Resolution SLA (working days)",
        help="Resolution time of claims agreed in this business customer's contract; "
        "overrides the claim type's SLA. 0: use the type's.",
    )

    def _compute_claim_count(self):
        commercial = self.commercial_partner_id
        counts = dict(
            self.env["claim.claim"]._read_group(
                [("commercial_partner_id", "in", commercial.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.claim_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_claims(self):
        """Claims of the whole customer: the company and all its contacts."""
        self.ensure_one()
        return self.env["claim.claim"]._action_view_claims(
            [("commercial_partner_id", "=", self.commercial_partner_id.id)],
            {"partner_id": self.id},
        )
