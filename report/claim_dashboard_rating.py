from odoo import api, models
from odoo.fields import Domain

from .claim_dashboard import DEFAULT_PERIOD


class ClaimDashboard(models.AbstractModel):
    """Customer satisfaction on the dashboard: the average rating of the
    claims customers rated, the low ratings, and the ratings per responsible
    and per claim type (claim.claim._rating_groupings: claim teams add theirs
    there). Grouped SQL reads over the claims the user may see."""

    _inherit = "claim.dashboard"

    @api.model
    @api.readonly
    def get_dashboard_data(self, top=5, weeks=12, days=DEFAULT_PERIOD):
        data = super().get_dashboard_data(top=top, weeks=weeks, days=days)
        # the period the base method settled on (a client may send anything)
        since = self._period_start(data["period"]["days"])
        data["ratings"] = self._rating_data(top, since)
        return data

    @api.model
    def _rating_data(self, limit, since=None):
        """Ratings of the claims received since ``since`` (all when None)."""
        Claim = self.env["claim.claim"]
        rated = Domain("rating_last_value", ">", 0)
        if since:
            rated &= Domain("date_received", ">=", since)
        [(average, count)] = Claim._read_group(
            rated, [], ["rating_last_value:avg", "__count"]
        )
        threshold = self.env.company.claim_rating_low_threshold
        low = rated & Domain("rating_last_value", "<=", threshold)
        data = {
            "average": round(average, 1) if count else False,
            "count": count,
            "low": Claim.search_count(low) if threshold else 0,
            "low_domain": list(low),
        }
        for key, field in Claim._rating_groupings():
            groups = Claim._read_group(
                rated & Domain(field, "!=", False),
                [field],
                ["rating_last_value:avg", "__count"],
                order="__count desc",
                limit=limit,
            )
            data[key] = [
                {
                    "id": record.id,
                    "name": record.display_name,
                    "average": round(avg, 1),
                    "count": group_count,
                    "field": field,
                }
                for record, avg, group_count in groups
            ]
        return data
