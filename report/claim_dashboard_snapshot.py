import logging

import pytz

from odoo import api, fields, models

from .claim_dashboard import DEFAULT_TOP, DEFAULT_WEEKS, PERIODS

_logger = logging.getLogger(__name__)


class ClaimDashboardSnapshot(models.Model):
    """The dashboard's history figures of one company, period and time zone,
    as the scheduled action last computed them (see claim.dashboard).

    The figures are those of ``claim.dashboard._history`` over every claim
    of the company; they are shown to the users who would see the same live
    (operators and managers of that company, in that time zone, on that
    day), with the time they were computed. Written only by the scheduled
    action."""

    _name = "claim.dashboard.snapshot"
    _description = "Claims Dashboard Snapshot"
    _order = "company_id, days"

    _company_days_tz_uniq = models.UniqueIndex("(company_id, days, tz)")

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, ondelete="cascade"
    )
    days = fields.Integer(required=True, readonly=True)
    tz = fields.Char(
        string="Time Zone",
        required=True,
        readonly=True,
        help="The time zone the period's days and weeks were counted in.",
    )
    date = fields.Date(
        required=True,
        readonly=True,
        help="The day, in that time zone, the figures are of.",
    )
    computed_at = fields.Datetime(required=True, readonly=True)
    data = fields.Json(readonly=True)

    @api.model
    def _cron_refresh(self):
        """Compute the figures of every period for each company, in each
        time zone its claims staff work in; a company at a time, committed
        as it goes. The scheduled action runs one at a time (Odoo locks its
        job), so no two runs compute the same rows."""
        companies = self.env["res.company"].search([("active", "=", True)])
        for company in companies:
            self._refresh_company(company)
            if self.env.context.get("cron_id"):
                self.env["ir.cron"]._commit_progress(1)

    @api.model
    def _refresh_company(self, company):
        # sudo: computed as superuser for every claim of the company
        # (claim.dashboard._history scopes each read to the company); read
        # back only by users who see all of them
        snapshots = self.sudo()
        started = fields.Datetime.now()
        values = []
        for tz in self._staff_time_zones(company):
            dashboard = (
                self.env["claim.dashboard"]
                .sudo()
                .with_company(company)
                .with_context(tz=tz, allowed_company_ids=company.ids)
            )
            for days in PERIODS:
                values.append(
                    {
                        "company_id": company.id,
                        "days": days,
                        "tz": tz,
                        "date": fields.Date.context_today(dashboard),
                        "computed_at": started,
                        "data": dashboard._history(
                            company, days, DEFAULT_TOP, DEFAULT_WEEKS
                        ),
                    }
                )
        snapshots.search([("company_id", "=", company.id)]).unlink()
        snapshots.create(values)
        _logger.debug("Claims dashboard of %s computed", company.name)

    @api.model
    def _staff_time_zones(self, company):
        """The time zones of the company's claims operators and managers
        (usually one), the company's own when they have none."""
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("share", "=", False),
                    ("company_ids", "in", company.id),
                    (
                        "all_group_ids",
                        "in",
                        self.env.ref("claim_management.group_claim_operator").id,
                    ),
                ]
            )
        )
        valid = pytz.all_timezones_set
        zones = {user.tz if user.tz in valid else "UTC" for user in users}
        return sorted(zones) or [company.partner_id.tz or "UTC"]
