from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from ..models.claim_state import OPEN_STATES

# the periods the dashboard offers for its history figures, in days
PERIODS = (30, 90, 365)
DEFAULT_PERIOD = 90
DEFAULT_TOP = 5
DEFAULT_WEEKS = 12
# bounds of what a client may ask for (any value reaches us over RPC)
MAX_TOP = 50
MAX_WEEKS = 104


class ClaimDashboard(models.AbstractModel):
    """Numbers of the claims dashboard.

    Two kinds of figures:

    - the **workload** cards (open, overdue, due this week) count every open
      claim the user may see, live: indexed counts of the open claims;
    - the **history** figures (acceptance rate, days to resolve, claims per
      week, top lists, this month's values, claim rates, ratings) cover a
      period of ``days`` (30, 90 or 365 days back). Each is a grouped SQL
      read over the claims of the period (record rules apply): nothing loops
      over claims in Python.

    At a million claims a period holds a hundred thousand claims and the
    history figures cost seconds (bench/rates.py). The claims staff who see
    every claim of their company (operators, managers) therefore read them
    from ``claim.dashboard.snapshot``, computed by a scheduled action every
    few minutes for each company and period; everybody else (users who see
    their own claims only, several companies at once, another time zone)
    gets them live. ``_history`` is the one place computing them, for both.
    """

    _name = "claim.dashboard"
    _description = "Claims Dashboard"

    @api.model
    @api.readonly
    def get_dashboard_data(
        self, top=DEFAULT_TOP, weeks=DEFAULT_WEEKS, days=DEFAULT_PERIOD
    ):
        """Cards, weekly counts and top lists for the dashboard client action.
        Reads only: over /web/dataset/call_kw it runs on a read-only cursor
        (the read replica when one is configured)."""
        self.env["claim.claim"].check_access("read")
        days = self._period_days(days)
        top = self._bounded(top, DEFAULT_TOP, MAX_TOP)
        weeks = self._bounded(weeks, DEFAULT_WEEKS, MAX_WEEKS)
        data = self._workload()
        data.update(
            period={"days": days, "choices": list(PERIODS)},
            currency_id=self.env.company.currency_id.id,
        )
        history = self._stored_history(days, top, weeks)
        if history is None:
            history = self._history(None, days, top, weeks)
            history["as_of"] = False
        data["cards"].update(history.pop("cards"))
        data.update(history)
        self._add_names(data)
        return data

    @api.model
    def _workload(self):
        """The live cards: open claims, overdue, due within a week."""
        Claim = self.env["claim.claim"]
        today = fields.Date.context_today(self)
        open_domain = Domain("state", "in", OPEN_STATES)
        overdue = open_domain & Domain("resolution_deadline", "<", today)
        due_week = (
            open_domain
            & Domain("resolution_deadline", ">=", today)
            & Domain("resolution_deadline", "<=", today + timedelta(days=7))
        )
        return {
            "cards": {
                "open": Claim.search_count(open_domain),
                "overdue": Claim.search_count(overdue),
                "due_week": Claim.search_count(due_week),
            },
            "domains": {
                "open": list(open_domain),
                "overdue": list(overdue),
                "due_week": list(due_week),
            },
        }

    # ------------------------------------------------------------------
    # History figures: live or from the snapshot
    # ------------------------------------------------------------------

    @api.model
    def _history(self, company, days, top, weeks):
        """The history figures of the period, JSON-ready: records as
        ``{"model", "id"}`` (names are added when read, in the reader's
        language), datetimes as strings.

        ``company`` None: the claims the current user may see (record rules).
        A company: every claim of that company, for the snapshot; the caller
        runs this as superuser, so each read below adds ``_scope``."""
        since = self._period_start(days)
        today = fields.Date.context_today(self)
        scope = self._scope(company)
        month_start = fields.Datetime.to_datetime(today.replace(day=1))
        [(value_claimed, value_accepted, value_credited)] = self.env[
            "claim.claim"
        ]._read_group(
            scope & Domain("date_received", ">=", month_start),
            [],
            ["amount_claimed:sum", "amount_accepted:sum", "amount_credited:sum"],
        )
        mean_days, median_days = self._resolution_days(since, scope)
        received = Domain("date_received", ">=", since)
        return {
            "cards": {
                "acceptance_rate": self._acceptance_rate(since, scope),
                "mean_days": mean_days,
                "median_days": median_days,
                "value_claimed_month": value_claimed or 0.0,
                "value_accepted_month": value_accepted or 0.0,
                "value_credited_month": value_credited or 0.0,
            },
            "by_week": self._claims_by_week(today, weeks, scope),
            "top_products": self._top_lines("product_id", since, top, scope),
            "top_customers": self._top_claims(
                "commercial_partner_id", scope & received, top
            ),
            "top_packers": self._top_lines("packer_id", since, top, scope),
        }

    @api.model
    def _scope(self, company):
        return Domain("company_id", "=", company.id) if company else Domain.TRUE

    @api.model
    def _stored_history(self, days, top, weeks):
        """The snapshot's figures when they are the ones this user would get
        live, else None: the user sees every claim of the one company they
        work in (operators and managers; see security/claim_security.xml),
        in the time zone and on the day the snapshot was computed."""
        if (
            self.env.su
            or len(self.env.companies) != 1
            or (top, weeks) != (DEFAULT_TOP, DEFAULT_WEEKS)
            or not self.env.user.has_group("claim_management.group_claim_operator")
        ):
            return None
        tz = self._user_tz()
        # sudo: the snapshot holds figures of the claims of this company,
        # which an operator reads in full (rules checked above)
        snapshot = (
            self.env["claim.dashboard.snapshot"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.env.company.id),
                    ("days", "=", days),
                    ("tz", "=", tz),
                    ("date", "=", fields.Date.context_today(self)),
                ],
                limit=1,
            )
        )
        if not snapshot:
            return None
        history = dict(snapshot.data)
        history["as_of"] = fields.Datetime.to_string(snapshot.computed_at)
        return self._filter_stored(history)

    @api.model
    def _filter_stored(self, history):
        """Leave out of a snapshot's figures what this user may not read
        (hook: the rates block needs its own access right)."""
        return history

    @api.model
    def _add_names(self, data):
        """Fill ``name`` into every ``{"model", "id"}`` row of the data, one
        read per model. sudo: these are the display names the claims the
        user reads show for their customers, products and packers (Odoo's
        many2one values show their display name the same way)."""
        rows = []

        def collect(value):
            if isinstance(value, dict):
                if "model" in value and "id" in value:
                    rows.append(value)
                for item in value.values():
                    collect(item)
            elif isinstance(value, list):
                for item in value:
                    collect(item)

        collect(data)
        ids = {}
        for row in rows:
            ids.setdefault(row["model"], set()).add(row["id"])
        names = {}
        for model, record_ids in ids.items():
            records = self.env[model].sudo().browse(sorted(record_ids)).exists()
            names[model] = {record.id: record.display_name for record in records}
        for row in rows:
            row["name"] = names[row["model"]].get(row["id"], "")

    @api.model
    def _bounded(self, value, default, maximum):
        try:
            value = int(value)
        except (TypeError, ValueError):
            return default
        return value if 0 < value <= maximum else default

    @api.model
    def _period_days(self, days):
        """The period asked for, one of PERIODS (a client may send anything)."""
        try:
            days = int(days)
        except (TypeError, ValueError):
            return DEFAULT_PERIOD
        return days if days in PERIODS else DEFAULT_PERIOD

    @api.model
    def _user_tz(self):
        tz = self.env.context.get("tz") or self.env.user.tz or "UTC"
        return tz if tz in pytz.all_timezones_set else "UTC"

    @api.model
    def _period_start(self, days):
        """The first instant of the period: midnight ``days`` days ago in
        the user's time zone, as the UTC datetime the claims store."""
        start = fields.Date.context_today(self) - timedelta(days=days)
        tz = pytz.timezone(self._user_tz())
        midnight = tz.localize(datetime.combine(start, time.min))
        return midnight.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _acceptance_rate(self, since, scope=Domain.TRUE):
        """Decided claims received in the period: accepted in full or in part
        out of all decided."""
        decided = (
            scope
            & Domain("state", "in", ("decided", "resolved", "closed"))
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
    def _resolution_days(self, since, scope=Domain.TRUE):
        """Mean and median days from receipt to resolution of the claims
        resolved in the period, in one query."""
        query = self.env["claim.claim"]._search(
            scope & Domain("date_resolved", ">=", since)
        )
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
            round(float(mean), 1) if mean is not None else False,
            round(float(median), 1) if median is not None else False,
        )

    @api.model
    def _claims_by_week(self, today, weeks, scope=Domain.TRUE):
        start = today - timedelta(weeks=weeks)
        groups = self.env["claim.claim"]._read_group(
            scope & Domain("date_received", ">=", fields.Datetime.to_datetime(start)),
            ["date_received:week"],
            ["__count"],
        )
        return [
            {"label": week.strftime("%Y-%m-%d"), "count": count}
            for week, count in groups
            if week
        ]

    @api.model
    def _top_lines(self, field, since, limit, scope=Domain.TRUE):
        """The claim lines' values (product, packer) found on the most claims
        received in the period: claims counted once however many lines."""
        # the claims' own search leaves out archived claims (merged
        # duplicates); a path through claim_id would not
        claims = self.env["claim.claim"]._search(
            scope & Domain("date_received", ">=", since)
        )
        groups = self.env["claim.line"]._read_group(
            scope & Domain(field, "!=", False) & Domain("claim_id", "in", claims),
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
            {"model": record._name, "id": record.id, "count": count}
            for record, count in groups
        ]
