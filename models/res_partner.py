from odoo import fields, models


def _trigram_index(column):
    """A trigram index for ILIKE searches on a column, when pg_trgm exists."""

    def definition(registry):
        if not registry.has_trigram:
            return ""
        return f"USING gin ({column} gin_trgm_ops)"

    return models.Index(definition)


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Searching claims by customer searches partners by name, e-mail,
    # reference, tax and company ID (res.partner's _rec_names_search) with
    # ILIKE '%...%': one index per column so the OR is an index scan, not a
    # sequential scan of every partner.
    _claim_complete_name_trgm = _trigram_index("complete_name")
    _claim_email_trgm = _trigram_index("email")
    _claim_ref_trgm = _trigram_index("ref")
    _claim_vat_trgm = _trigram_index("vat")
    _claim_company_registry_trgm = _trigram_index("company_registry")

    claim_count = fields.Integer(compute="_compute_claim_count", string="Claims")
    claim_sla_days = fields.Integer(
        string="Claim Resolution SLA (working days)",
        help="Resolution time of claims agreed in this business customer's contract; "
        "overrides the claim type's SLA. 0: use the type's.",
    )
    claim_service_partner = fields.Boolean(
        string="Claims Service Partner",
        help="Repairs or assesses claimed goods: claims operators send goods to it.",
    )
    claim_service_turnaround_days = fields.Integer(
        string="Service Turnaround (days)",
        help="Days the service partner usually keeps the goods: the default "
        "expected return of a service order. 0: 14 days.",
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
