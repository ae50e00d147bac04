from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Domain

from .claim_rate import RATE_KINDS

# kind: (subject field on claim.rate and here, company threshold, company user)
ALERT_KINDS = {
    "packer": (
        "packer_id",
        "claim_rate_packer_threshold",
        "claim_rate_packer_user_id",
    ),
    "carrier": (
        "carrier_id",
        "claim_rate_carrier_threshold",
        "claim_rate_carrier_user_id",
    ),
    "product": (
        "product_id",
        "claim_rate_product_threshold",
        "claim_rate_product_user_id",
    ),
}
# months checked by the scheduled action: this month and the previous ones,
# whose rates still grow as claims about their deliveries arrive
ALERT_MONTHS = 3


class ClaimRateAlert(models.Model):
    """A month's claim rate above the company's alert threshold.

    Made by the scheduled action ``_cron_check_rate_alerts``, once per
    company, kind, subject and month (a unique index): its activity goes to
    the user the company's settings name for that kind. Users cannot create
    or change alerts.
    """

    _name = "claim.rate.alert"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Claim Rate Alert"
    _order = "month desc, rate desc, id desc"
    _mail_post_access = "read"

    _subject_month_uniq = models.UniqueIndex(
        "(company_id, kind, month, COALESCE(packer_id, 0), "
        "COALESCE(carrier_id, 0), COALESCE(product_id, 0))",
        "There is already an alert for this claim rate and month.",
    )

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, ondelete="cascade"
    )
    month = fields.Date(required=True, readonly=True)
    kind = fields.Selection(RATE_KINDS, required=True, readonly=True)
    packer_id = fields.Many2one(
        "res.users", string="Packed By", readonly=True, ondelete="cascade"
    )
    carrier_id = fields.Many2one("delivery.carrier", readonly=True, ondelete="cascade")
    product_id = fields.Many2one("product.product", readonly=True, ondelete="cascade")
    rate = fields.Float(string="Rate (%)", readonly=True, digits=(16, 2))
    threshold = fields.Float(string="Alert Rate (%)", readonly=True, digits=(16, 2))
    user_id = fields.Many2one("res.users", string="Owner", readonly=True)

    @api.depends("kind", "month", "packer_id", "carrier_id", "product_id")
    def _compute_display_name(self):
        for alert in self:
            subject = alert[ALERT_KINDS[alert.kind][0]] if alert.kind else None
            alert.display_name = self.env._(
                "%(subject)s: claim rate of %(month)s",
                subject=subject.display_name if subject else "",
                month=alert.month.strftime("%Y-%m") if alert.month else "",
            )

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------

    @api.model
    def _cron_check_rate_alerts(self):
        """Refresh the rates (every month: the hourly refresh does not see
        claim lines deleted since), then open an activity for each subject
        above a threshold in one of the last months, once per subject and
        month. Companies are handled one at a time with their row locked: a
        second worker skips them, and existing alerts are never made again."""
        Rate = self.env["claim.rate"]
        companies = self.env["res.company"].search(
            Domain.OR(
                Domain(threshold_field, ">", 0)
                for _subject, threshold_field, _user in ALERT_KINDS.values()
            )
        )
        for company in companies:
            locked = company.try_lock_for_update(allow_referencing=True)
            if not locked:
                continue
            Rate._refresh_company_rates(locked, full=True)
            self._open_company_alerts(locked)
            self.env.flush_all()
            if self.env.context.get("cron_id"):
                # a company done is committed, and its row lock released
                self.env["ir.cron"]._commit_progress(1)

    @api.model
    def _open_company_alerts(self, company):
        today = fields.Date.context_today(self)
        first = today.replace(day=1) - relativedelta(months=ALERT_MONTHS - 1)
        alerts = self.browse()
        for kind, (_subject, threshold_field, user_field) in ALERT_KINDS.items():
            threshold = company[threshold_field]
            if not threshold:
                continue
            owner = company[user_field] or self._default_alert_owner(company)
            if not owner:
                continue
            alerts |= self._open_alerts(company, kind, first, threshold, owner)
        return alerts

    @api.model
    def _default_alert_owner(self, company):
        """The company's first active claims administrator (lowest id)."""
        return self.env["res.users"].search(
            [
                (
                    "all_group_ids",
                    "in",
                    self.env.ref("claim_management.group_claim_manager").ids,
                ),
                ("company_ids", "in", company.ids),
                ("share", "=", False),
                ("id", "!=", self.env.ref("base.user_root").id),
            ],
            order="id",
            limit=1,
        )

    @api.model
    def _open_alerts(self, company, kind, first_month, threshold, owner):
        subject = ALERT_KINDS[kind][0]
        groups = self.env["claim.rate"]._read_group(
            Domain("company_id", "=", company.id)
            & Domain("kind", "=", kind)
            & Domain("month", ">=", first_month)
            & Domain(subject, "!=", False),
            [subject, "month:month"],
            ["rate:sum"],
        )
        above = [
            (record, month, rate)
            for record, month, rate in groups
            if rate and rate > threshold
        ]
        if not above:
            return self.browse()
        existing = {
            (alert[subject].id, alert.month)
            for alert in self.search(
                [
                    ("company_id", "=", company.id),
                    ("kind", "=", kind),
                    ("month", ">=", first_month),
                ]
            )
        }
        values = [
            {
                "company_id": company.id,
                "kind": kind,
                "month": month,
                subject: record.id,
                "rate": rate,
                "threshold": threshold,
                "user_id": owner.id,
            }
            for record, month, rate in above
            if (record.id, month) not in existing
        ]
        alerts = self.create(values)
        for alert in alerts:
            alert._schedule_owner_activity()
        return alerts

    def _schedule_owner_activity(self):
        self.ensure_one()
        kind_label = dict(self._fields["kind"]._description_selection(self.env))[
            self.kind
        ]
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._(
                "Claim rate %(rate)s %% above %(threshold)s %%",
                rate=self.rate,
                threshold=self.threshold,
            ),
            note=self.env._(
                "%(kind)s %(subject)s: %(rate)s %% of what was delivered in "
                "%(month)s was claimed (alert above %(threshold)s %%).",
                kind=kind_label,
                subject=self[ALERT_KINDS[self.kind][0]].display_name,
                rate=self.rate,
                month=self.month.strftime("%Y-%m"),
                threshold=self.threshold,
            ),
            user_id=self.user_id.id,
        )
