import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import is_html_empty

from .claim_source import forget_source_lines
from .claim_state import (
    EDITABLE_STATES,
    LOCKED_STATES,
    OPEN_STATES,
    STATE_DATE_FIELDS,
    TYPE_FIELDS_LATER_KEY,
    WORKFLOW,
    can_move,
    is_workflow,
    transition_kind,
)

# The open states as SQL, for the partial indexes of open claims.
OPEN_STATES_SQL = "({})".format(", ".join(f"'{state}'" for state in OPEN_STATES))
# Fields a user may still set although the model marks them read-only: the
# number is given at creation (the sequence gives it otherwise); the client
# reference of the filing system names the claim for good (API retries).
USER_SET_AT_CREATE = {"name", "client_ref"}
# Fields frozen with the decision: what was claimed, by whom, when and under
# which rules. Changing them needs the decision reopened by a manager.
LOCKED_CLAIM_FIELDS = {
    "partner_id",
    "company_id",
    "claim_type_id",
    "date_received",
    "invoice_id",
    "picking_id",
    "sale_order_id",
    "store_id",
    "contract_id",
}

PRIORITIES = [("0", "Normal"), ("1", "Medium"), ("2", "High"), ("3", "Urgent")]

REMEDIES = [
    ("repair", "Repair"),
    ("replacement", "Replacement"),
    ("refund", "Withdrawal (refund)"),
    ("price_reduction", "Price Reduction"),
]

DECISIONS = [
    ("accepted", "Accepted"),
    ("partially_accepted", "Partially Accepted"),
    ("rejected", "Rejected"),
]


class ClaimClaim(models.Model):
    _name = "claim.claim"
    _description = "Claim"
    # mail.tracking.duration.mixin brings mail.thread
    _inherit = [
        "mail.tracking.duration.mixin",
        "mail.activity.mixin",
        "claim.group.order.mixin",
        "claim.group.format.mixin",
        "claim.workflow.mixin",
    ]
    _order = "date_received desc, id desc"
    _check_company_auto = True
    _track_duration_field = "stage_id"
    _rec_names_search = ["name", "partner_id", "source_document", "customer_ref"]

    # Indexes matching the default order and filters of the views (bench/):
    # open claims by date (list) and by stage (kanban columns and counts), and
    # covering indexes for the analysis grouped by stage and by type and month.
    # "active IS TRUE" is how the ORM writes the archive filter.
    _open_received_idx = models.Index(
        "(company_id, date_received DESC, id DESC) WHERE active IS TRUE "
        f"AND state IN {OPEN_STATES_SQL}"
    )
    _open_stage_idx = models.Index(
        "(stage_id, date_received DESC, id DESC) INCLUDE (company_id) "
        f"WHERE active IS TRUE AND state IN {OPEN_STATES_SQL}"
    )
    # open claims reached through a subquery on their ids (searches by the
    # lines' product or lot, tags, followers): the probe skips closed claims
    # without reading them
    _open_id_idx = models.Index(
        f"(id) WHERE active IS TRUE AND state IN {OPEN_STATES_SQL}"
    )
    # the dashboard's workload cards: open claims overdue or due this week,
    # counted from the index alone
    _open_deadline_idx = models.Index(
        "(company_id, resolution_deadline) "
        f"WHERE active IS TRUE AND state IN {OPEN_STATES_SQL}"
    )
    _stage_amount_idx = models.Index(
        "(company_id, stage_id) INCLUDE (amount_claimed) WHERE active IS TRUE"
    )
    _type_month_amount_idx = models.Index(
        "(company_id, claim_type_id, month_received) INCLUDE (amount_claimed) "
        "WHERE active IS TRUE"
    )

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(
        "res.currency", related="company_id.currency_id", store=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        "res.partner",
        string="Commercial Entity",
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
    )
    partner_email = fields.Char(related="partner_id.email", string="Email")
    partner_phone = fields.Char(related="partner_id.phone", string="Phone")
    claim_type_id = fields.Many2one(
        "claim.type",
        string="Type",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        ondelete="restrict",
    )
    reason_id = fields.Many2one(
        "claim.reason",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        domain="['|', ('type_ids', '=', False), ('type_ids', 'in', claim_type_id)]",
    )
    stage_id = fields.Many2one(
        "claim.stage",
        compute="_compute_stage_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        group_expand="_read_group_stage_ids",
        domain="['|', ('type_ids', '=', False), ('type_ids', 'in', claim_type_id)]",
    )
    state = fields.Selection(
        related="stage_id.state",
        store=True,
        index=True,
        string="Status",
        help="Fixed meaning of the current stage.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        domain="[('share', '=', False)]",
        check_company=True,
    )
    priority = fields.Selection(
        PRIORITIES,
        default="0",
        index=True,
    )
    channel = fields.Selection(
        [
            ("backend", "Backend"),
            ("portal", "Portal"),
            ("public", "Public Form"),
            ("email", "Email"),
            ("api", "API"),
            ("import", "File Import"),
        ],
        default="backend",
        required=True,
        index=True,
        help="How the claim reached us.",
    )
    date_received = fields.Datetime(
        string="Received On",
        required=True,
        index=True,
        default=fields.Datetime.now,
        tracking=True,
    )
    month_received = fields.Date(
        string="Received Month",
        compute="_compute_month_received",
        store=True,
        help="First day of the month the claim was received, in the company's "
        "time zone: what the analysis groups by month.",
    )
    date_decided = fields.Datetime(string="Decided On", readonly=True, copy=False)
    date_resolved = fields.Datetime(
        string="Resolved On", readonly=True, copy=False, index="btree_not_null"
    )
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False)
    decided_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    description = fields.Html(help="The problem, as the customer describes it.")
    requested_remedy = fields.Selection(
        REMEDIES,
        tracking=True,
        help="What the customer asks for. Given at intake; staff may change it "
        "while the claim is open.",
    )
    line_ids = fields.One2many("claim.line", "claim_id", string="Claimed Products")
    product_id = fields.Many2one(
        "product.product",
        compute="_compute_product_id",
        store=True,
        index="btree_not_null",
        help="Product of the first claim line.",
    )
    decision = fields.Selection(
        DECISIONS,
        compute="_compute_decision",
        store=True,
        index="btree_not_null",
        help="Rolled up from the decisions of the claim lines.",
    )
    amount_claimed = fields.Monetary(
        string="Value Claimed",
        compute="_compute_amounts",
        store=True,
        currency_field="currency_id",
    )
    amount_accepted = fields.Monetary(
        string="Value Accepted",
        compute="_compute_amounts",
        store=True,
        currency_field="currency_id",
    )
    invoice_id = fields.Many2one(
        "account.move",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted')]",
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('picking_type_code', 'in', ('outgoing', 'dropship')), "
        "('state', '=', 'done')]",
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        index="btree_not_null",
        tracking=True,
        check_company=True,
    )
    source_document = fields.Char(
        string="Document",
        compute="_compute_source_document",
        store=True,
        index="trigram",
        help="Numbers of the documents the claim is about.",
    )
    carrier_id = fields.Many2one(
        "delivery.carrier",
        related="picking_id.carrier_id",
        store=True,
        index="btree_not_null",
        string="Carrier",
    )
    carrier_tracking_ref = fields.Char(
        related="picking_id.carrier_tracking_ref", string="Tracking Reference"
    )
    carrier_tracking_url = fields.Char(
        related="picking_id.carrier_tracking_url", string="Tracking URL"
    )
    amount_cost = fields.Monetary(
        groups="base.group_user",
        string="Cost Value",
        compute="_compute_amounts",
        store=True,
        currency_field="currency_id",
        help="Product cost of the claimed goods when the claim was registered.",
    )
    approval_required = fields.Boolean(
        groups="base.group_user",
        compute="_compute_approval_required",
        store=True,
        help="The claimed value exceeds the approval limit of the type: a claims "
        "manager must approve the claim before its decision.",
    )
    approved_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, groups="base.group_user"
    )
    date_approved = fields.Datetime(
        string="Approved On", readonly=True, copy=False, groups="base.group_user"
    )
    history_claim_ids = fields.Many2many(
        "claim.claim",
        compute="_compute_history_claim_ids",
        string="Earlier Claims",
        help="Earlier claims of the same customer about the same products or lots.",
    )
    history_count = fields.Integer(compute="_compute_history_claim_ids")
    tag_ids = fields.Many2many("claim.tag", string="Tags")
    color = fields.Integer()
    properties = fields.Properties(
        definition="claim_type_id.properties_definition", copy=True
    )
    is_locked = fields.Boolean(
        compute="_compute_is_locked",
        help="The decision is final: only a claims manager can reopen it.",
    )
    can_start = fields.Boolean(compute="_compute_can_actions")
    can_decide = fields.Boolean(compute="_compute_can_actions")
    can_resolve = fields.Boolean(compute="_compute_can_actions")
    can_close = fields.Boolean(compute="_compute_can_actions")
    can_cancel = fields.Boolean(compute="_compute_can_actions")
    can_reset = fields.Boolean(compute="_compute_can_actions")
    can_reopen = fields.Boolean(compute="_compute_can_actions")
    can_move_back = fields.Boolean(compute="_compute_can_actions")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("claim_type_id")
    def _compute_stage_id(self):
        """New claims start in the first "new" stage of their type; a claim
        whose type changes keeps its state, in a stage of the new type (a
        type change never moves a claim through the workflow)."""
        for claim in self:
            if claim.stage_id and claim.stage_id._applies_to_type(claim.claim_type_id):
                continue
            state = claim.stage_id.state or "new"
            stage = self._get_stage_for_state(state, claim.claim_type_id)
            if not stage and claim.stage_id:
                raise UserError(
                    self.env._(
                        "Claims of type “%(type)s” have no stage meaning “%(state)s”: "
                        "choose another type or ask a claims manager to add one.",
                        type=claim.claim_type_id.name,
                        state=claim._state_label(state),
                    )
                )
            claim.stage_id = stage

    @api.depends("claim_type_id")
    def _compute_user_id(self):
        for claim in self:
            if not claim.user_id and claim.claim_type_id.user_id:
                claim.user_id = claim.claim_type_id.user_id

    @api.depends("date_received", "company_id")
    def _compute_month_received(self):
        for claim in self:
            if not claim.date_received:
                claim.month_received = False
                continue
            tz = pytz.timezone(claim.company_id.resource_calendar_id.tz or "UTC")
            local = pytz.utc.localize(claim.date_received).astimezone(tz)
            claim.month_received = local.date().replace(day=1)

    @api.depends("line_ids.sequence", "line_ids.product_id")
    def _compute_product_id(self):
        for claim in self:
            claim.product_id = claim.line_ids[:1].product_id

    @api.depends("line_ids.decision")
    def _compute_decision(self):
        for claim in self:
            decisions = set(claim.line_ids.mapped("decision"))
            if not decisions or False in decisions:
                claim.decision = False
            elif decisions == {"accepted"}:
                claim.decision = "accepted"
            elif decisions == {"rejected"}:
                claim.decision = "rejected"
            else:
                claim.decision = "partially_accepted"

    @api.depends("line_ids.amount", "line_ids.amount_accepted", "line_ids.amount_cost")
    def _compute_amounts(self):
        for claim in self:
            claim.amount_claimed = sum(claim.line_ids.mapped("amount"))
            claim.amount_accepted = sum(claim.line_ids.mapped("amount_accepted"))
            claim.amount_cost = sum(claim.line_ids.mapped("amount_cost"))

    @api.depends("amount_claimed", "claim_type_id.approval_limit")
    def _compute_approval_required(self):
        for claim in self:
            limit = claim.claim_type_id.approval_limit
            claim.approval_required = bool(limit) and claim.amount_claimed > limit

    @api.depends("commercial_partner_id", "line_ids.product_id", "line_ids.lot_id")
    def _compute_history_claim_ids(self):
        for claim in self:
            history = self.browse()
            if claim.commercial_partner_id and claim.line_ids:
                lots = claim.line_ids.lot_id
                domain = Domain(
                    "commercial_partner_id", "=", claim.commercial_partner_id.id
                )
                same_goods = Domain(
                    "line_ids.product_id", "in", claim.line_ids.product_id.ids
                )
                if lots:
                    same_goods |= Domain("line_ids.lot_id", "in", lots.ids)
                domain &= same_goods
                if claim._origin.id:
                    domain &= Domain("id", "!=", claim._origin.id)
                history = self.search(domain, limit=50)
            claim.history_claim_ids = history
            claim.history_count = len(history)

    @api.depends("invoice_id.name", "picking_id.name", "sale_order_id.name")
    def _compute_source_document(self):
        for claim in self:
            names = [
                doc.name
                for doc in (claim.invoice_id, claim.picking_id, claim.sale_order_id)
                if doc and doc.name
            ]
            claim.source_document = ", ".join(names) or False

    @api.depends("state")
    def _compute_is_locked(self):
        for claim in self:
            claim.is_locked = claim.state in LOCKED_STATES

    @api.depends("state", "line_ids.decision")
    @api.depends_context("uid")
    def _compute_can_actions(self):
        """Buttons follow the transition table (claim_state.TRANSITIONS)."""
        is_manager = self._is_claim_manager()
        for claim in self:
            state = claim.state
            claim.can_start = can_move(state, "in_progress")
            claim.can_decide = can_move(state, "decided")
            claim.can_resolve = (
                can_move(state, "resolved") and claim.decision != "rejected"
            )
            claim.can_close = can_move(state, "closed")
            claim.can_cancel = can_move(state, "cancelled")
            claim.can_reset = can_move(state, "new")
            claim.can_move_back = can_move(state, "new", kinds=("back",))
            claim.can_reopen = is_manager and can_move(
                state, "in_progress", kinds=("reopen",)
            )

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        stage_domain = Domain.TRUE
        type_id = self.env.context.get("default_claim_type_id")
        if type_id:
            stage_domain = Domain("type_ids", "=", False) | Domain(
                "type_ids", "in", type_id
            )
        return stages.search(stage_domain, order=stages._order)

    @api.model
    def _get_stage_for_state(self, state, claim_type):
        """First stage (by sequence) with the given fixed meaning for the type."""
        stages = self.env["claim.stage"].search([("state", "=", state)])
        return stages.filtered(lambda s: s._applies_to_type(claim_type))[:1]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("stage_id", "claim_type_id")
    def _check_stage_type(self):
        for claim in self:
            if claim.stage_id and not claim.stage_id._applies_to_type(
                claim.claim_type_id
            ):
                raise ValidationError(
                    self.env._(
                        "Stage “%(stage)s” is not used for claims of type “%(type)s”.",
                        stage=claim.stage_id.name,
                        type=claim.claim_type_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD: the one create and the one write of claims. Files that add a
    # concern (deadlines, mail, resolution) extend the named hooks below,
    # never create or write themselves.
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._check_create_values(vals_list)
        vals_list = [self._prepare_create_vals(vals) for vals in vals_list]
        for vals in vals_list:
            if not vals.get("name") or vals["name"] == self.env._("New"):
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                # sudo: portal, public and API users create claims but have no
                # read access to ir.sequence, which next_by_code requires.
                vals["name"] = self.env["ir.sequence"].sudo().with_company(
                    company
                ).next_by_code("claim.claim") or self.env._("New")
        claims = super().create(vals_list)
        for claim in claims.filtered(lambda c: c.state != "new"):
            # created straight into a later stage (kanban column, import):
            # the same move as from "new"
            claim._check_state_change(claim.state, old_state="new")
        claims._on_created()
        return claims

    def write(self, vals):
        if not vals.keys().isdisjoint(("stage_id", "state", "active")):
            # a cancelled claim claims nothing: forget source lines kept
            forget_source_lines(self.env)
        self._check_write_values(vals)
        vals = self._prepare_write_vals(vals)
        moving = self.browse()
        if "stage_id" in vals:
            moving = self.filtered(lambda c: c.stage_id.id != vals["stage_id"])
        old_stages = {claim.id: claim.stage_id for claim in moving}
        old_descriptions = (
            {claim.id: claim.description for claim in self}
            if "description" in vals
            else {}
        )
        res = super().write(vals)
        if moving:
            moving._on_stage_moved(old_stages)
        if "claim_type_id" in vals:
            self._on_type_changed()
        if old_descriptions:
            self._log_description_changes(old_descriptions)
        return res

    # Hooks of create and write --------------------------------------------

    @api.model
    def _check_create_values(self, vals_list):
        """Refuse values a caller may not give a new claim (extended by the
        concern files). Fields the workflow owns are never given by users."""
        if is_workflow(self.env):
            return
        owned = self._workflow_owned_fields() - USER_SET_AT_CREATE
        for vals in vals_list:
            self._refuse_owned_fields(owned.intersection(vals))

    @api.model
    def _prepare_create_vals(self, vals):
        """Values of a new claim, completed after the checks (extended by the
        concern files). The intake service fills the documents, customer and
        company from the claim's document, whatever the channel; the lines
        given as ``line_ids`` commands are completed from those documents
        when claim.line creates them (``claim.source._complete_claim_lines``),
        like lines added later."""
        # the intake service reads the documents as superuser: only callers
        # who may create claims get that far
        self.check_access("create")
        return self.env["claim.source"]._complete_claim_vals(vals)

    def _check_write_values(self, vals):
        """Refuse what a caller may not change, whatever client or context it
        uses: fields the workflow owns, what the decision froze, state moves
        the transition table does not allow (extended by the concern files)."""
        if "stage_id" in vals:
            new_state = self.env["claim.stage"].browse(vals["stage_id"]).state
            self.filtered(lambda c: c.state != new_state)._check_state_change(new_state)
        if is_workflow(self.env):
            return
        self._refuse_owned_fields(self._workflow_owned_fields().intersection(vals))
        if "requested_remedy" in vals:
            closed = self.filtered(
                lambda c: (
                    c.state not in OPEN_STATES
                    and c.requested_remedy != (vals["requested_remedy"] or False)
                )
            )
            if closed:
                raise UserError(
                    self.env._(
                        "The remedy requested on claim %(name)s can only change "
                        "while the claim is open.",
                        name=closed[0].name,
                    )
                )
        frozen = LOCKED_CLAIM_FIELDS.intersection(vals)
        if frozen:
            changed = self.filtered(
                lambda c: any(c._value_differs(name, vals[name]) for name in frozen)
            )
            changed._check_lines_editable()

    def _prepare_write_vals(self, vals):
        """Values to write, completed by the concern files (e.g. the date a
        flag was set). Called after the checks."""
        return vals

    def _on_created(self):
        """What follows the creation of claims (extended by concern files)."""
        if self.env.context.get(TYPE_FIELDS_LATER_KEY) is not WORKFLOW:
            # after the intake service completed the lines (lots)
            self._check_type_fields()
        self._stamp_state_dates()
        self._subscribe_type_followers()
        self._auto_accept()

    def _on_stage_moved(self, old_stages):
        """What follows a stage change; ``old_stages``: {claim id: stage}."""
        self._stamp_state_dates()
        reason = (self.env.context.get("claim_state_reason") or "").strip()
        for claim in self:
            old_stage = old_stages[claim.id]
            kind = transition_kind(old_stage.state, claim.state)
            if kind == "reopen":
                what = self.env._(
                    "Decision reopened from stage “%(stage)s”.", stage=old_stage.name
                )
            elif kind == "back":
                what = self.env._(
                    "Moved back from stage “%(stage)s”.", stage=old_stage.name
                )
            else:
                continue
            claim._log_reason(what, reason)
        # the goods of a cancelled claim count again: another claim may have
        # claimed them in the meantime
        revived = self.filtered(
            lambda c: old_stages[c.id].state == "cancelled" and c.state != "cancelled"
        )
        self.env["claim.source"]._check_claim_lines(revived.line_ids)

    def _on_type_changed(self):
        self._subscribe_type_followers()

    def _log_description_changes(self, old_descriptions):
        """The description is HTML, which mail tracking does not keep: the
        previous text is logged instead (audit trail)."""
        for claim in self:
            old = old_descriptions[claim.id]
            if (old or "") == (claim.description or "") or is_html_empty(old):
                continue
            claim._message_log(
                body=Markup("<p>%s</p><blockquote>%s</blockquote>")
                % (self.env._("Description changed. It was:"), old)
            )

    # Frozen fields ---------------------------------------------------------

    def _value_differs(self, name, value):
        """Whether writing ``value`` would change field ``name``."""
        self.ensure_one()
        field = self._fields[name]
        current = self[name]
        if field.type == "many2one":
            return current.id != (value or False)
        if field.type == "datetime":
            return current != fields.Datetime.to_datetime(value)
        return current != value

    @api.ondelete(at_uninstall=False)
    def _unlink_only_new_without_documents(self):
        for claim in self:
            if claim.state != "new" or claim._has_documents():
                raise UserError(
                    self.env._(
                        "Claim %(name)s cannot be deleted: only new claims without "
                        "linked documents can be. Archive it instead.",
                        name=claim.name,
                    )
                )

    @api.constrains(
        "invoice_id", "picking_id", "sale_order_id", "partner_id", "company_id"
    )
    def _check_documents(self):
        for claim in self:
            invoice, picking, order = (
                claim.invoice_id,
                claim.picking_id,
                claim.sale_order_id,
            )
            self.env["claim.source"]._check_claimable(invoice, picking, order)
            problems = []
            for document in (invoice, picking, order):
                if not document:
                    continue
                customer = self.env["claim.source"]._document_customer(document)
                if (
                    customer.commercial_partner_id != claim.commercial_partner_id
                    or document.company_id != claim.company_id
                ):
                    problems.append(
                        self.env._(
                            "%(doc)s belongs to another customer or company.",
                            doc=document.display_name,
                        )
                    )
            if problems:
                raise ValidationError("\n".join(problems))

    def _has_documents(self):
        self.ensure_one()
        return bool(self.invoice_id or self.picking_id or self.sale_order_id)

    def _stamp_state_dates(self):
        now = fields.Datetime.now()
        for state, date_field in STATE_DATE_FIELDS.items():
            to_stamp = self.filtered(
                lambda c, s=state, f=date_field: c.state == s and not c[f]
            )
            if not to_stamp:
                continue
            vals = {date_field: now}
            if state == "decided":
                vals["decided_by_id"] = self.env.user.id
            to_stamp._workflow().write(vals)

    def _subscribe_type_followers(self):
        for claim in self:
            users = claim.claim_type_id.follower_ids | claim.user_id
            if users:
                claim.message_subscribe(partner_ids=users.partner_id.ids)

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------

    def _check_state_change(self, new_state, old_state=None):
        """The one gate of every state change (see claim_state.TRANSITIONS).

        Buttons, a stage written in the form or dragged in the kanban, a mass
        operation, an import, the API and the resolution documents all end in
        a stage write, which calls this before anything is written.
        ``old_state`` is given for claims created straight into a stage.
        """
        reason = (self.env.context.get("claim_state_reason") or "").strip()
        for claim in self:
            from_state = old_state or claim.state
            kind = transition_kind(from_state, new_state)
            if kind is None:
                raise UserError(
                    self.env._(
                        "Claim %(name)s cannot move from “%(old)s” to “%(new)s”.",
                        name=claim.name,
                        old=claim._state_label(from_state),
                        new=claim._state_label(new_state),
                    )
                )
            if kind == "reopen" and not (reason and claim._is_claim_manager()):
                raise UserError(
                    self.env._(
                        "Claim %(name)s is decided: the decision is final. Only a "
                        "claims manager can reopen it, giving a reason.",
                        name=claim.name,
                    )
                )
            if kind == "back" and not reason:
                raise UserError(
                    self.env._(
                        "Claim %(name)s goes back to “%(new)s”: use Move Back and "
                        "give the reason, it is logged.",
                        name=claim.name,
                        new=claim._state_label(new_state),
                    )
                )
            if kind == "document" and not is_workflow(self.env):
                raise UserError(
                    self.env._(
                        "Claim %(name)s goes back to “%(new)s” only when its "
                        "resolution documents are cancelled.",
                        name=claim.name,
                        new=claim._state_label(new_state),
                    )
                )
            if from_state == "new" and new_state != "cancelled":
                claim._check_type_requirements()
            if new_state == "decided" and kind == "forward":
                claim._check_can_decide()
            if new_state == "resolved" and claim.decision == "rejected":
                raise UserError(
                    self.env._(
                        "Claim %(name)s was rejected: there is nothing to resolve. "
                        "Close it instead.",
                        name=claim.name,
                    )
                )

    def _state_label(self, state):
        return dict(self._fields["state"]._description_selection(self.env)).get(
            state, state
        )

    def _check_can_decide(self):
        # the approval path is checked first (claim_claim_approval.py)
        for claim in self:
            if not claim.line_ids:
                raise UserError(
                    self.env._(
                        "Claim %(name)s has no claimed products to decide on.",
                        name=claim.name,
                    )
                )
            undecided = claim.line_ids.filtered(lambda line: not line.decision)
            if undecided:
                raise UserError(
                    self.env._(
                        "Claim %(name)s: give a decision on every line first "
                        "(missing for %(products)s).",
                        name=claim.name,
                        products=", ".join(undecided.mapped("product_id.display_name")),
                    )
                )

    def _check_lines_editable(self):
        locked = self.filtered(lambda c: c.state in LOCKED_STATES)
        if locked:
            raise UserError(
                self.env._(
                    "The decision on claim %(name)s is final: its products, quantities "
                    "and decisions can no longer be changed. A claims manager can "
                    "reopen the decision, giving a reason.",
                    name=locked[0].name,
                )
            )

    def _check_type_requirements(self):
        """Check what the claim type requires before the claim is processed:
        everything, files and lines included."""
        self._check_type_fields(complete=True)

    def _check_type_fields(self, complete=False):
        """The type's required standard fields (claim.type._check_claim_fields)
        on these claims. At creation (``complete`` False) the files and the
        lots are not known yet (attached after, or found on the returned
        goods); ``complete``: before the claim leaves "new"."""
        attachment_counts = {}
        if complete:
            attachment_counts = dict(
                self.env["ir.attachment"]._read_group(
                    [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                    ["res_id"],
                    ["__count"],
                )
            )
        for claim in self:
            lines = claim.line_ids
            given = {
                "description": not is_html_empty(claim.description),
                "purchase_date": bool(claim.purchase_date),
                "requested_remedy": bool(claim.requested_remedy),
            }
            if complete:
                # the lot may be found on the returned goods: asked before
                # the claim leaves "new", like the files
                given["lot"] = bool(lines) and all(line.lot_id for line in lines)
                given["attachment"] = bool(attachment_counts.get(claim.id))
            claim.claim_type_id._check_claim_fields(given, claim_name=claim.name)

    def _properties_text(self):
        """The claim's properties as "label: value; ..." (protocols, exports).
        Reads the stored values and the type's definition, both prefetched."""
        self.ensure_one()
        if not self.claim_type_id.properties_definition:
            return ""
        field = self._fields["properties"]
        parts = []
        # from the prefetched values, not read(): no query per claim
        for prop in field.convert_to_read(self.properties, self):
            value, kind = prop.get("value"), prop.get("type")
            if value in (None, False, "", []):
                continue
            if kind == "boolean":
                value = self.env._("Yes")
            elif kind == "selection":
                value = dict(prop.get("selection") or []).get(value, value)
            elif kind == "tags":
                labels = {tag[0]: tag[1] for tag in prop.get("tags") or []}
                value = ", ".join(labels.get(tag, tag) for tag in value)
            elif kind == "many2one":
                value = value[1]
            elif kind == "many2many":
                value = ", ".join(item[1] for item in value)
            parts.append(f"{prop.get('string') or prop['name']}: {value}")
        return "; ".join(parts)

    def _is_claim_manager(self):
        return self.env.user.has_group("claim_management.group_claim_manager")

    def _move_to_state(self, state):
        """Move the claims to the first stage with the given fixed meaning."""
        for claim in self:
            stage = self._get_stage_for_state(state, claim.claim_type_id)
            if not stage:
                raise UserError(
                    self.env._(
                        "No stage means “%(state)s” for claims of type “%(type)s”. "
                        "Ask a claims manager to configure one.",
                        state=claim._state_label(state),
                        type=claim.claim_type_id.name,
                    )
                )
            if claim.stage_id != stage:
                claim.stage_id = stage
        return True

    def action_start(self):
        return self._move_to_state("in_progress")

    def action_decide(self):
        return self._move_to_state("decided")

    def action_resolve(self):
        return self._move_to_state("resolved")

    def action_close(self):
        return self._move_to_state("closed")

    def action_cancel(self):
        return self._move_to_state("cancelled")

    def action_reset_to_new(self):
        return self._move_to_state("new")

    def action_open_move_back_wizard(self):
        """Back to "new" from assessment: the reason is asked and logged."""
        return self._open_reason_wizard("back", self.env._("Move Back"))

    def _action_move_back(self, reason):
        """Move claims in assessment back to "new", logging the reason."""
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for moving the claim back."))
        self.with_context(claim_state_reason=reason)._move_to_state("new")
        return True

    def _log_reason(self, what, reason):
        self.ensure_one()
        self.message_post(
            body=Markup("<p>%s</p><p>%s</p>")
            % (what, self.env._("Reason: %(reason)s", reason=reason)),
            subtype_xmlid="mail.mt_note",
        )

    def action_accept_all(self):
        self._set_lines_decision("accepted")
        return True

    def action_reject_all(self):
        self._set_lines_decision("rejected")
        return True

    def _set_lines_decision(self, decision):
        for claim in self:
            if claim.state not in EDITABLE_STATES:
                raise UserError(
                    self.env._(
                        "Decisions on claim %(name)s can no longer be changed here.",
                        name=claim.name,
                    )
                )
            claim.line_ids.write({"decision": decision})

    def action_open_reopen_wizard(self):
        if not self._is_claim_manager():
            raise AccessError(
                self.env._("Only a claims manager can reopen a decided claim.")
            )
        return self._open_reason_wizard("reopen", self.env._("Reopen Decision"))

    def _open_reason_wizard(self, mode, name):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "claim.reopen.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_claim_ids": self.ids, "default_mode": mode},
        }

    def _action_reopen(self, reason):
        """Reopen decided claims so that their decision can be changed.

        Managers only; the reason is logged in the chatter of each claim.
        """
        if not self._is_claim_manager():
            raise AccessError(
                self.env._("Only a claims manager can reopen a decided claim.")
            )
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for reopening the decision."))
        not_locked = self.filtered(lambda c: c.state not in LOCKED_STATES)
        if not_locked:
            raise UserError(
                self.env._(
                    "Only decided, resolved or closed claims can be reopened: %(names)s.",
                    names=", ".join(not_locked.mapped("name")),
                )
            )
        self.with_context(claim_state_reason=reason)._move_to_state("in_progress")
        self._workflow().write(
            {
                "date_decided": False,
                "decided_by_id": False,
                "date_resolved": False,
                "date_closed": False,
            }
        )
        return True

    def _auto_accept(self):
        """Accept small claims at once when their type allows it."""
        for claim in self:
            limit = claim.claim_type_id.auto_accept_limit
            if not (
                limit
                and claim.state == "new"
                and claim.line_ids
                and 0 < claim.amount_claimed <= limit
            ):
                continue
            try:
                with self.env.cr.savepoint():
                    claim.action_start()
                    claim.line_ids.write({"decision": "accepted"})
                    claim.action_decide()
            except (UserError, ValidationError):
                # the claim misses something its type requires: handled by hand
                continue
            claim.message_post(
                body=self.env._(
                    "Accepted automatically: the claimed value %(amount)s is within the "
                    "auto-acceptance limit %(limit)s of the type.",
                    amount=claim.amount_claimed,
                    limit=limit,
                ),
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _action_view_claims(self, domain, default_values=None):
        """Claims list (or form for a single claim) used by smart buttons."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "claim_management.claim_claim_action"
        )
        claims = self.search(domain)
        action["domain"] = [("id", "in", claims.ids)]
        action["context"] = {
            f"default_{key}": value for key, value in (default_values or {}).items()
        }
        if len(claims) == 1:
            action.update(views=[(False, "form")], res_id=claims.id, view_mode="form")
        return action

    def action_view_history(self):
        self.ensure_one()
        return self._action_view_claims([("id", "in", self.history_claim_ids.ids)])
