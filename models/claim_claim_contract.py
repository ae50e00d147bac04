from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Domain

from .claim_state import OPEN_STATES, is_workflow

SLA_STATUSES = [
    ("running", "Running"),
    ("met", "Met"),
    ("missed", "Missed"),
]


class ClaimClaim(models.Model):
    """Service contracts on claims: the contract a new business claim falls
    under, the response and resolution times its service level gives for the
    claim's priority, and whether they were met (the SLA report).

    Which deadline applies, for a business claim: the contract's service
    level for the claim's priority; without one, the customer's resolution
    SLA (``res.partner.claim_sla_days``), then the claim type's. Consumer
    claims keep the legal deadlines: the contract is not applied to them.
    """

    _inherit = "claim.claim"

    # the service levels report (its default: the last 12 months, months by
    # status) counted from the index alone: 4 grouped reads 220 -> 49 ms over
    # the 152,270 contract claims of bench/sla.py
    _sla_month_idx = models.Index(
        "(company_id, month_received) INCLUDE (contract_id, sla_resolution_status, "
        "sla_response_status, priority) WHERE contract_id IS NOT NULL AND active IS TRUE"
    )

    contract_id = fields.Many2one(
        "claim.contract",
        index="btree_not_null",
        copy=False,
        tracking=True,
        check_company=True,
        help="The customer's service contract the claim falls under, chosen when "
        "the claim is created (the running contract valid on the day of receipt "
        "that covers its products). Only a claims manager may change it.",
    )
    sla_response_due = fields.Datetime(
        string="Response Due",
        compute="_compute_sla_due",
        store=True,
        help="When the answer is due under the contract's service level.",
    )
    sla_resolution_due = fields.Datetime(
        string="Resolution Due",
        compute="_compute_sla_due",
        store=True,
        help="When the resolution is due under the contract's service level.",
    )
    sla_response_status = fields.Selection(
        SLA_STATUSES,
        string="Response SLA",
        compute="_compute_sla_status",
        store=True,
        index="btree_not_null",
        help="Whether the answer (the decision sent) reached the customer within "
        "the contract's response time.",
    )
    sla_resolution_status = fields.Selection(
        SLA_STATUSES,
        string="Resolution SLA",
        compute="_compute_sla_status",
        store=True,
        index="btree_not_null",
        help="Whether the claim was resolved within the contract's resolution time.",
    )

    # Service level -----------------------------------------------------------

    @api.depends("contract_id", "priority", "date_received", "legal_regime")
    def _compute_sla_due(self):
        """Due moments from the contract's service level for the priority,
        on the contract's calendar (its public holidays and leaves skipped).
        A later change of the service level applies to new claims and to
        claims whose priority changes, not to the past ones."""
        for claim in self:
            sla = claim._contract_sla()
            # sudo: whoever files the claim (portal, public form, API) plans
            # on the contract's calendar, which they cannot read
            calendar = claim.contract_id.sudo().resource_calendar_id
            received = claim.date_received
            claim.sla_response_due = claim.sla_resolution_due = False
            if not sla or not received:
                continue
            claim.sla_response_due = self._sla_plan(
                received, sla.response_time, sla.time_unit, calendar
            )
            claim.sla_resolution_due = self._sla_plan(
                received, sla.resolution_time, sla.time_unit, calendar
            )

    def _contract_sla(self):
        """The contract's service level for the claim's priority, for a
        business claim (the legal regime wins for consumers)."""
        self.ensure_one()
        if not self.contract_id or self.legal_regime != "b2b":
            return self.env["claim.contract.sla"]
        # sudo: the service level decides the claim's deadlines whoever
        # changes the claim (a claims user may not read every contract)
        return self.contract_id.sudo()._sla_for(self.priority)

    @api.model
    def _sla_plan(self, received, amount, unit, calendar):
        """The moment ``amount`` working hours or days after ``received``
        (naive UTC) on ``calendar``, as naive UTC; False without an amount.
        Days count from the day after receipt and end with the last working
        hour of the last day, like the other contractual deadlines."""
        if not amount:
            return False
        if unit == "hours":
            return calendar.plan_hours(amount, received, compute_leaves=True)
        tz = pytz.timezone(calendar.tz or "UTC")
        local_day = pytz.utc.localize(received).astimezone(tz).date()
        start = tz.localize(datetime.combine(local_day + timedelta(days=1), time.min))
        # plan_days ends with the first working period of the last day
        last = calendar.plan_days(int(amount), start, compute_leaves=True)
        if not last:
            return False
        day = last.astimezone(tz).date()
        periods = calendar._work_intervals_batch(
            tz.localize(datetime.combine(day, time.min)),
            tz.localize(datetime.combine(day, time.max)),
        )[False]
        end = max(stop for _start, stop, _meta in periods)
        return end.astimezone(pytz.utc).replace(tzinfo=None)

    @api.depends(
        "sla_response_due",
        "sla_resolution_due",
        "decision_sent_date",
        "date_resolved",
        "state",
    )
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for claim in self:
            cancelled = claim.state == "cancelled"
            claim.sla_response_status = self._sla_status(
                claim.sla_response_due, claim.decision_sent_date, cancelled, now
            )
            claim.sla_resolution_status = self._sla_status(
                claim.sla_resolution_due, claim.date_resolved, cancelled, now
            )

    @api.model
    def _sla_status(self, due, done, cancelled, now):
        if not due:
            return False
        if done:
            return "met" if done <= due else "missed"
        if cancelled:
            return False
        return "missed" if due < now else "running"

    @api.depends("sla_response_due", "sla_resolution_due")
    def _compute_deadlines(self):
        """The contract's due moments, as dates in its calendar's time zone,
        replace the customer's and the type's working days."""
        res = super()._compute_deadlines()
        for claim in self.filtered(
            lambda c: c.sla_response_due or c.sla_resolution_due
        ):
            engine = self.env["claim.deadline"]
            calendar = claim.contract_id.sudo().resource_calendar_id
            if claim.sla_response_due:
                claim.response_deadline = engine._local_date(
                    claim.sla_response_due, calendar
                )
            if claim.sla_resolution_due:
                claim.resolution_deadline = engine._local_date(
                    claim.sla_resolution_due, calendar
                )
        return res

    # Choosing the contract -----------------------------------------------------

    def _assign_contracts(self):
        """Give new business claims the customer's running contract valid on
        the day of receipt that covers all their products; the latest started
        wins (running contracts of a customer do not overlap, see
        claim.contract's _check_no_ambiguous_overlap)."""
        todo = self.filtered(
            lambda c: (
                not c.contract_id
                and c.legal_regime == "b2b"
                and c.commercial_partner_id
            )
        )
        if not todo:
            return
        # sudo: whoever files the claim (portal customer, public form, API)
        # cannot read contracts, yet the contract applies to the claim
        contracts = (
            self.env["claim.contract"]
            .sudo()
            .search(
                Domain("state", "=", "running")
                & Domain("partner_id", "in", todo.commercial_partner_id.ids)
                & Domain("company_id", "in", todo.company_id.ids)
            )
        )
        # one search of the covered categories per contract, not per claim
        categories = {
            contract: contract._covered_categories()
            for contract in contracts.filtered("categ_ids")
        }
        by_contract = {}
        for claim in todo:
            contract = claim._find_contract(contracts, categories)
            if contract:
                by_contract.setdefault(contract, self.browse())
                by_contract[contract] |= claim
        for contract, claims in by_contract.items():
            claims._workflow().with_context(mail_notrack=True).write(
                {"contract_id": contract.id}
            )

    def _find_contract(self, contracts, categories):
        self.ensure_one()
        engine = self.env["claim.deadline"]
        empty = self.env["product.category"]
        # sudo: the categories of the claimed products, which whoever files
        # the claim (portal, public form) may not read
        products = self.line_ids.product_id.sudo()
        candidates = contracts.filtered(
            lambda k: (
                k.partner_id == self.commercial_partner_id
                and k.company_id == self.company_id
                and k.date_start
                <= engine._local_date(self.date_received, k.resource_calendar_id)
                and (
                    not k.date_end
                    or k.date_end
                    >= engine._local_date(self.date_received, k.resource_calendar_id)
                )
                and k._covers_products(products, categories.get(k, empty))
            )
        )
        return candidates.sorted(lambda k: (k.date_start, k.id), reverse=True)[:1]

    @api.constrains("contract_id", "company_id", "partner_id")
    def _check_contract(self):
        for claim in self.filtered("contract_id"):
            # sudo: the check holds whoever writes the claim
            contract = claim.contract_id.sudo()
            if (
                contract.partner_id != claim.commercial_partner_id
                or contract.company_id != claim.company_id
            ):
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s is not a contract of %(customer)s in "
                        "%(company)s: it cannot cover claim %(name)s.",
                        contract=contract.name,
                        customer=claim.commercial_partner_id.name,
                        company=claim.company_id.name,
                        name=claim.name,
                    )
                )
            if contract.state == "draft":
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s is a draft: it cannot cover claim "
                        "%(name)s.",
                        contract=contract.name,
                        name=claim.name,
                    )
                )

    # Hooks of claim.claim's create and write (claim_claim.py) ----------------

    @api.model
    def _check_create_values(self, vals_list):
        res = super()._check_create_values(vals_list)
        if any(vals.get("contract_id") for vals in vals_list):
            self._check_contract_editor()
        return res

    def _check_write_values(self, vals):
        res = super()._check_write_values(vals)
        if "contract_id" in vals and any(
            claim._value_differs("contract_id", vals["contract_id"]) for claim in self
        ):
            self._check_contract_editor()
        return res

    @api.model
    def _check_contract_editor(self):
        if is_workflow(self.env) or self._is_claim_manager():
            return
        raise AccessError(
            self.env._(
                "The contract of a claim is chosen when the claim is created; only "
                "a claims manager can change it."
            )
        )

    def _on_created(self):
        res = super()._on_created()
        self._assign_contracts()
        return res

    # Daily scheduled action --------------------------------------------------

    @api.model
    def _cron_claim_deadlines(self, batch_size=1000):
        res = super()._cron_claim_deadlines(batch_size=batch_size)
        self._cron_refresh_sla_status(batch_size)
        return res

    @api.model
    def _cron_refresh_sla_status(self, batch_size):
        """Mark missed the running service levels whose due moment passed
        without the answer or the resolution."""
        now = fields.Datetime.now()
        late = (
            Domain("sla_response_status", "=", "running")
            & Domain("sla_response_due", "<", now)
        ) | (
            Domain("sla_resolution_status", "=", "running")
            & Domain("sla_resolution_due", "<", now)
        )
        done = self.browse()
        while True:
            claims = self.search(
                late
                & Domain("state", "in", OPEN_STATES)
                & Domain("id", "not in", done.ids),
                limit=batch_size,
            )
            if not claims:
                return
            claims._compute_sla_status()
            self.env.flush_all()
            done |= claims
