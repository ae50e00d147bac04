from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from .claim_state import is_workflow

CONTRACT_STATES = [
    ("draft", "Draft"),
    ("running", "Running"),
    ("closed", "Closed"),
]
VALIDITIES = [
    ("upcoming", "Not Started"),
    ("valid", "Valid"),
    ("expired", "Expired"),
]


class ClaimContract(models.Model):
    """A service contract with a business customer: for the products it
    covers, the response and resolution times of claims per priority, in
    working hours or days on its working calendar.

    A running contract applies to the customer's new business claims received
    within its validity whose products it covers (``claim.claim``'s
    ``_find_contracts``); the legal regime of consumer claims always wins.
    Two running contracts of a customer valid at the same time must cover
    different products, so that a claim never has two candidates.
    """

    _name = "claim.contract"
    _description = "Claim Service Contract"
    _inherit = ["mail.thread", "claim.workflow.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "reference"]

    _partner_running_idx = models.Index(
        "(partner_id, company_id) WHERE state = 'running'"
    )

    name = fields.Char(required=True, tracking=True)
    reference = fields.Char(
        tracking=True, help="The contract's number, as the customer knows it."
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_company', '=', True)]",
        help="The customer company (commercial partner): the contract covers the "
        "claims of all its contacts.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    active = fields.Boolean(default=True)
    state = fields.Selection(
        CONTRACT_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Only running contracts apply to new claims.",
    )
    date_start = fields.Date(
        string="Valid From",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    date_end = fields.Date(
        string="Valid Until",
        tracking=True,
        help="Last day of validity; empty: until the contract is closed.",
    )
    validity = fields.Selection(
        VALIDITIES,
        compute="_compute_validity",
        help="Whether today lies within the contract's validity dates.",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        required=True,
        default=lambda self: self.env.company.resource_calendar_id,
        check_company=True,
        tracking=True,
        help="The working times and public holidays the response and "
        "resolution times count on.",
    )
    product_ids = fields.Many2many(
        "product.product",
        string="Covered Products",
        help="Empty, with no category either: every product.",
    )
    categ_ids = fields.Many2many(
        "product.category",
        string="Covered Categories",
        help="Products of these categories (and their subcategories) are covered.",
    )
    sla_ids = fields.One2many(
        "claim.contract.sla",
        "contract_id",
        string="Service Levels",
        copy=True,
    )
    notes = fields.Html()
    claim_ids = fields.One2many("claim.claim", "contract_id", string="Covered Claims")
    claim_count = fields.Integer(compute="_compute_claim_count", string="Claims")

    @api.depends("date_start", "date_end")
    @api.depends_context("tz")
    def _compute_validity(self):
        today = fields.Date.context_today(self)
        for contract in self:
            if contract.date_start and contract.date_start > today:
                contract.validity = "upcoming"
            elif contract.date_end and contract.date_end < today:
                contract.validity = "expired"
            else:
                contract.validity = "valid"

    def _compute_claim_count(self):
        counts = dict(
            self.env["claim.claim"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        for contract in self:
            contract.claim_count = counts.get(contract, 0)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if contract.date_end and contract.date_end < contract.date_start:
                raise ValidationError(
                    self.env._(
                        "Contract %(name)s ends before it starts.", name=contract.name
                    )
                )

    @api.constrains("partner_id")
    def _check_commercial_partner(self):
        for contract in self:
            if contract.partner_id != contract.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Contract %(name)s must be made with the customer company "
                        "(%(company)s), not with one of its contacts.",
                        name=contract.name,
                        company=contract.partner_id.commercial_partner_id.name,
                    )
                )

    @api.constrains(
        "state",
        "partner_id",
        "company_id",
        "date_start",
        "date_end",
        "product_ids",
        "categ_ids",
    )
    def _check_no_ambiguous_overlap(self):
        """Two running contracts of a customer valid on a same day must cover
        different products: otherwise a claim would have two contracts."""
        running = self.filtered(lambda c: c.state == "running")
        if not running:
            return
        others = self.search(
            Domain("state", "=", "running")
            & Domain("partner_id", "in", running.partner_id.ids)
            & Domain("company_id", "in", running.company_id.ids)
        )
        for contract in running:
            for other in others - contract:
                if (
                    other.partner_id == contract.partner_id
                    and other.company_id == contract.company_id
                    and contract._dates_overlap(other)
                    and contract._scopes_overlap(other)
                ):
                    raise ValidationError(
                        self.env._(
                            "Contracts %(name)s and %(other)s of %(customer)s are "
                            "valid at the same time for the same products: a claim "
                            "would have two contracts. Change their dates or their "
                            "covered products.",
                            name=contract.name,
                            other=other.name,
                            customer=contract.partner_id.name,
                        )
                    )

    def _dates_overlap(self, other):
        self.ensure_one()
        return (not self.date_end or self.date_end >= other.date_start) and (
            not other.date_end or other.date_end >= self.date_start
        )

    def _covers_all(self):
        self.ensure_one()
        return not self.product_ids and not self.categ_ids

    def _scopes_overlap(self, other):
        """Whether some product may be covered by both contracts."""
        self.ensure_one()
        if self._covers_all() or other._covers_all():
            return True
        if self.product_ids & other.product_ids:
            return True
        mine = self._covered_categories()
        theirs = other._covered_categories()
        return bool(
            mine & theirs
            or self.product_ids.categ_id & theirs
            or other.product_ids.categ_id & mine
        )

    def _covered_categories(self):
        self.ensure_one()
        return self.env["product.category"].search(
            [("id", "child_of", self.categ_ids.ids)]
        )

    def _covers_products(self, products, categories=None):
        """Whether the contract covers every one of ``products``;
        ``categories``: its covered categories, when already known."""
        self.ensure_one()
        if self._covers_all():
            return True
        if not products:
            return False
        if categories is None:
            categories = self._covered_categories()
        return all(
            product in self.product_ids or product.categ_id in categories
            for product in products
        )

    def _sla_for(self, priority):
        """The service level of the contract for a claim priority."""
        self.ensure_one()
        return self.sla_ids.filtered(lambda s: s.priority == priority)[:1]

    # CRUD ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not is_workflow(self.env):
            for vals in vals_list:
                self._refuse_owned_fields(self._workflow_owned_fields() & set(vals))
        return super().create(vals_list)

    def write(self, vals):
        if not is_workflow(self.env):
            self._refuse_owned_fields(self._workflow_owned_fields() & set(vals))
            if {"partner_id", "company_id"} & set(vals) and self.filtered("claim_ids"):
                raise UserError(
                    self.env._(
                        "Contract %(name)s already covers claims: its customer and "
                        "company can no longer change.",
                        name=self.filtered("claim_ids")[0].name,
                    )
                )
        return super().write(vals)

    # Actions ---------------------------------------------------------------

    def action_run(self):
        """Put draft contracts into force: they apply to new claims."""
        not_draft = self.filtered(lambda c: c.state != "draft")
        if not_draft:
            raise UserError(
                self.env._(
                    "Contract %(name)s is not a draft: only draft contracts can be "
                    "put into force.",
                    name=not_draft[0].name,
                )
            )
        no_sla = self.filtered(lambda c: not c.sla_ids)
        if no_sla:
            raise UserError(
                self.env._(
                    "Contract %(name)s has no service level: give the response and "
                    "resolution times of at least one priority.",
                    name=no_sla[0].name,
                )
            )
        self._workflow().write({"state": "running"})
        return True

    def action_close(self):
        """Close running contracts: they no longer apply to new claims; the
        claims they already cover keep them."""
        not_running = self.filtered(lambda c: c.state != "running")
        if not_running:
            raise UserError(
                self.env._(
                    "Contract %(name)s is not running: only running contracts can "
                    "be closed.",
                    name=not_running[0].name,
                )
            )
        self._workflow().write({"state": "closed"})
        return True

    def action_view_claims(self):
        self.ensure_one()
        return self.env["claim.claim"]._action_view_claims(
            [("contract_id", "=", self.id)], {}
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = self.filtered("claim_ids")
        if used:
            raise UserError(
                self.env._(
                    "Contract %(name)s covers claims: archive it instead of "
                    "deleting it.",
                    name=used[0].name,
                )
            )
