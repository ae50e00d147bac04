from odoo import api, fields, models
from odoo.exceptions import ValidationError

FIELD_SETTINGS = [
    ("hidden", "Hidden"),
    ("optional", "Optional"),
    ("required", "Required"),
]
# Standard claim fields a claim type shows, hides or requires: key -> the
# type's setting field. The key is what claim.type._check_claim_fields reads.
CLAIM_TYPE_FIELDS = {
    "lot": "lot_field",
    "attachment": "attachment_field",
    "description": "description_field",
    "purchase_date": "purchase_date_field",
    "requested_remedy": "requested_remedy_field",
}
# Property types customers fill in on the portal and the public form.
CUSTOMER_PROPERTY_TYPES = ("char", "integer", "float", "boolean", "selection", "date")


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
    counts_for_carrier = fields.Boolean(
        string="Transport Claim",
        help="Claims of this type count in the claim rate of the carrier that "
        "shipped the delivery (Claims > Analysis > Claim Rates).",
    )
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
    # What customers give per standard field (see CLAIM_TYPE_FIELDS): the
    # forms show or hide the inputs and every channel refuses a claim that
    # lacks a required one (claim.claim._check_type_fields).
    lot_field = fields.Selection(
        FIELD_SETTINGS,
        string="Lot/Serial",
        default="optional",
        required=True,
        help="Required: every claimed product must have its lot or serial number.",
    )
    attachment_field = fields.Selection(
        FIELD_SETTINGS,
        string="Photos and Documents",
        default="optional",
        required=True,
        help="Required: at least one attachment (photo, proof of purchase...).",
    )
    description_field = fields.Selection(
        FIELD_SETTINGS,
        string="Problem Description",
        default="optional",
        required=True,
        help="Required: a description of the problem.",
    )
    purchase_date_field = fields.Selection(
        FIELD_SETTINGS,
        string="Date of Purchase",
        default="optional",
        required=True,
        help="Claims without one of our documents always ask for it.",
    )
    requested_remedy_field = fields.Selection(
        FIELD_SETTINGS,
        string="Requested Remedy",
        default="optional",
        required=True,
        help="What the customer asks for: repair, replacement, refund, price "
        "reduction.",
    )
    # The booleans API clients know: "required" or not, written through.
    require_lot = fields.Boolean(
        string="Lot/Serial Required",
        compute="_compute_require_fields",
        inverse="_inverse_require_lot",
        store=True,
        help="Every claimed product must have its lot or serial number.",
    )
    require_attachment = fields.Boolean(
        compute="_compute_require_fields",
        inverse="_inverse_require_attachment",
        store=True,
        help="At least one attachment (photo, proof of purchase...) is required.",
    )
    require_description = fields.Boolean(
        compute="_compute_require_fields",
        inverse="_inverse_require_description",
        store=True,
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
    root_cause_required = fields.Boolean(
        help="A line of a claim of this type can only get a decision once its root "
        "cause is known.",
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

    @api.depends("lot_field", "attachment_field", "description_field")
    def _compute_require_fields(self):
        for claim_type in self:
            claim_type.require_lot = claim_type.lot_field == "required"
            claim_type.require_attachment = claim_type.attachment_field == "required"
            claim_type.require_description = claim_type.description_field == "required"

    def _inverse_require(self, key):
        setting = CLAIM_TYPE_FIELDS[key]
        for claim_type in self:
            if claim_type[f"require_{key}"]:
                claim_type[setting] = "required"
            elif claim_type[setting] == "required":
                claim_type[setting] = "optional"

    def _inverse_require_lot(self):
        self._inverse_require("lot")

    def _inverse_require_attachment(self):
        self._inverse_require("attachment")

    def _inverse_require_description(self):
        self._inverse_require("description")

    # ------------------------------------------------------------------
    # The one rule of the standard fields per type
    # ------------------------------------------------------------------

    def _claim_field_labels(self):
        """What each key means to the person who must give it."""
        return {
            "lot": self.env._("the lot or serial number of every product"),
            "attachment": self.env._("at least one attachment"),
            "description": self.env._("a description of the problem"),
            "purchase_date": self.env._("the date of purchase"),
            "requested_remedy": self.env._("the remedy requested"),
        }

    def _claim_field_setting(self, key):
        """hidden, optional or required (no type: optional)."""
        self.ensure_one()
        return self[CLAIM_TYPE_FIELDS[key]] if self else "optional"

    def _shows_claim_field(self, key):
        return self._claim_field_setting(key) != "hidden"

    def _check_claim_fields(self, given, claim_name=None):
        """Refuse what this type requires and ``given`` lacks.

        ``given``: {key of CLAIM_TYPE_FIELDS: whether it was given}; a key
        left out is not known yet (e.g. files, attached after a backend
        creation) and not checked. Every channel ends here: claim.claim's
        create (``_check_type_fields``), the move out of "new", the New Claim
        wizard and the customer intake (portal, public form)."""
        self.ensure_one()
        labels = self._claim_field_labels()
        missing = [
            labels[key]
            for key in CLAIM_TYPE_FIELDS
            if self._claim_field_setting(key) == "required"
            and given.get(key, True) is False
        ]
        if not missing:
            return
        if claim_name:
            message = self.env._(
                "Claims of type “%(type)s” need %(missing)s (claim %(name)s).",
                type=self.name,
                missing=", ".join(missing),
                name=claim_name,
            )
        else:
            message = self.env._(
                "Claims of type “%(type)s” need %(missing)s.",
                type=self.name,
                missing=", ".join(missing),
            )
        raise ValidationError(message)

    def _customer_properties_definition(self):
        """The type's properties customers fill in (simple types only)."""
        self.ensure_one()
        return [
            definition
            for definition in self.properties_definition or []
            if definition.get("type") in CUSTOMER_PROPERTY_TYPES
        ]

    def _customer_form_fields(self):
        """How the customer forms show the standard fields for these offered
        types: {key: {"shown": some type shows it, "hidden_ids": [type ids
        as text], "required_ids": [...]}}. The page hides and requires the
        inputs for the type chosen (static/src/js/claim_type_fields.js)."""
        layout = {}
        for key in CLAIM_TYPE_FIELDS:
            settings = {str(t.id): t._claim_field_setting(key) for t in self}
            layout[key] = {
                "shown": not self
                or any(value != "hidden" for value in settings.values()),
                "hidden_ids": [i for i, v in settings.items() if v == "hidden"],
                "required_ids": [i for i, v in settings.items() if v == "required"],
            }
        return layout

    def _customer_form_properties(self):
        """The property inputs of each offered type: [{"type": type,
        "inputs": [property definition with its "input" name]}]."""
        return [
            {
                "type": claim_type,
                "inputs": [
                    {
                        **definition,
                        "input": claim_type._customer_property_input(definition),
                    }
                    for definition in claim_type._customer_properties_definition()
                ],
            }
            for claim_type in self
            if claim_type._customer_properties_definition()
        ]

    def _customer_property_input(self, definition):
        """Name of the form input of a property (one set of inputs per type
        on the forms: names may repeat between types)."""
        self.ensure_one()
        return f"prop_{self.id}_{definition['name']}"

    def _customer_properties_from_form(self, form):
        """{property name: text sent} of this type's inputs in ``form``."""
        if not self:
            return {}
        return {
            definition["name"]: form.get(self._customer_property_input(definition))
            for definition in self._customer_properties_definition()
            if self._customer_property_input(definition) in form
        }

    def _parse_customer_properties(self, raw):
        """{property name: value} of this type's customer properties from
        what a form sent (texts, or values already parsed when a public
        request is confirmed). Unknown names are ignored; a value that is not
        one of the property's type is refused with a message for the customer."""
        self.ensure_one()
        Claim = self.env["claim.claim"]
        values = {}
        for definition in self._customer_properties_definition():
            name, kind = definition["name"], definition["type"]
            label = definition.get("string") or name
            value = raw.get(name)
            if kind == "boolean":
                values[name] = value not in (None, False, "", "0", "off")
                continue
            if isinstance(value, str):
                value = Claim._check_customer_text(value, label)
            if value in (None, "", False):
                continue
            try:
                if kind == "integer":
                    value = int(value)
                elif kind == "float":
                    value = float(value)
                elif kind == "date":
                    value = fields.Date.to_string(fields.Date.to_date(value))
                elif kind == "selection":
                    keys = [key for key, _label in definition.get("selection") or []]
                    if value not in keys:
                        raise ValueError(value)
                else:
                    value = str(value)[:1000]
            except (TypeError, ValueError):
                raise ValidationError(
                    self.env._("%(field)s: enter a valid value.", field=label)
                ) from None
            values[name] = value
        return values

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
