from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Domain

# kind of claim.rate: its subject field
RATE_SUBJECTS = {
    "packer": "packer_id",
    "carrier": "carrier_id",
    "product": "product_id",
}


class ClaimDashboard(models.AbstractModel):
    """The claim rates block of the dashboard: this month's rate per packer,
    carrier and product beside the previous month's, from the monthly rates
    table (models/claim_rate.py): a few grouped reads of a small table."""

    _inherit = "claim.dashboard"

    @api.model
    @api.readonly
    def get_dashboard_data(self, top=5, weeks=12):
        data = super().get_dashboard_data(top=top, weeks=weeks)
        data["rates"] = self._rates_data(top)
        return data

    @api.model
    def _rates_data(self, limit):
        """{"month", "previous_month", "kinds": [{kind, total, rows}]}, or
        False for users who may not read the rates."""
        Rate = self.env["claim.rate"]
        if not Rate.has_access("read"):
            return False
        month = fields.Date.context_today(self).replace(day=1)
        previous = month - relativedelta(months=1)
        kinds = []
        for kind, subject in RATE_SUBJECTS.items():
            domain = Domain("kind", "=", kind) & Domain(
                "month", "in", [month, previous]
            )
            totals = dict(Rate._read_group(domain, ["month:month"], ["rate:sum"]))
            rates = {}
            for record, group_month, rate in Rate._read_group(
                domain & Domain(subject, "!=", False),
                [subject, "month:month"],
                ["rate:sum"],
            ):
                rates.setdefault(record, {})[group_month] = rate
            ranked = sorted(
                (
                    (record, by_month)
                    for record, by_month in rates.items()
                    if by_month.get(month) is not None
                ),
                key=lambda item: (-item[1][month], item[0].id),
            )[:limit]
            kinds.append(
                {
                    "kind": kind,
                    "total": self._rate_trend(totals.get(month), totals.get(previous)),
                    "rows": [
                        {
                            "id": record.id,
                            "name": record.display_name,
                            **self._rate_trend(by_month[month], by_month.get(previous)),
                        }
                        for record, by_month in ranked
                    ],
                }
            )
        return {
            "month": fields.Date.to_string(month),
            "previous_month": fields.Date.to_string(previous),
            "kinds": kinds,
        }

    @api.model
    def _rate_trend(self, rate, previous):
        """A rate beside the previous month's and the way it went."""
        trend = False
        if rate is not None and previous is not None:
            trend = "up" if rate > previous else "down" if rate < previous else "flat"
        return {
            "rate": rate if rate is not None else False,
            "previous_rate": previous if previous is not None else False,
            "trend": trend,
        }
