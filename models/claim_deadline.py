from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models

LEGAL_REGIMES = [
    ("pl_consumer", "Consumer (Poland)"),
    ("cz_consumer", "Consumer (Czech Republic)"),
    ("consumer", "Consumer (other)"),
    ("b2b", "Business (contract)"),
]

# Calendar days the law gives, counted from the day the claim was received.
PL_CONSUMER_RESPONSE_DAYS = 14
CZ_CONSUMER_RESOLUTION_DAYS = 30


class ClaimDeadline(models.AbstractModel):
    """Deadlines the law or the contract sets for answering and resolving a claim.

    - Statutory periods are calendar days; a period ending on a Saturday, a
      Sunday or a public holiday ends on the next working day.
    - Contractual (B2B) periods are working days on the company's calendar.
    - Public holidays are the global leaves of the working calendar (see
      ``resource.calendar._claim_load_public_holidays``).
    - The day of receipt is the local date in the calendar's timezone: an
      e-mail received at 23:30 in Warsaw is received on that Warsaw day.
    """

    _name = "claim.deadline"
    _description = "Claim Deadline Computation"

    @api.model
    def _local_date(self, moment, calendar):
        """Date of a UTC datetime in the timezone of the calendar."""
        tz = pytz.timezone(calendar.tz or self.env.user.tz or "UTC")
        return pytz.utc.localize(moment).astimezone(tz).date()

    @api.model
    def _public_holidays(self, calendar, start, end):
        """Dates covered by the calendar's global leaves between start and end."""
        if not calendar:
            return set()
        tz = pytz.timezone(calendar.tz or "UTC")
        begin = tz.localize(datetime.combine(start, time.min)).astimezone(pytz.utc)
        finish = tz.localize(datetime.combine(end, time.max)).astimezone(pytz.utc)
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search_fetch(
                [
                    ("calendar_id", "=", calendar.id),
                    ("resource_id", "=", False),
                    ("date_from", "<=", finish.replace(tzinfo=None)),
                    ("date_to", ">=", begin.replace(tzinfo=None)),
                ],
                ["date_from", "date_to"],
            )
        )
        days = set()
        for leave in leaves:
            day = self._local_date(leave.date_from, calendar)
            last = self._local_date(leave.date_to, calendar)
            while day <= last:
                days.add(day)
                day += timedelta(days=1)
        return days

    @api.model
    def _end_of_statutory_period(self, received, days, calendar):
        """`days` calendar days after `received`, moved past weekends and holidays."""
        end = received + timedelta(days=days)
        holidays = self._public_holidays(calendar, end, end + timedelta(days=31))
        while end.weekday() >= 5 or end in holidays:
            end += timedelta(days=1)
        return end

    @api.model
    def _add_working_days(self, received, days, calendar):
        """The `days`-th working day after `received`: Odoo plans the working
        days on the calendar (its attendances less its public holidays, the
        global leaves); Monday to Friday without a calendar."""
        if days <= 0:
            return received
        if calendar:
            tz = pytz.timezone(calendar.tz or "UTC")
            start = tz.localize(
                datetime.combine(received + timedelta(days=1), time.min)
            )
            end = calendar.plan_days(days, start, compute_leaves=True)
            if end:
                return end.astimezone(tz).date()
        day, counted = received, 0
        while counted < days:
            day += timedelta(days=1)
            if day.weekday() < 5:
                counted += 1
        return day

    @api.model
    def _compute_deadlines(
        self,
        regime,
        received_at,
        company,
        response_days=0,
        resolution_days=0,
        extension_days=0,
    ):
        """Return (response deadline, resolution deadline) as dates.

        :param regime: one of LEGAL_REGIMES
        :param received_at: UTC datetime the claim was received
        :param response_days, resolution_days: the SLA of the type or contract
            (working days, B2B) or the company default (calendar days, other
            consumers)
        :param extension_days: a longer period agreed with a Czech consumer
        """
        calendar = company.resource_calendar_id
        received = self._local_date(received_at, calendar)
        if regime == "pl_consumer":
            response = self._end_of_statutory_period(
                received, PL_CONSUMER_RESPONSE_DAYS, calendar
            )
            resolution = (
                self._end_of_statutory_period(received, resolution_days, calendar)
                if resolution_days
                else False
            )
            return response, resolution
        if regime == "cz_consumer":
            end = self._end_of_statutory_period(
                received, CZ_CONSUMER_RESOLUTION_DAYS + (extension_days or 0), calendar
            )
            return end, end
        if regime == "consumer":
            response = (
                self._end_of_statutory_period(received, response_days, calendar)
                if response_days
                else False
            )
            resolution = (
                self._end_of_statutory_period(received, resolution_days, calendar)
                if resolution_days
                else False
            )
            return response, resolution
        response = (
            self._add_working_days(received, response_days, calendar)
            if response_days
            else False
        )
        resolution = (
            self._add_working_days(received, resolution_days, calendar)
            if resolution_days
            else False
        )
        return response, resolution

    @api.model
    def _today(self):
        return fields.Date.context_today(self)

    @api.model
    def _deadline_status(self, deadline, done, due_soon_days=3, today=None):
        """on_time / due_soon / overdue for an open deadline, False when done."""
        if done or not deadline:
            return False
        today = today or self._today()
        if isinstance(deadline, datetime):
            deadline = deadline.date()
        if deadline < today:
            return "overdue"
        if deadline <= today + timedelta(days=due_soon_days):
            return "due_soon"
        return "on_time"
