import json
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestClaimDashboardSnapshot(TransactionCase):
    """The dashboard's history figures computed ahead by the scheduled action,
    read by the users who would see the same live."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.manager = new_test_user(
            cls.env,
            login="snapshot_claim_manager",
            groups="base.group_user,claim_management.group_claim_manager",
            tz="Europe/Warsaw",
        )
        cls.operator = new_test_user(
            cls.env,
            login="snapshot_claim_operator",
            groups="base.group_user,claim_management.group_claim_operator",
            tz="Europe/Warsaw",
        )
        # a claims user sees only the claims they registered or handle
        cls.claim_user = new_test_user(
            cls.env,
            login="snapshot_claim_user",
            groups="base.group_user,claim_management.group_claim_user",
            tz="Europe/Warsaw",
        )
        cls.customer = cls.env["res.partner"].create({"name": "Snapshot Customer"})
        cls.chair = cls.env["product.product"].create({"name": "Snapshot Chair"})
        cls.env["claim.claim"].search([]).action_archive()
        cls.env["claim.dashboard.snapshot"].sudo().search([]).unlink()
        cls.claim_type = cls.env.ref("claim_management.type_quantity")
        for _index in range(2):
            cls._claim(cls.manager)

    @classmethod
    def _claim(cls, user, days_ago=0):
        return (
            cls.env["claim.claim"]
            .with_user(user)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "claim_type_id": cls.claim_type.id,
                    "date_received": fields.Datetime.now() - timedelta(days=days_ago),
                    "line_ids": [
                        Command.create(
                            {"product_id": cls.chair.id, "quantity": 1, "price_unit": 5}
                        )
                    ],
                }
            )
        )

    def _data(self, user, **kwargs):
        return self.env["claim.dashboard"].with_user(user).get_dashboard_data(**kwargs)

    def _refresh(self):
        self.env["claim.dashboard.snapshot"]._refresh_company(self.company)

    @staticmethod
    def _history_of(data):
        # as the client gets it: JSON (tuples are lists there)
        data = json.loads(json.dumps(data, default=str))
        data.pop("as_of")
        return data

    def test_snapshot_equals_live_figures(self):
        self.maxDiff = None
        for days in (30, 90, 365):
            live = self._data(self.manager, days=days)
            self.assertIs(live["as_of"], False)
            self._refresh()
            stored = self._data(self.manager, days=days)
            self.assertTrue(stored["as_of"])
            self.assertEqual(self._history_of(stored), self._history_of(live))
            self.env["claim.dashboard.snapshot"].sudo().search([]).unlink()

    def test_operators_read_the_snapshot_until_the_next_run(self):
        self._refresh()
        self._claim(self.operator)
        data = self._data(self.operator)
        self.assertTrue(data["as_of"])
        # the history is as computed: two claims of the chair ...
        self.assertEqual(data["top_products"][0]["count"], 2)
        self.assertEqual(data["top_products"][0]["name"], "Snapshot Chair")
        # ... the workload is live: three open claims
        self.assertEqual(data["cards"]["open"], 3)
        self._refresh()
        self.assertEqual(self._data(self.operator)["top_products"][0]["count"], 3)

    def test_narrower_rules_get_live_figures(self):
        self._refresh()
        self._claim(self.claim_user)
        data = self._data(self.claim_user)
        # their own claim only, counted now: no snapshot of the company's
        self.assertIs(data["as_of"], False)
        self.assertEqual(data["top_products"][0]["count"], 1)
        self.assertEqual(data["top_customers"][0]["count"], 1)

    def test_snapshot_only_for_its_time_zone_day_and_company(self):
        self._refresh()
        Dashboard = self.env["claim.dashboard"].with_user(self.manager)
        self.assertTrue(Dashboard.get_dashboard_data()["as_of"])
        in_new_york = Dashboard.with_context(tz="America/New_York")
        self.assertIs(in_new_york.get_dashboard_data()["as_of"], False)
        # the top lists and weeks of the snapshot are the default ones only
        self.assertIs(Dashboard.get_dashboard_data(top=3)["as_of"], False)
        # several companies at once: live
        other = self.env["res.company"].create({"name": "Snapshot Other Company"})
        self.manager.company_ids |= other
        both = Dashboard.with_context(allowed_company_ids=[self.company.id, other.id])
        self.assertIs(both.get_dashboard_data()["as_of"], False)
        # yesterday's figures are not today's
        snapshots = self.env["claim.dashboard.snapshot"].sudo().search([])
        snapshots.write({"date": fields.Date.today() - timedelta(days=2)})
        self.assertIs(Dashboard.get_dashboard_data()["as_of"], False)

    def test_rates_left_out_for_users_without_their_access(self):
        self._refresh()
        self.assertIsNot(self._data(self.operator)["rates"], False)
        self.env.ref("claim_management.access_claim_rate_operator").active = False
        self.assertIs(self._data(self.operator)["rates"], False)

    def test_cron_computes_every_company_period_and_time_zone(self):
        other = self.env["res.company"].create({"name": "Snapshot Cron Company"})
        cron = self.env.ref("claim_management.ir_cron_claim_dashboard")
        self.assertTrue(cron.active)
        self.assertEqual(cron.code, "model._cron_refresh()")
        # what the scheduled action runs (its own trigger would run it in
        # another transaction, which would not see this test's data)
        Snapshot = self.env["claim.dashboard.snapshot"]
        Snapshot._cron_refresh()
        snapshots = (
            self.env["claim.dashboard.snapshot"]
            .sudo()
            .search([("company_id", "in", (self.company | other).ids)])
        )
        mine = snapshots.filtered(lambda s: s.company_id == self.company)
        self.assertEqual(
            set(mine.filtered(lambda s: s.tz == "Europe/Warsaw").mapped("days")),
            {30, 90, 365},
        )
        # a company without claims staff of its own: computed all the same
        self.assertEqual(
            set(snapshots.filtered(lambda s: s.company_id == other).mapped("days")),
            {30, 90, 365},
        )
        # a run replaces the rows, it does not add to them
        Snapshot._cron_refresh()
        self.assertEqual(
            self.env["claim.dashboard.snapshot"]
            .sudo()
            .search_count([("company_id", "=", self.company.id)]),
            len(mine),
        )

    def test_nobody_writes_snapshots(self):
        self._refresh()
        snapshot = (
            self.env["claim.dashboard.snapshot"]
            .with_user(self.manager)
            .search([], limit=1)
        )
        self.assertTrue(snapshot)
        with self.assertRaises(AccessError):
            snapshot.write({"data": {"cards": {}}})
        with self.assertRaises(AccessError):
            snapshot.unlink()
        with self.assertRaises(AccessError):
            self.env["claim.dashboard.snapshot"].with_user(self.operator).search([])

    def test_client_values_bounded(self):
        for top, weeks in ((10**9, 10**9), (-1, 0), ("x", None)):
            data = self._data(self.manager, top=top, weeks=weeks)
            self.assertLessEqual(len(data["top_products"]), 5)
