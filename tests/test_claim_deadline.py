from datetime import date, datetime

from odoo.tests import TransactionCase, tagged

# (label, regime, country, received at (UTC), response days, resolution days,
#  extension days, expected response deadline, expected resolution deadline)
# Polish holidays 2026: 1.1, 6.1, 5-6.4, 1.5, 3.5, 24.5, 4.6, 15.8, 1.11, 11.11,
# 24-26.12; Czech: 1.1, 3.4, 6.4, 1.5, 8.5, 5-6.7, 28.9, 28.10, 17.11, 24-26.12.
D = date
CASES = [
    # Polish consumer: answer within 14 calendar days
    (
        "PL weekday to weekday",
        "pl_consumer",
        "PL",
        "2026-03-02 10:00",
        0,
        0,
        0,
        D(2026, 3, 16),
        False,
    ),
    (
        "PL ends on Saturday",
        "pl_consumer",
        "PL",
        "2026-03-07 09:00",
        0,
        0,
        0,
        D(2026, 3, 23),
        False,
    ),
    (
        "PL ends on Easter Monday",
        "pl_consumer",
        "PL",
        "2026-03-23 09:00",
        0,
        0,
        0,
        D(2026, 4, 7),
        False,
    ),
    (
        "PL 3 May on Sunday, ends Monday",
        "pl_consumer",
        "PL",
        "2026-04-20 09:00",
        0,
        0,
        0,
        D(2026, 5, 4),
        False,
    ),
    (
        "PL ends on 11 November",
        "pl_consumer",
        "PL",
        "2026-10-28 09:00",
        0,
        0,
        0,
        D(2026, 11, 12),
        False,
    ),
    (
        "PL ends on Christmas",
        "pl_consumer",
        "PL",
        "2026-12-11 09:00",
        0,
        0,
        0,
        D(2026, 12, 28),
        False,
    ),
    (
        "PL filed on Saturday",
        "pl_consumer",
        "PL",
        "2026-12-12 09:00",
        0,
        0,
        0,
        D(2026, 12, 28),
        False,
    ),
    (
        "PL ends on 31 December",
        "pl_consumer",
        "PL",
        "2026-12-17 09:00",
        0,
        0,
        0,
        D(2026, 12, 31),
        False,
    ),
    (
        "PL year end, New Year",
        "pl_consumer",
        "PL",
        "2026-12-18 09:00",
        0,
        0,
        0,
        D(2027, 1, 4),
        False,
    ),
    (
        "PL filed on Sunday",
        "pl_consumer",
        "PL",
        "2026-12-27 09:00",
        0,
        0,
        0,
        D(2027, 1, 11),
        False,
    ),
    (
        "PL before Corpus Christi",
        "pl_consumer",
        "PL",
        "2026-05-21 09:00",
        0,
        0,
        0,
        D(2026, 6, 5),
        False,
    ),
    (
        "PL e-mail at night, Saturday in Warsaw",
        "pl_consumer",
        "PL",
        "2026-03-06 23:30",
        0,
        0,
        0,
        D(2026, 3, 23),
        False,
    ),
    (
        "PL e-mail before midnight in Warsaw",
        "pl_consumer",
        "PL",
        "2026-03-02 22:59",
        0,
        0,
        0,
        D(2026, 3, 16),
        False,
    ),
    (
        "PL summer night, CEST",
        "pl_consumer",
        "PL",
        "2026-07-24 22:30",
        0,
        0,
        0,
        D(2026, 8, 10),
        False,
    ),
    (
        "PL with resolution period",
        "pl_consumer",
        "PL",
        "2026-03-02 10:00",
        0,
        30,
        0,
        D(2026, 3, 16),
        D(2026, 4, 1),
    ),
    # Czech consumer: resolved within 30 calendar days, unless extended
    (
        "CZ weekday",
        "cz_consumer",
        "CZ",
        "2026-03-02 10:00",
        0,
        0,
        0,
        D(2026, 4, 1),
        D(2026, 4, 1),
    ),
    (
        "CZ ends on Easter Monday",
        "cz_consumer",
        "CZ",
        "2026-03-07 10:00",
        0,
        0,
        0,
        D(2026, 4, 7),
        D(2026, 4, 7),
    ),
    (
        "CZ ends on 5-6 July",
        "cz_consumer",
        "CZ",
        "2026-06-05 10:00",
        0,
        0,
        0,
        D(2026, 7, 7),
        D(2026, 7, 7),
    ),
    (
        "CZ year end",
        "cz_consumer",
        "CZ",
        "2026-12-12 10:00",
        0,
        0,
        0,
        D(2027, 1, 11),
        D(2027, 1, 11),
    ),
    (
        "CZ across Christmas",
        "cz_consumer",
        "CZ",
        "2026-12-17 10:00",
        0,
        0,
        0,
        D(2027, 1, 18),
        D(2027, 1, 18),
    ),
    (
        "CZ agreed extension 15 days",
        "cz_consumer",
        "CZ",
        "2026-10-28 10:00",
        0,
        0,
        15,
        D(2026, 12, 14),
        D(2026, 12, 14),
    ),
    (
        "CZ extension over New Year",
        "cz_consumer",
        "CZ",
        "2026-12-17 10:00",
        0,
        0,
        15,
        D(2027, 2, 1),
        D(2027, 2, 1),
    ),
    (
        "CZ e-mail at night, next day in Prague",
        "cz_consumer",
        "CZ",
        "2026-05-19 22:30",
        0,
        0,
        0,
        D(2026, 6, 19),
        D(2026, 6, 19),
    ),
    (
        "CZ Saturday filing",
        "cz_consumer",
        "CZ",
        "2026-07-25 10:00",
        0,
        0,
        0,
        D(2026, 8, 24),
        D(2026, 8, 24),
    ),
    # Other consumers: the company's default, calendar days
    (
        "consumer default days",
        "consumer",
        "PL",
        "2026-03-02 10:00",
        21,
        21,
        0,
        D(2026, 3, 23),
        D(2026, 3, 23),
    ),
    (
        "consumer default ends Sunday",
        "consumer",
        "PL",
        "2026-03-02 10:00",
        13,
        20,
        0,
        D(2026, 3, 16),
        D(2026, 3, 23),
    ),
    (
        "consumer without default",
        "consumer",
        "PL",
        "2026-03-02 10:00",
        0,
        0,
        0,
        False,
        False,
    ),
    # B2B: working days on the company calendar
    (
        "B2B 5 working days",
        "b2b",
        "PL",
        "2026-03-02 10:00",
        5,
        10,
        0,
        D(2026, 3, 9),
        D(2026, 3, 16),
    ),
    (
        "B2B from Saturday",
        "b2b",
        "PL",
        "2026-03-07 10:00",
        5,
        10,
        0,
        D(2026, 3, 13),
        D(2026, 3, 20),
    ),
    (
        "B2B over Polish Christmas",
        "b2b",
        "PL",
        "2026-12-18 10:00",
        5,
        10,
        0,
        D(2026, 12, 29),
        D(2027, 1, 7),
    ),
    (
        "B2B over Easter (PL)",
        "b2b",
        "PL",
        "2026-03-30 10:00",
        5,
        10,
        0,
        D(2026, 4, 7),
        D(2026, 4, 14),
    ),
    (
        "B2B over Czech Christmas",
        "b2b",
        "CZ",
        "2026-12-17 10:00",
        2,
        10,
        0,
        D(2026, 12, 21),
        D(2027, 1, 5),
    ),
    (
        "B2B Czech May holidays",
        "b2b",
        "CZ",
        "2026-04-30 10:00",
        3,
        5,
        0,
        D(2026, 5, 6),
        D(2026, 5, 11),
    ),
    ("B2B no SLA", "b2b", "CZ", "2026-04-30 10:00", 0, 0, 0, False, False),
]


@tagged("post_install", "-at_install")
class TestClaimDeadlines(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.companies = {
            "PL": Company.create(
                {
                    "name": "Reklamacje Sp. z o.o.",
                    "country_id": cls.env.ref("base.pl").id,
                }
            ),
            "CZ": Company.create(
                {"name": "Reklamace s.r.o.", "country_id": cls.env.ref("base.cz").id}
            ),
        }
        for code, tz in (("PL", "Europe/Warsaw"), ("CZ", "Europe/Prague")):
            calendar = cls.env["resource.calendar"].create(
                {
                    "name": f"Standard {code}",
                    "tz": tz,
                    "company_id": cls.companies[code].id,
                }
            )
            cls.companies[code].resource_calendar_id = calendar
            calendar._claim_load_public_holidays(code, [2026, 2027])

    def test_deadline_table(self):
        self.assertGreaterEqual(len(CASES), 30)
        Deadline = self.env["claim.deadline"]
        for case in CASES:
            (
                label,
                regime,
                country,
                received,
                response,
                resolution,
                extension,
                exp_resp,
                exp_res,
            ) = case
            with self.subTest(case=label):
                result = Deadline._compute_deadlines(
                    regime,
                    datetime.fromisoformat(received),
                    self.companies[country],
                    response_days=response,
                    resolution_days=resolution,
                    extension_days=extension,
                )
                self.assertEqual(result, (exp_resp, exp_res), label)

    def test_holidays_load_once(self):
        calendar = self.companies["PL"].resource_calendar_id
        count = len(calendar.global_leave_ids)
        self.assertEqual(count, 28)
        calendar._claim_load_public_holidays("PL", [2026])
        self.assertEqual(len(calendar.global_leave_ids), count)

    def test_deadline_status(self):
        Deadline = self.env["claim.deadline"]
        today = date(2026, 3, 10)
        self.assertEqual(
            Deadline._deadline_status(date(2026, 3, 9), False, today=today), "overdue"
        )
        self.assertEqual(
            Deadline._deadline_status(date(2026, 3, 10), False, today=today), "due_soon"
        )
        self.assertEqual(
            Deadline._deadline_status(date(2026, 3, 13), False, today=today), "due_soon"
        )
        self.assertEqual(
            Deadline._deadline_status(date(2026, 3, 14), False, today=today), "on_time"
        )
        self.assertFalse(Deadline._deadline_status(date(2026, 3, 9), True, today=today))
        self.assertFalse(Deadline._deadline_status(False, False, today=today))


@tagged("post_install", "-at_install")
class TestClaimHolidayCron(TransactionCase):
    """The scheduled action fills the calendars of Polish and Czech companies."""

    def _company(self, name, country, tz):
        company = self.env["res.company"].create(
            {"name": name, "country_id": self.env.ref(country).id}
        )
        company.resource_calendar_id = self.env["resource.calendar"].create(
            {"name": f"Calendar {name}", "tz": tz, "company_id": company.id}
        )
        return company

    def _leaves(self, company):
        return self.env["resource.calendar.leaves"].search(
            [
                ("calendar_id", "=", company.resource_calendar_id.id),
                ("resource_id", "=", False),
            ]
        )

    def _holidays(self, company):
        Deadline = self.env["claim.deadline"]
        return {
            Deadline._local_date(leave.date_from, company.resource_calendar_id)
            for leave in self._leaves(company)
        }

    def test_holiday_cron_loads_pl_and_cz_calendars(self):
        poland = self._company("Holidays PL", "base.pl", "Europe/Warsaw")
        czechia = self._company("Holidays CZ", "base.cz", "Europe/Prague")
        cron = self.env.ref("claim_management.ir_cron_claim_public_holidays")
        # The job runs on its own cursor (the test's one in registry test mode);
        # a failing job raises nothing: it counts the failure on the cron.
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        cron.invalidate_recordset()
        self.assertEqual(cron.failure_count, 0)
        year = datetime.now().year
        pl_days = self._holidays(poland)
        cz_days = self._holidays(czechia)
        for next_year in (year, year + 1):
            # Independence Day (PL), Struggle for Freedom and Democracy Day (CZ)
            self.assertIn(date(next_year, 11, 11), pl_days)
            self.assertNotIn(date(next_year, 11, 11), cz_days)
            self.assertIn(date(next_year, 11, 17), cz_days)
            self.assertNotIn(date(next_year, 11, 17), pl_days)
        self.assertGreaterEqual(len(pl_days), 26)
        self.assertGreaterEqual(len(cz_days), 26)
        # one leave per day, and a second run adds nothing
        self.assertEqual(len(self._leaves(poland)), len(pl_days))
        self.assertEqual(len(self._leaves(czechia)), len(cz_days))
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.assertEqual(len(self._leaves(poland)), len(pl_days))
        self.assertEqual(len(self._leaves(czechia)), len(cz_days))
