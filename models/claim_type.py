from odoo import fields, models


class ClaimType(models.Model):
    _name = "claim.type"
    _description = "Claim Type"
    _inherit = ["mail.alias.mixin.optional"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code used by integrations and reports.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share the type between companies.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Default Responsible",
        domain="[('share', '=', False)]",
        check_company=True,
        help="New claims of this type are assigned to this user "
        "(e.g. transport claims to logistics).",
    )
    follower_ids = fields.Many2many(
        "res.users",
        "claim_type_follower_rel",
        "type_id",
        "user_id",
        string="Default Followers",
        domain="[('share', '=', False)]",
        help="Users who follow every new claim of this type.",
    )
    dispatcher_ids = fields.Many2many(
        "res.users",
        "claim_type_dispatcher_rel",
        "type_id",
        "user_id",
        string="Dispatchers",
        domain="[('share', '=', False)]",
        help="Told of every new claim of this type, besides the company's dispatchers.",
    )
    require_lot = fields.Boolean(
        string="Lot/Serial Required",
        help="Every claimed product must have its lot or serial number.",
    )
    require_attachment = fields.Boolean(
        help="At least one attachment (photo, proof of purchase...) is required.",
    )
    require_description = fields.Boolean(
        help="A description of the problem is required.",
    )
    resolution_days = fields.Integer(
        string="Resolution Time (days)",
        default=14,
        help="B2B claims: working days to resolve (unless the customer's contract says "
        "otherwise). Consumer claims use the company's default when it has one.",
    )
    auto_accept_limit = fields.Float(
        groups="base.group_user",
        string="Auto-accept up to",
        help="Claims whose value (company currency) is at most this amount are "
        "accepted automatically when registered. 0 disables it.",
    )
    approval_limit = fields.Float(
        groups="base.group_user",
        string="Manager approval above",
        help="Claims worth more than this amount (company currency) need a claims "
        "manager's approval before the decision. 0 disables it.",
    )
    legal_basis = fields.Selection(
        [
            ("statutory", "Statutory Non-conformity"),
            ("commercial", "Commercial Guarantee"),
            ("b2b_contract", "B2B Contract"),
        ],
        default="statutory",
        required=True,
        help="Statutory: consumer law sets the deadlines (14 days to answer in Poland, "
        "30 days to resolve in the Czech Republic). Commercial guarantee: the "
        "company's default periods. B2B contract: the SLA below, in working days.",
    )
    response_days = fields.Integer(
        string="Response SLA (working days)",
        help="B2B claims: working days to answer the customer. 0: no response deadline.",
    )
    stage_frame_ids = fields.One2many(
        "claim.type.stage",
        "type_id",
        string="Stage Time Frames",
        help="How long claims of this type may stay in each stage, and who handles it.",
    )
    properties_definition = fields.PropertiesDefinition(
        string="Claim Properties",
        help="Extra fields shown on claims of this type.",
    )
    description = fields.Html(translate=True)
    portal_published = fields.Boolean(
        string="Customers May Choose",
        default=True,
        help="Offered to customers on the portal and the public claim form.",
    )
    claim_count = fields.Integer(compute="_compute_claim_count")

    _code_company_uniq = models.Constraint(
        "UNIQUE(code, company_id)",
        "The code of a claim type must be unique per company.",
    )

    def _compute_claim_count(self):
        counts = dict(
            self.env["claim.claim"]._read_group(
                [("claim_type_id", "in", self.ids)],
                ["claim_type_id"],
                ["__count"],
            )
        )
        for claim_type in self:
            claim_type.claim_count = counts.get(claim_type, 0)

    def _alias_get_creation_values(self):
        """E-mails to the type's alias create claims of this type."""
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id("claim.claim")
        if self.id:
            defaults = {"claim_type_id": self.id}
            if self.company_id:
                defaults["company_id"] = self.company_id.id
            values["alias_defaults"] = repr(defaults)
        return values
