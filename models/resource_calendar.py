import logging
from datetime import datetime, time

import pytz

from odoo import api, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _claim_load_public_holidays(self, country_code, years):
        """Add the public holidays of a country as global leaves of the calendar.

        Statutory claim periods that end on a public holiday end on the next
        working day; the holidays come from the `holidays` package. Days that
        already have a global leave are skipped, so it can run again safely.
        """
        self.ensure_one()
        try:
            import holidays  # noqa: PLC0415 (optional dependency)
        except ImportError as error:
            raise UserError(
                self.env._(
                    "Install the Python package 'holidays' to load public holidays."
                )
            ) from error
        tz = pytz.timezone(self.tz or "UTC")
        known = {
            self.env["claim.deadline"]._local_date(leave.date_from, self)
            for leave in self.global_leave_ids
        }
        values = []
        for day, name in sorted(
            holidays.country_holidays(country_code, years=years).items()
        ):
            if day in known:
                continue
            start = tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc)
            end = tz.localize(datetime.combine(day, time.max)).astimezone(pytz.utc)
            values.append(
                {
                    "name": name,
                    "calendar_id": self.id,
                    "date_from": start.replace(tzinfo=None),
                    "date_to": end.replace(tzinfo=None),
                    "time_type": "leave",
                }
            )
        return self.env["resource.calendar.leaves"].create(values)

    @api.model
    def _cron_claim_load_public_holidays(self):
        """Load this year's and next year's holidays into each company calendar.

        ``res.company.country_id`` is computed from the company's partner and not
        stored, so the companies are searched by their partner's country.
        A country the ``holidays`` package does not know is skipped (logged),
        so that one such company does not stop the others.
        """
        try:
            import holidays  # noqa: PLC0415 (optional dependency)
        except ImportError:
            _logger.warning(
                "Public holidays not loaded: the Python package 'holidays' is missing."
            )
            return
        year = datetime.now().year
        companies = self.env["res.company"].search(
            [("partner_id.country_id", "!=", False)]
        )
        for company in companies:
            calendar = company.resource_calendar_id
            code = company.country_id.code
            if not calendar:
                continue
            if code not in holidays.list_supported_countries():
                _logger.info(
                    "No public holidays known for %s (company %s).", code, company.name
                )
                continue
            calendar._claim_load_public_holidays(code, [year, year + 1])
