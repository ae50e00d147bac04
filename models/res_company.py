from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    claim_terms_url = fields.Char(
        string="Claim Terms Link",
        translate=True,
        help="The company's claim terms (regulamin reklamacji, reklamační řád): a "
        "web address or a page of this site, one per language. Linked from the "
        "claim forms and the registration e-mail.",
    )
    claim_terms_version = fields.Char(
        help="Version of the claim terms in force (e.g. 2026-01). Stored with "
        "the consents customers give, with the link they were shown.",
    )
    claim_statutory_warranty_months = fields.Integer(
        string="Statutory Warranty (months)",
        default=24,
        help="Period during which the seller is liable for non-conformity of goods "
        "(24 months for consumers in the EU).",
    )
    claim_consumer_response_days = fields.Integer(
        string="Consumer Response Time (days)",
        default=14,
        help="Calendar days to answer consumer claims where no national rule applies.",
    )
    claim_consumer_resolution_days = fields.Integer(
        string="Consumer Resolution Time (days)",
        default=30,
        help="Calendar days to resolve consumer claims where no national rule applies.",
    )
    claim_due_soon_days = fields.Integer(
        string="Claim Deadline Warning (days)",
        default=3,
        help="A claim is due soon this many days before its deadline; its responsible "
        "gets a reminder.",
    )
    claim_repair_extends_warranty = fields.Boolean(
        string="Repairs Extend Consumer Warranty",
        help="EU right-to-repair rule: after a repair of consumer goods, the "
        "statutory liability period is extended by 12 months.",
    )
    claim_credit_account_id = fields.Many2one(
        "account.account",
        string="Claims Credit Account",
        check_company=True,
        help="Post the credit notes of claims to this account instead of the "
        "income account of the invoice, to see claim costs separately.",
    )
    claim_analytic_account_id = fields.Many2one(
        "account.analytic.account",
        string="Claims Analytic Account",
        check_company=True,
        help="Analytic account given to the lines of claim credit notes.",
    )
    claim_cost_account_id = fields.Many2one(
        "account.account",
        string="Claims Cost Account",
        check_company=True,
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
        help="Post the cost of replaced goods and of repair parts of claims to "
        "this expense account. Empty: claim costs are not posted separately.",
    )
    claim_cost_journal_id = fields.Many2one(
        "account.journal",
        string="Claims Cost Journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
        compute="_compute_claim_cost_journal_id",
        store=True,
        readonly=False,
        help="Miscellaneous journal of the claim cost entries.",
    )
    claim_location_id = fields.Many2one(
        "stock.location",
        string="Claims Location",
        domain="[('usage', '=', 'internal'), ('company_id', 'in', [id, False])]",
        help="Where goods received for expertise go. Empty: the location of the "
        "warehouse's returns.",
    )
    claim_loaner_location_id = fields.Many2one(
        "stock.location",
        string="Loaners Location",
        domain="[('usage', '=', 'internal'), ('company_id', 'in', [id, False])]",
        help="Where the loaner units lent to claiming customers are kept. Empty: "
        "a 'Loaners' location of the company's first warehouse, made when the "
        "first unit is lent.",
    )
    claim_service_repeat_days = fields.Integer(
        string="Service Repeat Period (days)",
        default=180,
        help="A unit (product and lot) sent to a service partner again within "
        "this many days counts as a repeated defect. 0: at any time.",
    )

    claim_dispatcher_ids = fields.Many2many(
        "res.users",
        "res_company_claim_dispatcher_rel",
        "company_id",
        "user_id",
        string="Claim Dispatchers",
        domain="[('share', '=', False)]",
        help="Told of every new claim of the company, from any channel.",
    )
    claim_dispatcher_group_id = fields.Many2one(
        "res.groups",
        help="Every member of this group is told of every new claim of the company.",
    )
    claim_customer_reminder_days = fields.Integer(
        string="Customer Reminder (days)",
        default=7,
        help="Remind the customer after this many days of waiting for them. 0: never.",
    )
    claim_sms_enabled = fields.Boolean(
        string="SMS to Customers",
        help="Customers with a phone number also get a text message (SMS) when "
        "their claim is registered, decided and resolved, and when we wait for "
        "them. SMS go through Odoo IAP and use its credits.",
    )

    # Customers filing claims: portal and public form
    claim_upload_max_mb = fields.Integer(
        string="Customer Upload Limit (MB)",
        default=10,
        help="Largest file a customer may attach on the portal or the public form.",
    )
    claim_upload_max_files = fields.Integer(
        string="Customer Files per Message",
        default=10,
        help="Most files a customer may attach at once.",
    )
    claim_upload_extensions = fields.Char(
        string="Customer File Types",
        default="pdf,jpg,jpeg,png,gif,webp",
        help="File name extensions customers may attach, separated by commas. "
        "Images and PDF files are also checked by their content.",
    )
    claim_public_form = fields.Boolean(
        string="Public Claim Form",
        help="Consumers without an account may file claims at /claims/new, "
        "confirmed by a link sent to their e-mail.",
    )
    claim_public_request_hours = fields.Integer(
        string="Confirmation Link Validity (hours)",
        default=24,
        help="Claims filed on the public form and not confirmed within this time "
        "are deleted.",
    )
    claim_public_rate_limit = fields.Integer(
        string="Public Requests per Hour",
        default=5,
        help="Most claims one e-mail address or one network address may file on "
        "the public form within an hour.",
    )

    # Customer satisfaction and housekeeping (claim_claim_rating.py,
    # claim_claim_auto_close.py)
    claim_rating_request = fields.Boolean(
        string="Ask Customers to Rate Claims",
        default=True,
        help="When a claim is closed, its customer gets an e-mail to rate it; "
        "they may also rate it on the claim's portal page.",
    )
    claim_rating_low_threshold = fields.Integer(
        string="Low Rating (at most)",
        default=2,
        help="A rating from 1 to 5 at or below this value (not satisfied) opens "
        "an activity to call the customer back. 0: never.",
    )
    claim_rating_manager_id = fields.Many2one(
        "res.users",
        string="Low Ratings Followed By",
        domain=[("share", "=", False)],
        help="Who gets the activity of a low rating. Empty: a claims manager "
        "of the company.",
    )
    claim_auto_close_days = fields.Integer(
        string="Close Resolved Claims After (days)",
        default=0,
        help="A resolved claim whose customer stays silent this many days is "
        "closed automatically. 0: never.",
    )
    claim_auto_close_notice_days = fields.Integer(
        string="Announce Closing (days before)",
        default=3,
        help="The customer is told this many days before the automatic closing; "
        "a reply keeps the claim open.",
    )

    # Claim rates (models/claim_rate.py, models/claim_rate_alert.py)
    claim_rate_packer_threshold = fields.Float(
        string="Packer Claim Rate Alert (%)",
        digits=(16, 2),
        help="When the claims about the deliveries a packer packed in a month "
        "exceed this share of them, an activity is opened. 0: no alert.",
    )
    claim_rate_carrier_threshold = fields.Float(
        string="Carrier Claim Rate Alert (%)",
        digits=(16, 2),
        help="When the transport claims about a carrier's shipments of a month "
        "exceed this share of them, an activity is opened. 0: no alert.",
    )
    claim_rate_product_threshold = fields.Float(
        string="Product Claim Rate Alert (%)",
        digits=(16, 2),
        help="When the claimed quantity of a product delivered in a month exceeds "
        "this share of the delivered quantity, an activity is opened. 0: no alert.",
    )
    claim_rate_packer_user_id = fields.Many2one(
        "res.users",
        string="Packer Alerts To",
        domain="[('share', '=', False)]",
        help="Who gets the activity of a packer above the alert rate; by "
        "default the company's first claims administrator.",
    )
    claim_rate_carrier_user_id = fields.Many2one(
        "res.users",
        string="Carrier Alerts To",
        domain="[('share', '=', False)]",
        help="Who gets the activity of a carrier above the alert rate; by "
        "default the company's first claims administrator.",
    )
    claim_rate_product_user_id = fields.Many2one(
        "res.users",
        string="Product Alerts To",
        domain="[('share', '=', False)]",
        help="Who gets the activity of a product above the alert rate; by "
        "default the company's first claims administrator.",
    )
    claim_rates_refreshed_at = fields.Datetime(
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="When the claim rates of the company were last refreshed.",
    )

    @api.constrains(
        "claim_rate_packer_threshold",
        "claim_rate_carrier_threshold",
        "claim_rate_product_threshold",
    )
    def _check_claim_rate_thresholds(self):
        for company in self:
            for value in (
                company.claim_rate_packer_threshold,
                company.claim_rate_carrier_threshold,
                company.claim_rate_product_threshold,
            ):
                if value < 0 or value > 100:
                    raise ValidationError(
                        self.env._("A claim rate alert is a percentage from 0 to 100.")
                    )

    @api.constrains(
        "claim_rate_packer_user_id",
        "claim_rate_carrier_user_id",
        "claim_rate_product_user_id",
    )
    def _check_claim_rate_users(self):
        operators = self.env.ref("claim_management.group_claim_operator")
        for company in self:
            users = (
                company.claim_rate_packer_user_id
                | company.claim_rate_carrier_user_id
                | company.claim_rate_product_user_id
            )
            for user in users:
                if (
                    operators not in user.all_group_ids
                    or company not in user.company_ids
                ):
                    raise ValidationError(
                        self.env._(
                            "%(user)s cannot receive claim rate alerts of %(company)s: "
                            "they must be a claims operator or administrator of "
                            "that company.",
                            user=user.name,
                            company=company.name,
                        )
                    )

    @api.depends("claim_cost_account_id")
    def _compute_claim_cost_journal_id(self):
        for company in self:
            if company.claim_cost_account_id and not company.claim_cost_journal_id:
                company.claim_cost_journal_id = company._claim_default_cost_journal()

    def _claim_default_cost_journal(self):
        """The company's first miscellaneous (general) journal."""
        self.ensure_one()
        Journal = self.env["account.journal"]
        return Journal.search(
            [*Journal._check_company_domain(self), ("type", "=", "general")], limit=1
        )

    @api.constrains("claim_terms_url")
    def _check_claim_terms_url(self):
        for company in self:
            url = company.claim_terms_url
            if url and not url.startswith(("https://", "http://", "/")):
                raise ValidationError(
                    self.env._(
                        "The claim terms link is a web address (https://...) or a "
                        "page of this site (/...)."
                    )
                )

    @api.constrains(
        "claim_rating_low_threshold",
        "claim_auto_close_days",
        "claim_auto_close_notice_days",
    )
    def _check_claim_care_settings(self):
        for company in self:
            if not 0 <= company.claim_rating_low_threshold <= 4:
                raise ValidationError(
                    self.env._("The low rating threshold is from 0 to 4 (of 5).")
                )
            days = company.claim_auto_close_days
            notice = company.claim_auto_close_notice_days
            if days < 0 or notice < 0 or (days and notice >= days):
                raise ValidationError(
                    self.env._(
                        "Automatic closing: the days are positive and the "
                        "announcement comes before the closing."
                    )
                )

    def _claim_loaner_location(self):
        """The company's loaner location, made in its first warehouse on first
        use."""
        self.ensure_one()
        if self.claim_loaner_location_id:
            return self.claim_loaner_location_id
        warehouse = self._claim_loaner_warehouse()
        # sudo: the location is set up for the claims operators, who have no
        # inventory rights; the company keeps it for the next loans
        location = (
            self.env["stock.location"]
            .sudo()
            .create(
                {
                    "name": self.env._("Loaners"),
                    "usage": "internal",
                    "location_id": warehouse.view_location_id.id,
                    "company_id": self.id,
                }
            )
        )
        self.sudo().claim_loaner_location_id = location
        return location.with_env(self.env)

    def _claim_loaner_warehouse(self, location=None):
        """The warehouse whose delivery and receipt types move loaners."""
        self.ensure_one()
        # sudo: claims operators read no warehouses
        warehouse = location and location.sudo().warehouse_id
        if not warehouse:
            warehouse = (
                self.env["stock.warehouse"]
                .sudo()
                .search([("company_id", "=", self.id)], order="sequence, id", limit=1)
            )
        if not warehouse:
            raise UserError(
                self.env._(
                    "Company %(company)s has no warehouse to lend loaners from.",
                    company=self.name,
                )
            )
        return warehouse
