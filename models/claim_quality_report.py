from datetime import datetime, time

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from .claim_state import is_workflow

# The 8D report's lifecycle: the only moves its actions may make.
QUALITY_STATES = [("draft", "Draft"), ("open", "Open"), ("closed", "Closed")]
QUALITY_TRANSITIONS = {
    "draft": {"open"},
    "open": {"closed"},
    "closed": {"open"},
}
# Activity types of ours (data/claim_quality_data.xml): the corrective (D5)
# and preventive (D7) actions of a report.
ACTION_TYPES = {
    "corrective": "claim_management.mail_activity_type_8d_corrective",
    "preventive": "claim_management.mail_activity_type_8d_preventive",
}


class ClaimQualityReport(models.Model):
    """An 8D report: one quality problem worked through the eight disciplines,
    opened from claim lines, products, lots or a vendor."""

    _name = "claim.quality.report"
    _inherit = ["mail.thread", "mail.activity.mixin", "claim.workflow.mixin"]
    _description = "8D Quality Report"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number",
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    title = fields.Char(string="Problem", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    state = fields.Selection(
        QUALITY_STATES,
        string="Status",
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Draft: being written. Open: the team works on it. Closed: the actions "
        "are verified and the report is locked; a claims manager closes and "
        "reopens it.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Team Leader",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    # D1
    team_ids = fields.Many2many(
        "res.users",
        "claim_quality_report_team_rel",
        "report_id",
        "user_id",
        domain="[('share', '=', False)]",
    )
    # What the problem is about
    claim_line_ids = fields.Many2many(
        "claim.line",
        "claim_quality_report_line_rel",
        "report_id",
        "line_id",
        string="Claimed Products",
        check_company=True,
    )
    claim_ids = fields.Many2many(
        "claim.claim", string="Claims", compute="_compute_claim_ids"
    )
    claim_count = fields.Integer(compute="_compute_claim_ids")
    product_ids = fields.Many2many(
        "product.product",
        "claim_quality_report_product_rel",
        "report_id",
        "product_id",
        string="Products",
        check_company=True,
    )
    lot_ids = fields.Many2many(
        "stock.lot",
        "claim_quality_report_lot_rel",
        "report_id",
        "lot_id",
        string="Lots/Serial Numbers",
        check_company=True,
    )
    vendor_id = fields.Many2one(
        "res.partner", index="btree_not_null", check_company=True
    )
    # D2 - D4
    problem_description = fields.Html()
    containment = fields.Html(string="Containment Actions")
    root_cause_id = fields.Many2one(
        "claim.root.cause", index="btree_not_null", tracking=True
    )
    why_1 = fields.Char()
    why_2 = fields.Char()
    why_3 = fields.Char()
    why_4 = fields.Char()
    why_5 = fields.Char()
    root_cause_analysis = fields.Html()
    # D5 - D8
    corrective_action = fields.Html(string="Corrective Actions")
    implementation = fields.Html(string="Implementation and Verification")
    date_implemented = fields.Date(
        string="Implemented On",
        tracking=True,
        help="When the corrective actions took effect: the effectiveness check "
        "compares the claims after this date with as many days before it.",
    )
    preventive_action = fields.Html(string="Preventive Actions")
    closure = fields.Html(string="Closure and Recognition")
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False)
    closed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    corrective_activity_ids = fields.Many2many(
        "mail.activity",
        string="Corrective Action List",
        compute="_compute_action_activities",
        context={"active_test": False},
    )
    preventive_activity_ids = fields.Many2many(
        "mail.activity",
        string="Preventive Action List",
        compute="_compute_action_activities",
        context={"active_test": False},
    )
    # Effectiveness check (not stored: it moves with today's date)
    effect_days = fields.Integer(
        string="Days Compared", compute="_compute_effectiveness"
    )
    effect_date_from = fields.Date(
        string="Compared From", compute="_compute_effectiveness"
    )
    effect_count_before = fields.Integer(
        string="Claimed Lines Before", compute="_compute_effectiveness"
    )
    effect_count_after = fields.Integer(
        string="Claimed Lines After", compute="_compute_effectiveness"
    )
    effect_change = fields.Float(
        string="Change (%)",
        compute="_compute_effectiveness",
        help="Claimed lines after the implementation against as many days before "
        "it: negative is fewer claims.",
    )
    can_close = fields.Boolean(compute="_compute_can_close")

    _name_company_uniq = models.Constraint(
        "UNIQUE(name, company_id)", "An 8D report number must be unique per company."
    )

    @api.depends("claim_line_ids")
    def _compute_claim_ids(self):
        for report in self:
            report.claim_ids = report.claim_line_ids.claim_id
            report.claim_count = len(report.claim_ids)

    def _compute_action_activities(self):
        types = {kind: self.env.ref(xmlid) for kind, xmlid in ACTION_TYPES.items()}
        # done actions are archived activities: they stay in the report
        activities = (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "in", [t.id for t in types.values()]),
                ],
                order="date_deadline, id",
            )
        )
        for report in self:
            mine = activities.filtered(lambda a, r=report: a.res_id == r.id)
            report.corrective_activity_ids = mine.filtered(
                lambda a: a.activity_type_id == types["corrective"]
            )
            report.preventive_activity_ids = mine.filtered(
                lambda a: a.activity_type_id == types["preventive"]
            )

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_can_close(self):
        manager = self.env.user.has_group("claim_management.group_claim_manager")
        for report in self:
            report.can_close = manager and report.state == "open"

    @api.depends(
        "date_implemented", "product_ids", "lot_ids", "root_cause_id", "company_id"
    )
    def _compute_effectiveness(self):
        now = fields.Datetime.now()
        for report in self:
            counts = report._effectiveness_counts(now)
            report.effect_days = counts["days"]
            report.effect_date_from = counts["date_from"]
            report.effect_count_before = counts["before"]
            report.effect_count_after = counts["after"]
            report.effect_change = counts["change"]

    def _effectiveness_domain(self):
        """Claim lines the report is about: its products or lots, of its root
        cause (or a sub-cause) when it has one, in its company."""
        self.ensure_one()
        scope = []
        if self.product_ids:
            scope.append(Domain("product_id", "in", self.product_ids.ids))
        if self.lot_ids:
            scope.append(Domain("lot_id", "in", self.lot_ids.ids))
        domain = Domain("company_id", "=", self.company_id.id)
        if scope:
            domain &= Domain.OR(scope)
        if self.root_cause_id:
            domain &= Domain("root_cause_id", "child_of", self.root_cause_id.id)
        elif not scope:
            return None
        return domain

    def _effectiveness_counts(self, now=None):
        """Claimed lines registered from the implementation date until now
        against the same number of days before it: one indexed query."""
        self.ensure_one()
        empty = {"days": 0, "date_from": False, "before": 0, "after": 0, "change": 0.0}
        domain = self._effectiveness_domain()
        if not self.date_implemented or domain is None:
            return empty
        now = now or fields.Datetime.now()
        start = datetime.combine(self.date_implemented, time.min)
        if start >= now:
            return empty
        period = now - start
        since = start - period
        lines = self.env["claim.line"]
        query = lines._search(
            domain
            & Domain("create_date", ">=", since)
            & Domain("create_date", "<", now)
        )
        create_date = lines._field_to_sql(lines._table, "create_date", query)
        self.env.cr.execute(
            query.select(
                SQL("COUNT(*) FILTER (WHERE %s < %s)", create_date, start),
                SQL("COUNT(*) FILTER (WHERE %s >= %s)", create_date, start),
            )
        )
        before, after = self.env.cr.fetchone()
        change = (after - before) * 100.0 / before if before else 0.0
        return {
            "days": period.days,
            "date_from": since.date(),
            "before": before,
            "after": after,
            "change": change,
        }

    def _effectiveness_text(self):
        """The effectiveness check in one sentence (the PDF)."""
        self.ensure_one()
        text = self.env._(
            "claimed lines in the %(days)s days before the implementation: "
            "%(before)s; in the %(days)s days after: %(after)s.",
            days=self.effect_days,
            before=self.effect_count_before,
            after=self.effect_count_after,
        )
        if self.effect_count_before:
            text += " " + self.env._(
                "Change: %(change)s %%.", change=f"{self.effect_change:+.0f}"
            )
        return text

    @api.constrains("claim_line_ids", "company_id")
    def _check_lines_company(self):
        for report in self:
            other = report.claim_line_ids.filtered(
                lambda line, r=report: line.company_id != r.company_id
            )
            if other:
                raise ValidationError(
                    self.env._(
                        "8D report %(report)s belongs to %(company)s: it cannot "
                        "hold claimed products of another company (%(claims)s).",
                        report=report.name,
                        company=report.company_id.name,
                        claims=", ".join(other.claim_id.mapped("name")),
                    )
                )

    # Create, write, lock -------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not is_workflow(self.env):
            owned = self._workflow_owned_fields()
            for vals in vals_list:
                self._refuse_owned_fields(owned.intersection(vals))
        for vals in vals_list:
            # sudo: ir.sequence is readable by administrators only (Odoo 19)
            vals["name"] = self.env["ir.sequence"].sudo().next_by_code(
                "claim.quality.report"
            ) or self.env._("New")
        return super().create(vals_list)

    def write(self, vals):
        if not is_workflow(self.env):
            self._refuse_owned_fields(self._workflow_owned_fields().intersection(vals))
            self._check_not_closed()
        return super().write(vals)

    def _check_not_closed(self):
        closed = self.filtered(lambda r: r.state == "closed")
        if closed:
            raise UserError(
                self.env._(
                    "8D report %(names)s is closed and can no longer be changed. "
                    "A claims manager can reopen it.",
                    names=", ".join(closed.mapped("name")),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft(self):
        if any(report.state != "draft" for report in self):
            raise UserError(self.env._("Only draft 8D reports can be deleted."))

    # Lifecycle -----------------------------------------------------------

    def _move_to_state(self, new_state):
        """The one way a report changes state (QUALITY_TRANSITIONS)."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        for report in self:
            if new_state not in QUALITY_TRANSITIONS[report.state]:
                raise UserError(
                    self.env._(
                        "8D report %(name)s cannot go from %(old)s to %(new)s.",
                        name=report.name,
                        old=labels[report.state],
                        new=labels[new_state],
                    )
                )
        values = {"state": new_state}
        if new_state == "closed":
            values.update(date_closed=fields.Datetime.now(), closed_by_id=self.env.uid)
        else:
            values.update(date_closed=False, closed_by_id=False)
        # sudo: a closed report is locked by a record rule for everyone; only
        # the manager's reopen (checked by the caller) moves it on
        records = self.sudo() if "closed" in self.mapped("state") else self
        records._workflow().write(values)

    def _check_manager(self, message):
        if not self.env.user.has_group("claim_management.group_claim_manager"):
            raise AccessError(message)

    def action_open(self):
        self.check_access("write")
        self._move_to_state("open")
        return True

    def action_close(self):
        self._check_manager(self.env._("Only a claims manager can close an 8D report."))
        self.check_access("write")
        for report in self:
            missing = [
                label
                for label, value in (
                    (self.env._("the root cause (D4)"), report.root_cause_id),
                    (
                        self.env._("the implementation date (D6)"),
                        report.date_implemented,
                    ),
                )
                if not value
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "8D report %(name)s cannot be closed without %(missing)s.",
                        name=report.name,
                        missing=", ".join(missing),
                    )
                )
        self._move_to_state("closed")
        return True

    def action_reopen(self):
        self._check_manager(
            self.env._("Only a claims manager can reopen an 8D report.")
        )
        self.check_access("read")
        self._move_to_state("open")
        return True

    # Actions (D5, D7) ----------------------------------------------------

    def _action_add_activity(self, kind):
        self.ensure_one()
        self._check_not_closed()
        self.check_access("write")
        activity_type = self.env.ref(ACTION_TYPES[kind])
        return {
            "type": "ir.actions.act_window",
            "name": activity_type.name,
            "res_model": "mail.activity",
            "view_mode": "form",
            "views": [[self.env.ref("mail.mail_activity_view_form_popup").id, "form"]],
            "target": "new",
            "context": {
                "default_res_model_id": self.env["ir.model"]._get_id(self._name),
                "default_res_id": self.id,
                "default_activity_type_id": activity_type.id,
                "default_user_id": self.user_id.id or self.env.uid,
            },
        }

    def action_add_corrective_action(self):
        return self._action_add_activity("corrective")

    def action_add_preventive_action(self):
        return self._action_add_activity("preventive")

    def _schedule_action(self, kind, summary, user, date_deadline, note=""):
        """Schedule a corrective or preventive action (an activity of ours)."""
        self.ensure_one()
        self._check_not_closed()
        return self.activity_schedule(
            ACTION_TYPES[kind],
            date_deadline=date_deadline,
            summary=summary,
            note=note,
            user_id=user.id,
        )

    # Opening ------------------------------------------------------------

    @api.model
    def _action_create_from_lines(self, lines):
        """A new draft report on claim lines (of one company), opened in its form."""
        if not lines:
            raise UserError(self.env._("Select the claimed products of the 8D report."))
        lines.check_access("read")
        if len(lines.company_id) > 1:
            raise UserError(
                self.env._(
                    "The claimed products of one 8D report must belong to one company."
                )
            )
        products = lines.product_id
        report = self.with_company(lines.company_id).create(
            {
                "title": self.env._(
                    "Claims on %(products)s",
                    products=", ".join(products.mapped("display_name")),
                ),
                "company_id": lines.company_id.id,
                "claim_line_ids": [fields.Command.set(lines.ids)],
                "product_ids": [fields.Command.set(products.ids)],
                "lot_ids": [fields.Command.set(lines.lot_id.ids)],
                "root_cause_id": lines.root_cause_id.id
                if len(lines.root_cause_id) == 1
                else False,
                "team_ids": [fields.Command.set(self.env.user.ids)],
                "problem_description": Markup("<ul>%s</ul>")
                % Markup("").join(
                    Markup("<li>%s: %s %s</li>")
                    % (
                        line.claim_id.name,
                        line._quantity_text(),
                        line.product_id.display_name,
                    )
                    for line in lines
                ),
            }
        )
        return report._action_open_form()

    def _action_open_form(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [[False, "form"]],
            "target": "current",
        }

    def action_view_claims(self):
        self.ensure_one()
        name = self.env._("Claims")
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "claim.claim",
            "view_mode": "list,form",
            "domain": [("id", "in", self.claim_ids.ids)],
        }
