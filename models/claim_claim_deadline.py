from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

from .claim_deadline import LEGAL_REGIMES
from .claim_state import OPEN_STATES

# Longest extension of the statutory period agreed with a consumer.
MAX_AGREED_EXTENSION_DAYS = 90
DEADLINE_STATUSES = [
    ("on_time", "On Time"),
    ("due_soon", "Due Soon"),
    ("overdue", "Overdue"),
]


class ClaimClaim(models.Model):
    """Deadlines of a claim: legal regime, response and resolution dates,
    their status, reminders and escalation.

    Kept apart from claim_claim.py (the claim and its workflow) like the
    resolution part, so that each file stays readable.
    """

    _inherit = "claim.claim"

    legal_regime = fields.Selection(
        LEGAL_REGIMES,
        compute="_compute_legal_regime",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="Which rules set the deadlines: consumer law of the company's country or "
        "the business contract. Computed from the customer, the company's country and "
        "the claim type; a claims manager may change it.",
    )
    agreed_extension_days = fields.Integer(
        string="Agreed Extension (days)",
        tracking=True,
        help="Longer period agreed with a Czech consumer, added to the 30 days.",
    )
    extension_reason = fields.Char(string="Reason for Extension", tracking=True)
    resolution_deadline = fields.Date(
        compute="_compute_deadlines",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="Date by which the claim must be resolved, from its legal regime "
        "(statutory periods, the type's or the customer's SLA).",
    )
    response_deadline = fields.Date(
        compute="_compute_deadlines",
        store=True,
        index=True,
        tracking=True,
        help="Date by which the customer must have our answer (the decision sent).",
    )
    deadline_status = fields.Selection(
        DEADLINE_STATUSES,
        compute="_compute_deadline_status",
        store=True,
        index="btree_not_null",
        help="Of the next open deadline. Refreshed every day by a scheduled action.",
    )
    decision_sent_date = fields.Datetime(
        string="Decision Sent On",
        readonly=True,
        copy=False,
        tracking=True,
        help="When the decision reached the customer: the answer counts from then.",
    )
    deemed_accepted = fields.Boolean(
        string="Deemed Accepted by Law",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="A Polish consumer got no answer within 14 days: by law the claim is "
        "deemed accepted. Nothing financial happens automatically.",
    )
    deadline_reminder_sent = fields.Boolean(readonly=True, copy=False)
    deadline_escalated = fields.Boolean(readonly=True, copy=False)
    stage_deadline = fields.Date(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="End of the time frame of the current stage (claim type settings).",
    )
    stage_escalated = fields.Boolean(readonly=True, copy=False)
    stage_history_ids = fields.One2many(
        "claim.stage.history",
        "claim_id",
        string="Time per Stage",
        readonly=True,
        groups="claim_management.group_claim_user",
    )
    stage_plan = fields.Html(
        compute="_compute_stage_plan",
        sanitize=False,
        groups="claim_management.group_claim_user",
        help="Planned end of the following stages; moves when a stage runs late.",
    )
    days_to_first_answer = fields.Float(
        compute="_compute_durations", store=True, aggregator="avg"
    )
    days_to_resolution = fields.Float(
        compute="_compute_durations", store=True, aggregator="avg"
    )

    @api.depends(
        "commercial_partner_id.is_company",
        "company_id.country_id",
        "claim_type_id.legal_basis",
    )
    def _compute_legal_regime(self):
        for claim in self:
            consumer = (
                claim.commercial_partner_id
                and not claim.commercial_partner_id.is_company
            )
            basis = claim.claim_type_id.legal_basis or "statutory"
            country = claim.company_id.country_id.code
            if not consumer or basis == "b2b_contract":
                claim.legal_regime = "b2b"
            elif basis == "statutory" and country == "PL":
                claim.legal_regime = "pl_consumer"
            elif basis == "statutory" and country == "CZ":
                claim.legal_regime = "cz_consumer"
            else:
                claim.legal_regime = "consumer"

    @api.depends(
        "legal_regime",
        "date_received",
        "agreed_extension_days",
        "claim_type_id.response_days",
        "claim_type_id.resolution_days",
        "commercial_partner_id.claim_sla_days",
        "company_id.claim_consumer_response_days",
        "company_id.claim_consumer_resolution_days",
    )
    def _compute_deadlines(self):
        engine = self.env["claim.deadline"]
        for claim in self:
            if not claim.date_received or not claim.legal_regime:
                claim.response_deadline = claim.resolution_deadline = False
                continue
            company = claim.company_id or self.env.company
            claim_type = claim.claim_type_id
            if claim.legal_regime == "b2b":
                response_days = claim_type.response_days
                resolution_days = (
                    claim.commercial_partner_id.claim_sla_days
                    or claim_type.resolution_days
                )
            else:
                response_days = company.claim_consumer_response_days
                resolution_days = (
                    company.claim_consumer_resolution_days or claim_type.resolution_days
                )
            claim.response_deadline, claim.resolution_deadline = (
                engine._compute_deadlines(
                    claim.legal_regime,
                    claim.date_received,
                    company,
                    response_days=response_days,
                    resolution_days=resolution_days,
                    extension_days=claim.agreed_extension_days,
                )
            )

    def _next_deadline(self):
        """The deadline that matters now: the answer until it is sent, then the
        resolution until the claim is resolved."""
        self.ensure_one()
        if self.state not in OPEN_STATES:
            return False
        if not self.decision_sent_date and self.response_deadline:
            return self.response_deadline
        return self.resolution_deadline

    @api.depends(
        "state",
        "response_deadline",
        "resolution_deadline",
        "decision_sent_date",
        "company_id.claim_due_soon_days",
    )
    def _compute_deadline_status(self):
        engine = self.env["claim.deadline"]
        for claim in self:
            claim.deadline_status = engine._deadline_status(
                claim._next_deadline(),
                False,
                due_soon_days=claim.company_id.claim_due_soon_days,
            )

    @api.depends("date_received", "decision_sent_date", "date_resolved")
    def _compute_durations(self):
        for claim in self:
            received = claim.date_received
            claim.days_to_first_answer = (
                (claim.decision_sent_date - received).total_seconds() / 86400.0
                if received and claim.decision_sent_date
                else 0.0
            )
            claim.days_to_resolution = (
                (claim.date_resolved - received).total_seconds() / 86400.0
                if received and claim.date_resolved
                else 0.0
            )

    # Hooks of claim.claim's create and write (claim_claim.py) -----------

    @api.model
    def _check_create_values(self, vals_list):
        res = super()._check_create_values(vals_list)
        for vals in vals_list:
            self._check_deadline_values(vals)
        return res

    def _check_write_values(self, vals):
        res = super()._check_write_values(vals)
        self._check_deadline_values(vals)
        return res

    @api.model
    def _check_deadline_values(self, vals):
        """Who may set the rules of the deadlines: the legal regime and the
        resolution deadline are a claims manager's; an extension agreed with
        a consumer an operator's."""
        if self.env.su:
            return
        if {"legal_regime", "resolution_deadline"}.intersection(vals) and (
            not self._is_claim_manager()
        ):
            raise AccessError(
                self.env._(
                    "Only a claims manager can change the legal regime or the "
                    "resolution deadline of a claim."
                )
            )
        if {"agreed_extension_days", "extension_reason"}.intersection(vals) and (
            not self.env.user.has_group("claim_management.group_claim_operator")
        ):
            raise AccessError(
                self.env._(
                    "Only a claims operator or manager can record an extension "
                    "agreed with the customer."
                )
            )

    @api.constrains("agreed_extension_days", "extension_reason")
    def _check_agreed_extension(self):
        for claim in self:
            days = claim.agreed_extension_days
            if days < 0 or days > MAX_AGREED_EXTENSION_DAYS:
                raise ValidationError(
                    self.env._(
                        "An agreed extension is between 0 and %(max)s days (claim "
                        "%(name)s).",
                        max=MAX_AGREED_EXTENSION_DAYS,
                        name=claim.name,
                    )
                )
            if days and not (claim.extension_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Give the reason of the extension agreed on claim %(name)s.",
                        name=claim.name,
                    )
                )

    def _on_created(self):
        res = super()._on_created()
        self._enter_stage()
        return res

    def _on_stage_moved(self, old_stages):
        res = super()._on_stage_moved(old_stages)
        self._enter_stage()
        return res

    # ------------------------------------------------------------------
    # Stage time frames
    # ------------------------------------------------------------------

    def _stage_frame(self, stage=None):
        self.ensure_one()
        stage = stage or self.stage_id
        return self.claim_type_id.stage_frame_ids.filtered(
            lambda f: f.stage_id == stage
        )[:1]

    def _enter_stage(self):
        """Record the stage change, plan the stage's end and give its
        responsible an activity due then."""
        if not self:
            return
        now = fields.Datetime.now()
        engine = self.env["claim.deadline"]
        # sudo: the history is written by the workflow, whoever moves the claim;
        # users only read it
        history = self.env["claim.stage.history"].sudo()
        history.search([("claim_id", "in", self.ids), ("date_out", "=", False)]).write(
            {"date_out": now}
        )
        values = []
        for claim in self.filtered("stage_id"):
            frame = claim._stage_frame()
            planned = False
            responsible = claim.user_id
            if frame:
                calendar = claim.company_id.resource_calendar_id
                start = engine._local_date(now, calendar)
                planned = engine._add_working_days(start, frame.days, calendar)
                frame_user = frame.user_id if frame.user_id.active else frame.deputy_id
                responsible = frame_user or claim.user_id
                if frame.deputy_id:
                    claim.message_subscribe(partner_ids=frame.deputy_id.partner_id.ids)
                if responsible and claim.state in OPEN_STATES:
                    claim.activity_schedule(
                        "mail.mail_activity_data_todo",
                        date_deadline=planned,
                        summary=self.env._(
                            "%(stage)s: due %(date)s",
                            stage=claim.stage_id.name,
                            date=planned,
                        ),
                        user_id=responsible.id,
                    )
            claim._workflow().write(
                {"stage_deadline": planned, "stage_escalated": False}
            )
            values.append(
                {
                    "claim_id": claim.id,
                    "stage_id": claim.stage_id.id,
                    "user_id": responsible.id,
                    "date_in": now,
                    "planned_date": planned,
                }
            )
        history.create(values)

    @api.depends("stage_id", "stage_deadline", "claim_type_id.stage_frame_ids.days")
    def _compute_stage_plan(self):
        engine = self.env["claim.deadline"]
        today = fields.Date.context_today(self)
        for claim in self:
            frames = claim.claim_type_id.stage_frame_ids.filtered(
                lambda f, c=claim: (
                    f.stage_id.sequence > c.stage_id.sequence
                    and f.stage_id.state != "cancelled"
                )
            )
            if not frames or not claim.stage_deadline or claim.state not in OPEN_STATES:
                claim.stage_plan = False
                continue
            calendar = claim.company_id.resource_calendar_id
            end = max(claim.stage_deadline, today)
            rows = []
            for frame in frames.sorted("sequence"):
                end = engine._add_working_days(end, frame.days, calendar)
                rows.append(
                    Markup("<tr><td>%s</td><td>%s</td><td>%s</td></tr>")
                    % (
                        frame.stage_id.name,
                        (frame.user_id or claim.user_id).name or "",
                        end,
                    )
                )
            claim.stage_plan = Markup(
                '<table class="table table-sm mb-0"><thead><tr><th>%s</th><th>%s</th>'
                "<th>%s</th></tr></thead><tbody>%s</tbody></table>"
            ) % (
                self.env._("Stage"),
                self.env._("Responsible"),
                self.env._("Planned End"),
                Markup("").join(rows),
            )

    def _escalate_late_stages(self, claims):
        for claim in claims:
            deputy = claim._stage_frame().deputy_id
            if not deputy:
                continue
            claim.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=fields.Date.context_today(self),
                summary=self.env._(
                    "Stage %(stage)s of claim %(name)s is late (planned %(date)s)",
                    stage=claim.stage_id.name,
                    name=claim.name,
                    date=claim.stage_deadline,
                ),
                user_id=deputy.id,
            )

    def action_mark_decision_sent(self):
        """Record that the decision reached the customer (answer given)."""
        for claim in self:
            if not claim.decision:
                raise UserError(
                    self.env._(
                        "Claim %(name)s has no decision yet: there is nothing to send.",
                        name=claim.name,
                    )
                )
        self.filtered(lambda c: not c.decision_sent_date)._workflow().write(
            {"decision_sent_date": fields.Datetime.now()}
        )
        return True

    # ------------------------------------------------------------------
    # Daily scheduled action
    # ------------------------------------------------------------------

    @api.model
    def _cron_claim_deadlines(self, batch_size=1000):
        """Refresh deadline statuses, remind, escalate and flag PL claims deemed
        accepted. Finds its claims through indexed domains, locks them with SKIP
        LOCKED so two workers never handle the same claim, and marks each
        reminder and escalation so it is sent once."""
        today = fields.Date.context_today(self)
        self._cron_refresh_deadline_status(today, batch_size)
        self._cron_handle_once(
            Domain("deadline_status", "=", "due_soon")
            & Domain("deadline_reminder_sent", "=", False),
            self._send_deadline_reminder,
            {"deadline_reminder_sent": True},
            batch_size,
        )
        self._cron_handle_once(
            Domain("deadline_status", "=", "overdue")
            & Domain("deadline_escalated", "=", False),
            self._escalate_overdue,
            {"deadline_escalated": True},
            batch_size,
        )
        self._cron_handle_once(
            Domain("stage_deadline", "<", today)
            & Domain("stage_escalated", "=", False)
            & Domain("state", "in", OPEN_STATES),
            self._escalate_late_stages,
            {"stage_escalated": True},
            batch_size,
        )
        self._cron_handle_once(
            Domain("legal_regime", "=", "pl_consumer")
            & Domain("decision_sent_date", "=", False)
            & Domain("response_deadline", "<", today)
            & Domain("deemed_accepted", "=", False)
            & Domain("state", "in", OPEN_STATES),
            self._flag_deemed_accepted,
            {"deemed_accepted": True},
            batch_size,
        )

    @api.model
    def _cron_refresh_deadline_status(self, today, batch_size):
        """Recompute the status of the open claims whose deadline that matters
        (see _next_deadline) just became due soon or passed."""
        horizon = today + timedelta(days=max(self.env.company.claim_due_soon_days, 0))
        answer_pending = Domain("decision_sent_date", "=", False) & Domain(
            "response_deadline", "!=", False
        )

        def next_deadline(operator, day):
            return (answer_pending & Domain("response_deadline", operator, day)) | (
                ~answer_pending & Domain("resolution_deadline", operator, day)
            )

        stale = Domain("state", "in", OPEN_STATES) & (
            (
                Domain("deadline_status", "in", ("on_time", "due_soon"))
                & next_deadline("<", today)
            )
            | (Domain("deadline_status", "=", "on_time") & next_deadline("<=", horizon))
        )
        done = self.browse()
        while True:
            claims = self.search(
                stale & Domain("id", "not in", done.ids), limit=batch_size
            )
            if not claims:
                return
            claims._compute_deadline_status()
            self.env.flush_all()
            done |= claims

    @api.model
    def _cron_handle_once(self, domain, handler, done_values, batch_size):
        """Hand the claims of ``domain`` to ``handler`` by batches that other
        workers skip, then write ``done_values`` (which must take them out of
        ``domain``) so that each claim is handled once. Run by a scheduled
        action, each batch is committed with its progress."""
        while True:
            claims = self.search(domain, limit=batch_size, order="id")
            # other workers skip the claims this one handles
            claims = claims.try_lock_for_update(allow_referencing=True)
            if not claims:
                return
            handler(claims)
            claims._workflow().write(done_values)
            self.env.flush_all()
            if self.env.context.get("cron_id"):
                # a batch done is committed: a crash later does not redo it
                self.env["ir.cron"]._commit_progress(len(claims))

    def _deadline_managers(self):
        group = self.env.ref("claim_management.group_claim_manager")
        return group.user_ids.filtered(lambda u: not u.share and u.active)

    def _send_deadline_reminder(self, claims):
        for claim in claims:
            deadline = claim._next_deadline()
            claim.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=deadline,
                summary=self.env._("Claim deadline on %(date)s", date=deadline),
                user_id=(claim.user_id or self.env.user).id,
            )

    def _escalate_overdue(self, claims):
        managers = self._deadline_managers()
        for claim in claims:
            claim.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Claim %(name)s is overdue: its deadline was %(date)s.",
                    name=claim.name,
                    date=claim._next_deadline() or claim.resolution_deadline,
                ),
                partner_ids=managers.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )

    def _flag_deemed_accepted(self, claims):
        managers = self._deadline_managers()
        for claim in claims:
            claim.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "No answer reached the consumer by %(date)s: under Polish consumer "
                    "law claim %(name)s is deemed accepted. Nothing was changed "
                    "automatically; decide how to honour it.",
                    name=claim.name,
                    date=claim.response_deadline,
                ),
                partner_ids=managers.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
