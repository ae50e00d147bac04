from odoo import api, fields, models
from odoo.fields import Domain


class ClaimDashboard(models.AbstractModel):
    """Customer satisfaction on the dashboard: the average rating of the
    claims customers rated, the low ratings, and the ratings per responsible
    and per claim type (claim.claim._rating_groupings: claim teams add theirs
    there). Grouped SQL reads over the claims the user may see."""

    _inherit = "claim.dashboard"

    @api.model
    def _history(self, company, days, top, weeks):
        history = super()._history(company, days, top, weeks)
        history["ratings"] = self._rating_data(top, self._period_start(days), company)
        return history

    @api.model
    def _rating_data(self, limit, since=None, company=None):
        """Ratings of the claims received since ``since`` (all when None).
        ``company``: see ``_history``."""
        Claim = self.env["claim.claim"]
        # what the client gets to open the low ratings: without the scope,
        # which the record rules apply there
        rated_shown = Domain("rating_last_value", ">", 0)
        if since:
            # as a string: the domain goes to the client and into the snapshot
            rated_shown &= Domain(
                "date_received", ">=", fields.Datetime.to_string(since)
            )
        rated = self._scope(company) & rated_shown
        [(average, count)] = Claim._read_group(
            rated, [], ["rating_last_value:avg", "__count"]
        )
        threshold = self.env.company.claim_rating_low_threshold
        low = Domain("rating_last_value", "<=", threshold)
        data = {
            "average": round(average, 1) if count else False,
            "count": count,
            "low": Claim.search_count(rated & low) if threshold else 0,
            "low_domain": list(rated_shown & low),
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
                    "model": record._name,
                    "id": record.id,
                    "average": round(avg, 1),
                    "count": group_count,
                    "field": field,
                }
                for record, avg, group_count in groups
            ]
        return data
