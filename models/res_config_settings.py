from odoo import api, fields, models
from odoo.exceptions import AccessError

# Fields of res.config.settings every user with access to the model may use.
_SETTINGS_BASE_FIELDS = frozenset(
    (
        "id",
        "display_name",
        "company_id",
        "create_uid",
        "create_date",
        "write_uid",
        "write_date",
    )
)


class ResConfigSettings(models.TransientModel):
    """Claims settings: the company's claims fields, for claims managers.

    Odoo's settings are for Settings administrators (``base.group_system``):
    only they have access rights on ``res.config.settings``, ``execute()``
    refuses users without "Access Rights", and the related company fields are
    written on ``res.company``, which only "Access Rights" users may write.

    Claims managers get access rights on the model (security/ir.model.access.csv)
    and their own page (Claims > Configuration > Settings, a view holding only
    these fields). For users without Settings rights:

    - ``_has_field_access`` hides every other field of the model, so they can
      neither read (e.g. settings backed by system parameters) nor write
      anything but the claims fields; ``default_get`` computes only these;
    - ``create``/``write`` check the fields, the user's company and that the
      user may read the linked records, then write with ``sudo()`` because the
      related fields write ``res.company``;
    - ``execute`` applies nothing more (no groups, modules or parameters: the
      company was written on save) and reloads the page.
    """

    _inherit = "res.config.settings"

    claim_dispatcher_ids = fields.Many2many(
        related="company_id.claim_dispatcher_ids",
        readonly=False,
        domain=[("share", "=", False)],
    )
    claim_dispatcher_group_id = fields.Many2one(
        related="company_id.claim_dispatcher_group_id", readonly=False
    )
    claim_terms_url = fields.Char(related="company_id.claim_terms_url", readonly=False)
    claim_terms_version = fields.Char(
        related="company_id.claim_terms_version", readonly=False
    )
    claim_customer_reminder_days = fields.Integer(
        related="company_id.claim_customer_reminder_days", readonly=False
    )
    claim_rating_request = fields.Boolean(
        related="company_id.claim_rating_request", readonly=False
    )
    claim_rating_low_threshold = fields.Integer(
        related="company_id.claim_rating_low_threshold", readonly=False
    )
    claim_rating_manager_id = fields.Many2one(
        related="company_id.claim_rating_manager_id",
        readonly=False,
        domain=[("share", "=", False)],
    )
    claim_auto_close_days = fields.Integer(
        related="company_id.claim_auto_close_days", readonly=False
    )
    claim_auto_close_notice_days = fields.Integer(
        related="company_id.claim_auto_close_notice_days", readonly=False
    )
    claim_sms_enabled = fields.Boolean(
        related="company_id.claim_sms_enabled", readonly=False
    )
    claim_statutory_warranty_months = fields.Integer(
        related="company_id.claim_statutory_warranty_months", readonly=False
    )
    claim_consumer_response_days = fields.Integer(
        related="company_id.claim_consumer_response_days", readonly=False
    )
    claim_consumer_resolution_days = fields.Integer(
        related="company_id.claim_consumer_resolution_days", readonly=False
    )
    claim_due_soon_days = fields.Integer(
        related="company_id.claim_due_soon_days", readonly=False
    )
    claim_repair_extends_warranty = fields.Boolean(
        related="company_id.claim_repair_extends_warranty", readonly=False
    )
    claim_credit_account_id = fields.Many2one(
        related="company_id.claim_credit_account_id",
        readonly=False,
        check_company=True,
        groups="account.group_account_manager",
    )
    claim_analytic_account_id = fields.Many2one(
        related="company_id.claim_analytic_account_id",
        readonly=False,
        check_company=True,
        groups="analytic.group_analytic_accounting",
    )
    claim_cost_account_id = fields.Many2one(
        related="company_id.claim_cost_account_id",
        readonly=False,
        check_company=True,
        domain=[("account_type", "in", ("expense", "expense_direct_cost"))],
        groups="account.group_account_manager",
    )
    claim_cost_journal_id = fields.Many2one(
        related="company_id.claim_cost_journal_id",
        readonly=False,
        check_company=True,
        domain=[("type", "=", "general")],
        groups="account.group_account_manager",
    )
    claim_location_id = fields.Many2one(
        related="company_id.claim_location_id",
        readonly=False,
        check_company=True,
        domain=[("usage", "=", "internal")],
        groups="stock.group_stock_multi_locations",
    )
    claim_loaner_location_id = fields.Many2one(
        related="company_id.claim_loaner_location_id",
        readonly=False,
        check_company=True,
        domain=[("usage", "=", "internal")],
        groups="stock.group_stock_multi_locations",
    )
    claim_service_repeat_days = fields.Integer(
        related="company_id.claim_service_repeat_days", readonly=False
    )
    claim_upload_max_mb = fields.Integer(
        related="company_id.claim_upload_max_mb", readonly=False
    )
    claim_upload_max_files = fields.Integer(
        related="company_id.claim_upload_max_files", readonly=False
    )
    claim_upload_extensions = fields.Char(
        related="company_id.claim_upload_extensions", readonly=False
    )
    claim_public_form = fields.Boolean(
        related="company_id.claim_public_form", readonly=False
    )
    claim_public_request_hours = fields.Integer(
        related="company_id.claim_public_request_hours", readonly=False
    )
    claim_public_rate_limit = fields.Integer(
        related="company_id.claim_public_rate_limit", readonly=False
    )

    claim_rate_packer_threshold = fields.Float(
        related="company_id.claim_rate_packer_threshold", readonly=False
    )
    claim_rate_carrier_threshold = fields.Float(
        related="company_id.claim_rate_carrier_threshold", readonly=False
    )
    claim_rate_product_threshold = fields.Float(
        related="company_id.claim_rate_product_threshold", readonly=False
    )
    claim_rate_packer_user_id = fields.Many2one(
        related="company_id.claim_rate_packer_user_id", readonly=False
    )
    claim_rate_carrier_user_id = fields.Many2one(
        related="company_id.claim_rate_carrier_user_id", readonly=False
    )
    claim_rate_product_user_id = fields.Many2one(
        related="company_id.claim_rate_product_user_id", readonly=False
    )

    @api.model
    def _claim_settings_fields(self):
        """Names of the claims fields (related to the company's claims fields)."""
        return {
            name
            for name, field in self._fields.items()
            if field.related and field.related.startswith("company_id.claim_")
        }

    def _claim_settings_restricted(self):
        """Whether the user saves claims settings only (no Settings rights)."""
        return not self.env.is_system()

    def _has_field_access(self, field, operation):
        if not super()._has_field_access(field, operation):
            return False
        if not self._claim_settings_restricted():
            return True
        return (
            field.name in _SETTINGS_BASE_FIELDS
            or field.name in self._claim_settings_fields()
        )

    def _compute_display_name(self):
        if not self._claim_settings_restricted():
            return super()._compute_display_name()
        # Odoo's name is the one of a window action: only admins may read them.
        for settings in self:
            settings.display_name = self.env._("Claims Settings")
        return None

    @api.model
    def default_get(self, fields):
        if not self._claim_settings_restricted():
            return super().default_get(fields)
        allowed = _SETTINGS_BASE_FIELDS | self._claim_settings_fields()
        fields = [name for name in fields if name in allowed]
        # sudo: the get_values() of other apps, called by every default_get,
        # may read what claims managers cannot; only claims fields are returned.
        values = super(ResConfigSettings, self.sudo()).default_get(fields)
        return {name: value for name, value in values.items() if name in allowed}

    def _claim_check_settings_values(self, vals):
        """Raise unless the user may write these values (restricted users)."""
        for name in vals:
            field = self._fields.get(name)
            if field is None:
                continue  # the ORM refuses unknown fields
            self._check_field_access(field, "write")
        company_id = vals.get("company_id")
        if company_id and company_id not in self.env.user.company_ids.ids:
            raise AccessError(
                self.env._("You may only change the claims settings of your companies.")
            )

    def _claim_check_linked_records(self, vals):
        """The user must be allowed to read what the settings link to."""
        for name in vals:
            field = self._fields.get(name)
            if field is not None and field.relational:
                self[name].check_access("read")

    @api.model_create_multi
    def create(self, vals_list):
        if not self._claim_settings_restricted():
            return super().create(vals_list)
        self.check_access("create")
        for vals in vals_list:
            self._claim_check_settings_values(vals)
        # sudo: the related fields write res.company, which claims managers may
        # not write; only the checked claims fields and company_id get here.
        records = super(ResConfigSettings, self.sudo()).create(vals_list)
        records = records.sudo(False)
        for record, vals in zip(records, vals_list, strict=True):
            record._claim_check_linked_records(vals)
        return records

    def write(self, vals):
        if not self._claim_settings_restricted():
            return super().write(vals)
        self.check_access("write")
        self._claim_check_settings_values(vals)
        # sudo: as in create(), for the checked claims fields only
        result = super(ResConfigSettings, self.sudo()).write(vals)
        for record in self:
            record._claim_check_linked_records(vals)
        return result

    def execute(self):
        if not self._claim_settings_restricted():
            return super().execute()
        self.ensure_one()
        self.check_access("write")
        # The claims fields were written on the company when the record was
        # saved; groups, modules and system parameters are not for this user.
        return {"type": "ir.actions.client", "tag": "reload"}

    def cancel(self):
        if self.env.context.get("module") == "claim_management" or (
            self._claim_settings_restricted()
        ):
            return self.env["ir.actions.act_window"]._for_xml_id(
                "claim_management.claim_settings_action"
            )
        return super().cancel()
