from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestClaimDashboard(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="dashboard_claim_manager",
            groups="base.group_user,claim_management.group_claim_manager",
        )
        cls.customer = cls.env["res.partner"].create({"name": "Dashboard Customer"})
        cls.chair = cls.env["product.product"].create({"name": "Dashboard Chair"})
        cls.lamp = cls.env["product.product"].create({"name": "Dashboard Lamp"})
        # only our claims count: leave out whatever the database holds
        cls.env["claim.claim"].search([]).action_archive()
        Claim = cls.env["claim.claim"].with_user(cls.manager)
        claim_type = cls.env.ref("claim_management.type_quantity")

        def claim(product, qty, price, days_ago=0):
            return Claim.create(
                {
                    "partner_id": cls.customer.id,
                    "claim_type_id": claim_type.id,
                    "date_received": fields.Datetime.now() - timedelta(days=days_ago),
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": qty,
                                "price_unit": price,
                            }
                        )
                    ],
                }
            )

        cls.overdue = claim(cls.chair, 1, 100.0, days_ago=40)
        cls.open_1 = claim(cls.chair, 2, 50.0)
        cls.open_2 = claim(cls.lamp, 1, 20.0)
        accepted = claim(cls.chair, 1, 10.0)
        accepted.action_start()
        accepted.action_accept_all()
        accepted.action_decide()
        accepted.action_resolve()
        accepted.action_close()
        rejected = claim(cls.lamp, 1, 10.0)
        rejected.action_start()
        rejected.action_reject_all()
        rejected.action_decide()
        rejected.action_close()
        cls._packed_deliveries()

    @classmethod
    def _packed_deliveries(cls):
        """Claim rates: two deliveries packed this month, none claimed."""
        packer = new_test_user(
            cls.env,
            login="dashboard_packer",
            name="Dora Packer",
            groups="stock.group_stock_user",
        )
        for _index in range(2):
            order = cls.env["sale.order"].create(
                {
                    "partner_id": cls.customer.id,
                    "order_line": [
                        Command.create(
                            {"product_id": cls.lamp.id, "product_uom_qty": 2}
                        )
                    ],
                }
            )
            order.action_confirm()
            picking = order.picking_ids.with_user(packer)
            picking.move_ids.write({"quantity": 2, "picked": True})
            picking.button_validate()
        cls.env["claim.rate"]._refresh_company_rates(cls.env.company, full=True)

    def test_numbers(self):
        data = self.env["claim.dashboard"].with_user(self.manager).get_dashboard_data()
        cards = data["cards"]
        self.assertEqual(cards["open"], 3)
        self.assertEqual(cards["overdue"], 1)
        self.assertEqual(cards["acceptance_rate"], 50.0)
        self.assertEqual(cards["value_credited_month"], 0.0)
        self.assertGreaterEqual(cards["mean_days"], 0.0)
        self.assertLess(cards["median_days"], 1.0)
        self.assertEqual(
            data["top_products"][0],
            {
                "model": "product.product",
                "id": self.chair.id,
                "name": "Dashboard Chair",
                "count": 3,
            },
        )
        self.assertEqual(data["top_customers"][0]["count"], 5)
        self.assertEqual(sum(week["count"] for week in data["by_week"]), 5)
        self.assertEqual(
            self.env["claim.claim"].search(data["domains"]["overdue"]), self.overdue
        )

    def test_history_figures_cover_the_period(self):
        Dashboard = self.env["claim.dashboard"].with_user(self.manager)
        data = Dashboard.get_dashboard_data(days=30)
        self.assertEqual(data["period"], {"days": 30, "choices": [30, 90, 365]})
        # the chair claim received 40 days ago is out of the last 30 days ...
        self.assertEqual(
            data["top_products"][0],
            {
                "model": "product.product",
                "id": self.chair.id,
                "name": "Dashboard Chair",
                "count": 2,
            },
        )
        self.assertEqual(data["top_customers"][0]["count"], 4)
        # ... but still open and overdue: the workload counts every open claim
        self.assertEqual(data["cards"]["open"], 3)
        self.assertEqual(data["cards"]["overdue"], 1)
        self.assertEqual(data["cards"]["acceptance_rate"], 50.0)

    def test_archived_claims_do_not_count(self):
        Dashboard = self.env["claim.dashboard"].with_user(self.manager)
        self.open_1.action_archive()
        data = Dashboard.get_dashboard_data()
        self.assertEqual(data["top_products"][0]["count"], 2)
        self.assertEqual(data["top_customers"][0]["count"], 4)
        self.assertEqual(data["cards"]["open"], 2)

    def test_period_refuses_what_it_does_not_offer(self):
        Dashboard = self.env["claim.dashboard"].with_user(self.manager)
        for days in ("abc", None, 7, -1, 10**9):
            self.assertEqual(
                Dashboard.get_dashboard_data(days=days)["period"]["days"], 90
            )

    def test_period_starts_at_midnight_of_the_user(self):
        Dashboard = self.env["claim.dashboard"].with_user(self.manager)
        today = fields.Date.context_today(Dashboard.with_context(tz="Europe/Warsaw"))
        start = Dashboard.with_context(tz="Europe/Warsaw")._period_start(30)
        local = fields.Datetime.context_timestamp(
            Dashboard.with_context(tz="Europe/Warsaw"), start
        )
        self.assertEqual(
            (local.date(), local.hour, local.minute), (today - timedelta(days=30), 0, 0)
        )
        # in New York, midnight is 5 or 4 hours after UTC's
        start_ny = Dashboard.with_context(tz="America/New_York")._period_start(30)
        self.assertIn(start_ny.hour, (4, 5))

    def test_dashboard_renders(self):
        self.start_tour(
            "/odoo/claims-dashboard",
            "claim_management_dashboard_tour",
            login=self.manager.login,
        )

    def test_operator_reads_the_computed_figures(self):
        operator = new_test_user(
            self.env,
            login="dashboard_claim_operator",
            groups="base.group_user,claim_management.group_claim_operator",
            tz="Europe/Warsaw",
        )
        self.env["claim.dashboard.snapshot"]._refresh_company(self.env.company)
        self.env["claim.claim"].with_user(operator).create(
            {
                "partner_id": self.customer.id,
                "claim_type_id": self.env.ref("claim_management.type_quantity").id,
                "line_ids": [
                    Command.create(
                        {"product_id": self.lamp.id, "quantity": 1, "price_unit": 20}
                    )
                ],
            }
        )
        self.start_tour(
            "/odoo/claims-dashboard",
            "claim_management_dashboard_snapshot_tour",
            login=operator.login,
        )
