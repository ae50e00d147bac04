from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import ClaimJson2Mixin
from .common_field import ClaimFieldCommon


@tagged("post_install", "-at_install")
class TestClaimFieldUi(ClaimJson2Mixin, HttpCase, ClaimFieldCommon):
    """The technician's phone screen (a real browser of a phone's size) and
    the visit and van rules over JSON-2, as the real users."""

    browser_size = "375x667"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("portal.allow_api_keys", True)
        cls._load_van(cls.part, 5)
        for user in (cls.technician, cls.operator):
            user.password = user.login

    def _visit(self):
        claim = self._claim({(self.product_a, None): 1}, decide=False)
        visit = claim.with_user(self.operator)._plan_visit(
            self.technician, self._tomorrow(), 1.0
        )
        return claim, visit

    def test_technician_phone_tour(self):
        self.assertEqual(
            self.technician.group_ids,
            self.env.ref("base.group_user")
            | self.env.ref("claim_management.group_claim_user"),
        )
        self._visit()
        self.start_tour(
            "/odoo/action-claim_management.claim_my_visit_action",
            "claim_management_field_technician_tour",
            login=self.technician.login,
        )

    def test_json2_refusals(self):
        claim, visit = self._visit()
        later = fields.Datetime.to_string(self._tomorrow(16))
        for user, model, method, body in (
            # technicians do not reschedule their visits nor plan new ones
            (
                self.technician,
                "calendar.event",
                "write",
                {"ids": visit.ids, "vals": {"start": later}},
            ),
            (self.technician, "calendar.event", "unlink", {"ids": visit.ids}),
            (
                self.technician,
                "claim.claim",
                "action_open_visit_wizard",
                {"ids": claim.ids},
            ),
            # nobody links an event to a claim but the planning
            (
                self.operator,
                "calendar.event",
                "create",
                {
                    "vals_list": [
                        {
                            "name": "Forged",
                            "claim_id": claim.id,
                            "start": later,
                            "stop": later,
                        }
                    ]
                },
            ),
            # vans are configured by managers
            (
                self.technician,
                "claim.van",
                "create",
                {"vals_list": [{"name": "Mine", "user_id": self.technician.id}]},
            ),
            (
                self.technician,
                "claim.van",
                "write",
                {"ids": self.van.ids, "vals": {"user_id": self.operator.id}},
            ),
            # the private helpers are not doors
            (self.technician, "claim.claim", "_plan_visit", {"ids": claim.ids}),
            (
                self.operator,
                "claim.van",
                "_replenish",
                {"ids": self.van.ids, "quantities": []},
            ),
        ):
            with self.subTest(user=user.login, model=model, method=method):
                response = self._json2(user, model, method, body)
                self.assertNotEqual(response.status_code, 200, response.text)
        self.assertRecordValues(
            visit, [{"start": self._tomorrow(), "user_id": self.technician.id}]
        )
        self.assertEqual(
            self.env["calendar.event"].search_count([("claim_id", "=", claim.id)]), 1
        )
        self.assertEqual(self.env["claim.van"].search_count([]), 1)
        # the technician reads their visits and van over JSON-2
        response = self._json2(
            self.technician,
            "calendar.event",
            "search_read",
            {"domain": [("claim_id", "!=", False)], "fields": ["name", "location"]},
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual([r["id"] for r in response.json()], visit.ids)
