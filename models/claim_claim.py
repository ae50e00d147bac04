import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import is_html_empty

from .claim_stage import CLAIM_STATES

# Which fixed states a claim may move to from each state. Moving back from a
# final (locked) state is a separate path: a manager reopening with a reason.
STATE_TRANSITIONS = {
    "new": {"in_progress", "cancelled"},
    "in_progress": {"new", "decided", "cancelled"},
    "decided": {"resolved", "closed"},
    "resolved": {"closed"},
    "closed": set(),
    "cancelled": {"new"},
}
# States in which the decision is final: operators can no longer change it.
LOCKED_STATES = ("decided", "resolved", "closed")
# Date field stamped when a claim enters a state.
STATE_DATE_FIELDS = {
    "decided": "date_decided",
    "resolved": "date_resolved",
    "closed": "date_closed",
}

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
    ]
    _order = "date_received desc, id desc"
    _check_company_auto = True
    _track_duration_field = "stage_id"
    _rec_names_search = ["name", "partner_id", "source_document"]

    # Indexes matching the default order and filters of the views (bench/):
    # open claims by date (list) and by stage (kanban columns and counts), and
    # covering indexes for the analysis grouped by stage and by type and month.
    # "active IS TRUE" is how the ORM writes the archive filter.
    _open_received_idx = models.Index(
        "(company_id, date_received DESC, id DESC) WHERE active IS TRUE "
        "AND state IN ('new', 'in_progress', 'decided')"
    )
    _open_stage_idx = models.Index(
        "(stage_id, date_received DESC, id DESC) INCLUDE (company_id) "
        "WHERE active IS TRUE AND state IN ('new', 'in_progress', 'decided')"
    )
    # open claims reached through a subquery on their ids (searches by the
    # lines' product or lot, tags, followers): the probe skips closed claims
    # without reading them
    _open_id_idx = models.Index(
        "(id) WHERE active IS TRUE AND state IN ('new', 'in_progress', 'decided')"
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
        [("0", "Normal"), ("1", "Medium"), ("2", "High"), ("3", "Urgent")],
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
    date_resolved = fields.Datetime(string="Resolved On", readonly=True, copy=False)
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False)
    decided_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    description = fields.Html(help="The problem, as the customer describes it.")
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
        domain="[('picking_type_code', '=', 'outgoing'), ('state', '=', 'done')]",
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
        string="Cost Value",
        compute="_compute_amounts",
        store=True,
        currency_field="currency_id",
        help="Product cost of the claimed goods when the claim was registered.",
    )
    approval_required = fields.Boolean(
        compute="_compute_approval_required",
        store=True,
        help="The claimed value exceeds the approval limit of the type: a claims "
        "manager must approve the claim before its decision.",
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_approved = fields.Datetime(string="Approved On", readonly=True, copy=False)
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

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("claim_type_id")
    def _compute_stage_id(self):
        for claim in self:
            if claim.stage_id and claim.stage_id._applies_to_type(claim.claim_type_id):
                continue
            claim.stage_id = self._get_stage_for_state("new", claim.claim_type_id)

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
        is_manager = self.env.user.has_group("claim_management.group_claim_manager")
        for claim in self:
            state = claim.state
            claim.can_start = state == "new"
            claim.can_decide = state == "in_progress"
            claim.can_resolve = state == "decided" and claim.decision != "rejected"
            claim.can_close = state in ("decided", "resolved")
            claim.can_cancel = state in ("new", "in_progress")
            claim.can_reset = state == "cancelled"
            claim.can_reopen = is_manager and state in LOCKED_STATES

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
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
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
        claims._stamp_state_dates()
        claims._subscribe_type_followers()
        claims._auto_accept()
        return claims

    def write(self, vals):
        revived = self.browse()
        if "stage_id" in vals:
            new_stage = self.env["claim.stage"].browse(vals["stage_id"])
            moving = self.filtered(lambda c: c.state != new_stage.state)
            moving._check_state_change(new_stage.state)
            revived = moving.filtered(lambda c: c.state == "cancelled")
        res = super().write(vals)
        if "stage_id" in vals:
            self._stamp_state_dates()
            # the goods of a cancelled claim count again: another claim may
            # have claimed them in the meantime
            self.env["claim.source"]._check_claim_lines(revived.line_ids)
        if "claim_type_id" in vals:
            self._subscribe_type_followers()
        return res

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
            problems = []
            if invoice and (
                invoice.move_type != "out_invoice" or invoice.state != "posted"
            ):
                problems.append(
                    self.env._(
                        "%(doc)s is not a posted customer invoice.", doc=invoice.name
                    )
                )
            if picking and (
                picking.picking_type_code != "outgoing" or picking.state != "done"
            ):
                problems.append(
                    self.env._("%(doc)s is not a done delivery.", doc=picking.name)
                )
            if order and order.state != "sale":
                problems.append(
                    self.env._(
                        "%(doc)s is not a confirmed sales order.", doc=order.name
                    )
                )
            for document in (invoice, picking, order):
                if not document:
                    continue
                if (
                    document.partner_id.commercial_partner_id
                    != claim.commercial_partner_id
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
            to_stamp.write(vals)

    def _subscribe_type_followers(self):
        for claim in self:
            users = claim.claim_type_id.follower_ids | claim.user_id
            if users:
                claim.message_subscribe(partner_ids=users.partner_id.ids)

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------

    def _check_state_change(self, new_state):
        """Refuse any stage move that the claim workflow does not allow.

        Used both by the buttons and by a stage change in the kanban view,
        so the same rules apply however the claim is moved.
        """
        reopening = self.env.context.get("claim_reopen_reason")
        for claim in self:
            old_state = claim.state
            if old_state in LOCKED_STATES and new_state in ("new", "in_progress"):
                if not reopening or not claim._is_claim_manager():
                    raise UserError(
                        self.env._(
                            "Claim %(name)s is decided: the decision is final. Only a "
                            "claims manager can reopen it, giving a reason.",
                            name=claim.name,
                        )
                    )
                continue
            if (old_state, new_state) == ("resolved", "decided") and (
                self.env.context.get("claim_document_reopen")
            ):
                # a resolution document was cancelled: the claim follows it
                continue
            if new_state not in STATE_TRANSITIONS.get(old_state, ()):
                raise UserError(
                    self.env._(
                        "Claim %(name)s cannot move from “%(old)s” to “%(new)s”.",
                        name=claim.name,
                        old=dict(CLAIM_STATES)[old_state],
                        new=dict(CLAIM_STATES)[new_state],
                    )
                )
            if old_state == "new" and new_state != "cancelled":
                claim._check_type_requirements()
            if new_state == "decided":
                claim._check_can_decide()
            if new_state == "resolved" and claim.decision == "rejected":
                raise UserError(
                    self.env._(
                        "Claim %(name)s was rejected: there is nothing to resolve. "
                        "Close it instead.",
                        name=claim.name,
                    )
                )

    def _check_can_decide(self):
        for claim in self:
            if claim.approval_required and not claim.approved_by_id:
                raise UserError(
                    self.env._(
                        "Claim %(name)s is worth %(amount)s, above the approval limit of "
                        "its type: a claims manager must approve it before the decision.",
                        name=claim.name,
                        amount=claim.amount_claimed,
                    )
                )
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
        """Check what the claim type requires before the claim is processed."""
        attachment_counts = dict(
            self.env["ir.attachment"]._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                ["res_id"],
                ["__count"],
            )
        )
        for claim in self:
            claim_type = claim.claim_type_id
            missing = []
            if claim_type.require_description and is_html_empty(claim.description):
                missing.append(self.env._("a description of the problem"))
            if claim_type.require_lot:
                without_lot = claim.line_ids.filtered(lambda line: not line.lot_id)
                if without_lot or not claim.line_ids:
                    missing.append(
                        self.env._("the lot or serial number of every product")
                    )
            if claim_type.require_attachment and not attachment_counts.get(claim.id):
                missing.append(self.env._("at least one attachment"))
            if missing:
                raise ValidationError(
                    self.env._(
                        "Claims of type “%(type)s” need %(missing)s (claim %(name)s).",
                        type=claim_type.name,
                        missing=", ".join(missing),
                        name=claim.name,
                    )
                )

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
                        state=dict(CLAIM_STATES)[state],
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

    def action_accept_all(self):
        self._set_lines_decision("accepted")
        return True

    def action_reject_all(self):
        self._set_lines_decision("rejected")
        return True

    def _set_lines_decision(self, decision):
        for claim in self:
            if claim.state not in ("new", "in_progress"):
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
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reopen Decision"),
            "res_model": "claim.reopen.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_claim_ids": self.ids},
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
        for claim in self:
            previous = claim.stage_id.name
            claim.with_context(claim_reopen_reason=reason)._move_to_state("in_progress")
            claim.write(
                {
                    "date_decided": False,
                    "decided_by_id": False,
                    "date_resolved": False,
                    "date_closed": False,
                }
            )
            claim.message_post(
                body=Markup("<p>%s</p><p>%s</p>")
                % (
                    self.env._(
                        "Decision reopened from stage “%(stage)s”.", stage=previous
                    ),
                    self.env._("Reason: %(reason)s", reason=reason),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_approve(self):
        if not self._is_claim_manager():
            raise AccessError(self.env._("Only a claims manager can approve a claim."))
        for claim in self:
            if not claim.approval_required or claim.approved_by_id:
                continue
            claim.write(
                {
                    "approved_by_id": self.env.user.id,
                    "date_approved": fields.Datetime.now(),
                }
            )
            claim.message_post(
                body=self.env._(
                    "Claim value %(amount)s approved.", amount=claim.amount_claimed
                ),
                subtype_xmlid="mail.mt_note",
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
