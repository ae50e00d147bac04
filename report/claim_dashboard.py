from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from ..models.claim_state import OPEN_STATES


class ClaimDashboard(models.AbstractModel):
    """Numbers of the claims dashboard.

    Every figure is a grouped SQL read over the claims the user may see
    (record rules apply): nothing loops over claims in Python.
    """

    _name = "claim.dashboard"
    _description = "Claims Dashboard"

    @api.model
    @api.readonly
    def get_dashboard_data(self, top=5, weeks=12):
        """Cards, weekly counts and top lists for the dashboard client action.
        Reads only: over /web/dataset/call_kw it runs on a read-only cursor
        (the read replica when one is configured)."""
        Claim = self.env["claim.claim"]
        Claim.check_access("read")
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
        mean_days, median_days = self._resolution_days()
        return {
            "cards": {
                "open": Claim.search_count(open_domain),
                "overdue": Claim.search_count(overdue),
                "due_week": Claim.search_count(due_week),
                "acceptance_rate": self._acceptance_rate(),
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
            "top_products": self._top("product_id", top),
            "top_customers": self._top("commercial_partner_id", top),
            "top_packers": self._top("packer_id", top),
        }

    @api.model
    def _acceptance_rate(self):
        decided = Domain("state", "in", ("decided", "resolved", "closed")) & Domain(
            "decision", "!=", False
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
    def _resolution_days(self):
        """Mean and median days from receipt to resolution, in one query."""
        query = self.env["claim.claim"]._search([("date_resolved", "!=", False)])
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
    def _top(self, field, limit):
        groups = self.env["claim.analysis"]._read_group(
            [(field, "!=", False)],
            [field],
            ["claim_count:count_distinct"],
            order="claim_count:count_distinct desc",
            limit=limit,
        )
        return [
            {"id": record.id, "name": record.display_name, "count": count}
            for record, count in groups
        ]
