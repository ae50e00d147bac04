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
    def _history(self, company, days, top, weeks):
        history = super()._history(company, days, top, weeks)
        history["rates"] = self._rates_data(top, company)
        return history

    @api.model
    def _filter_stored(self, history):
        history = super()._filter_stored(history)
        if not self.env["claim.rate"].has_access("read"):
            history["rates"] = False
        return history

    @api.model
    def _rates_data(self, limit, company=None):
        """{"month", "previous_month", "kinds": [{kind, total, rows}]}, or
        False for users who may not read the rates. ``company``: see
        ``_history``."""
        Rate = self.env["claim.rate"]
        if not Rate.has_access("read"):
            return False
        scope = self._scope(company)
        month = fields.Date.context_today(self).replace(day=1)
        previous = month - relativedelta(months=1)
        kinds = []
        for kind, subject in RATE_SUBJECTS.items():
            domain = scope & Domain("kind", "=", kind)
            totals = dict(
                Rate._read_group(
                    domain & Domain("month", "in", [month, previous]),
                    ["month:month"],
                    ["rate:sum"],
                )
            )
            # the top of this month in SQL, then their previous month
            top = Rate._read_group(
                domain & Domain("month", "=", month) & Domain(subject, "!=", False),
                [subject],
                ["rate:sum"],
                order="rate:sum desc nulls last",
                limit=limit,
            )
            before = dict(
                Rate._read_group(
                    domain
                    & Domain("month", "=", previous)
                    & Domain(subject, "in", [record.id for record, _rate in top]),
                    [subject],
                    ["rate:sum"],
                )
            )
            ranked = sorted(
                (item for item in top if item[1] is not None),
                key=lambda item: (-item[1], item[0].id),
            )
            kinds.append(
                {
                    "kind": kind,
                    "total": self._rate_trend(totals.get(month), totals.get(previous)),
                    "rows": [
                        {
                            "model": record._name,
                            "id": record.id,
                            **self._rate_trend(rate, before.get(record)),
                        }
                        for record, rate in ranked
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
