from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestClaimDashboardRating(HttpCase):
    """Customer ratings on the dashboard: average, low ratings, per
    responsible and per claim type, over the claims the user may see."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="rating_dashboard_manager",
            groups="base.group_user,claim_management.group_claim_manager",
        )
        cls.olga = new_test_user(
            cls.env,
            login="rating_dashboard_olga",
            name="Olga Operator",
            groups="base.group_user,claim_management.group_claim_operator",
        )
        cls.tom = new_test_user(
            cls.env,
            login="rating_dashboard_tom",
            name="Tom Technician",
            groups="base.group_user,claim_management.group_claim_user",
        )
        cls.customer = cls.env["res.partner"].create({"name": "Rating Customer"})
        cls.chair = cls.env["product.product"].create({"name": "Rating Chair"})
        # only our claims count: leave out whatever the database holds
        cls.env["claim.claim"].search([]).action_archive()
        Claim = cls.env["claim.claim"].with_user(cls.manager)
        quantity = cls.env.ref("claim_management.type_quantity")
        cls.other_type = cls.env["claim.type"].create({"name": "Rating Type"})
        # the claims of this type go to this team (claim_claim_team.py)
        cls.team = cls.env["claim.team"].create(
            {
                "name": "Rating Team",
                "user_id": cls.manager.id,
                "claim_type_ids": [Command.link(cls.other_type.id)],
            }
        )
        transport = cls.other_type

        def rated(user, claim_type, score):
            claim = Claim.create(
                {
                    "partner_id": cls.customer.id,
                    "claim_type_id": claim_type.id,
                    "user_id": user.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": cls.chair.id,
                                "quantity": 1,
                                "price_unit": 10,
                            }
                        )
                    ],
                }
            )
            claim.action_start()
            claim.action_accept_all()
            claim.action_decide()
            claim.action_close()
            if score:
                claim.sudo()._customer_rate(cls.customer, score)
            return claim

        rated(cls.olga, quantity, 5)
        rated(cls.olga, quantity, 4)
        rated(cls.tom, transport, 1)
        rated(cls.tom, transport, 0)  # closed, not rated

    def test_numbers(self):
        ratings = (
            self.env["claim.dashboard"]
            .with_user(self.manager)
            .get_dashboard_data()["ratings"]
        )
        self.assertEqual(ratings["count"], 3)
        self.assertEqual(ratings["average"], 3.3)
        self.assertEqual(ratings["low"], 1)
        by_user = {
            row["name"]: (row["average"], row["count"]) for row in ratings["by_user"]
        }
        self.assertEqual(
            by_user, {"Olga Operator": (4.5, 2), "Tom Technician": (1.0, 1)}
        )
        by_team = [
            (row["name"], row["average"], row["count"]) for row in ratings["by_team"]
        ]
        self.assertEqual(by_team, [("Rating Team", 1.0, 1)])
        by_type = {row["id"]: row["average"] for row in ratings["by_type"]}
        self.assertEqual(by_type[self.other_type.id], 1.0)
        low = self.env["claim.claim"].search(ratings["low_domain"])
        self.assertEqual(low.user_id, self.tom)

    def test_numbers_follow_record_rules(self):
        # a technician counts only their claims
        ratings = (
            self.env["claim.dashboard"]
            .with_user(self.tom)
            .get_dashboard_data()["ratings"]
        )
        self.assertEqual(ratings["count"], 1)
        self.assertEqual(
            [row["name"] for row in ratings["by_user"]], ["Tom Technician"]
        )

    def test_dashboard_renders(self):
        self.start_tour(
            "/odoo/claims-dashboard",
            "claim_management_dashboard_rating_tour",
            login="rating_dashboard_manager",
        )
