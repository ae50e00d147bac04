from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from ..models.claim_state import OPEN_STATES

# the periods the dashboard offers for its history figures, in days
PERIODS = (30, 90, 365)
DEFAULT_PERIOD = 90


class ClaimDashboard(models.AbstractModel):
    """Numbers of the claims dashboard.

    Every figure is a grouped SQL read over the claims the user may see
    (record rules apply): nothing loops over claims in Python. The cards of
    the workload (open, overdue, due this week) count every open claim; the
    history figures (acceptance rate, days to resolve, top lists, ratings)
    cover a period of ``days`` (30, 90 or 365 days back), so that they stay
    a read of an indexed slice however many years of claims the database
    holds (bench/rates.py measures the whole call at 1,000,000 claims).
    """

    _name = "claim.dashboard"
    _description = "Claims Dashboard"

    @api.model
    @api.readonly
    def get_dashboard_data(self, top=5, weeks=12, days=DEFAULT_PERIOD):
        """Cards, weekly counts and top lists for the dashboard client action.
        Reads only: over /web/dataset/call_kw it runs on a read-only cursor
        (the read replica when one is configured)."""
        Claim = self.env["claim.claim"]
        Claim.check_access("read")
        days = self._period_days(days)
        since = self._period_start(days)
        today = fields.Date.context_today(self)
        month_start = today.replace(day=1)
        open_domain = Domain("state", "in", OPEN_STATES)
        overdue = open_domain & Domain("resolution_deadline", "<", today)
        due_week = (
            open_domain
            & Domain("resolution_deadline", ">=", today)
            & Domain("resolution_deadline", "<=", today + timedelta(days=7))
        )
        this_month = Domain(
            "date_received", ">=", fields.Datetime.to_datetime(month_start)
        )
        [(value_claimed, value_accepted, value_credited)] = Claim._read_group(
            this_month,
            [],
            ["amount_claimed:sum", "amount_accepted:sum", "amount_credited:sum"],
        )
        mean_days, median_days = self._resolution_days(since)
        received = Domain("date_received", ">=", since)
        return {
            "period": {"days": days, "choices": list(PERIODS)},
            "cards": {
                "open": Claim.search_count(open_domain),
                "overdue": Claim.search_count(overdue),
                "due_week": Claim.search_count(due_week),
                "acceptance_rate": self._acceptance_rate(since),
                "mean_days": mean_days,
                "median_days": median_days,
                "value_claimed_month": value_claimed or 0.0,
                "value_accepted_month": value_accepted or 0.0,
                "value_credited_month": value_credited or 0.0,
            },
            "domains": {
                "open": list(open_domain),
                "overdue": list(overdue),
                "due_week": list(due_week),
            },
            "currency_id": self.env.company.currency_id.id,
            "by_week": self._claims_by_week(today, weeks),
            "top_products": self._top_lines("product_id", since, top),
            "top_customers": self._top_claims("commercial_partner_id", received, top),
            "top_packers": self._top_lines("packer_id", since, top),
        }

    @api.model
    def _period_days(self, days):
        """The period asked for, one of PERIODS (a client may send anything)."""
        try:
            days = int(days)
        except (TypeError, ValueError):
            return DEFAULT_PERIOD
        return days if days in PERIODS else DEFAULT_PERIOD

    @api.model
    def _period_start(self, days):
        """The first instant of the period: midnight ``days`` days ago in
        the user's time zone, as the UTC datetime the claims store."""
        start = fields.Date.context_today(self) - timedelta(days=days)
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        midnight = tz.localize(datetime.combine(start, time.min))
        return midnight.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _acceptance_rate(self, since):
        """Decided claims received in the period: accepted in full or in part
        out of all decided."""
        decided = (
            Domain("state", "in", ("decided", "resolved", "closed"))
            & Domain("decision", "!=", False)
            & Domain("date_received", ">=", since)
        )
        counts = dict(
            self.env["claim.claim"]._read_group(decided, ["decision"], ["__count"])
        )
        total = sum(counts.values())
        if not total:
            return False
        accepted = counts.get("accepted", 0) + counts.get("partially_accepted", 0)
        return round(100.0 * accepted / total, 1)

    @api.model
    def _resolution_days(self, since):
        """Mean and median days from receipt to resolution of the claims
        resolved in the period, in one query."""
        query = self.env["claim.claim"]._search([("date_resolved", ">=", since)])
        table = query.table
        days = SQL(
            "EXTRACT(EPOCH FROM %s - %s) / 86400.0",
            SQL.identifier(table, "date_resolved"),
            SQL.identifier(table, "date_received"),
        )
        self.env.cr.execute(
            query.select(
                SQL("AVG(%s)", days),
                SQL("PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY %s)", days),
            )
        )
        mean, median = self.env.cr.fetchone()
        return (
            round(mean, 1) if mean is not None else False,
            round(median, 1) if median is not None else False,
        )

    @api.model
    def _claims_by_week(self, today, weeks):
        start = today - timedelta(weeks=weeks)
        groups = self.env["claim.claim"]._read_group(
            [("date_received", ">=", fields.Datetime.to_datetime(start))],
            ["date_received:week"],
            ["__count"],
        )
        return [
            {"label": week.strftime("%Y-%m-%d"), "count": count}
            for week, count in groups
            if week
        ]

    @api.model
    def _top_lines(self, field, since, limit):
        """The claim lines' values (product, packer) found on the most claims
        received in the period: claims counted once however many lines."""
        # the claims' own search leaves out archived claims (merged
        # duplicates); a path through claim_id would not
        claims = self.env["claim.claim"]._search(Domain("date_received", ">=", since))
        groups = self.env["claim.line"]._read_group(
            Domain(field, "!=", False) & Domain("claim_id", "in", claims),
            [field],
            ["claim_id:count_distinct"],
            order="claim_id:count_distinct desc",
            limit=limit,
        )
        return self._top_rows(groups)

    @api.model
    def _top_claims(self, field, domain, limit):
        groups = self.env["claim.claim"]._read_group(
            Domain(field, "!=", False) & domain,
            [field],
            ["__count"],
            order="__count desc",
            limit=limit,
        )
        return self._top_rows(groups)

    @api.model
    def _top_rows(self, groups):
        return [
            {"id": record.id, "name": record.display_name, "count": count}
            for record, count in groups
        ]
