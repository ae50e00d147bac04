"""Service orders through the browser and Odoo's other doors: the
operator's send-and-receive tour, JSON-2 refusals, the portal kept out."""

from odoo.tests import tagged

from .common import ClaimJson2Mixin, role_user
from .common_portal import ClaimPortalCommon
from .common_service import ClaimServiceMixin


@tagged("post_install", "-at_install")
class TestClaimServiceUi(ClaimJson2Mixin, ClaimServiceMixin, ClaimPortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service()
        cls.service_partner.name = "Tour Service Centre"
        cls.operator_only = role_user(
            cls.env,
            "tour_claim_service_operator",
            "claim_management.group_claim_operator",
        )
        cls.claim = cls._portal_claim()
        cls.claim.sudo().action_start()

    def setUp(self):
        super().setUp()
        self._receive(self.claim)

    def test_operator_role_only_sends_and_receives(self):
        groups = self.operator_only.all_group_ids
        self.assertFalse(groups & self.env.ref("stock.group_stock_user"))
        self.start_tour(
            f"/odoo/action-claim_management.claim_claim_action/{self.claim.id}",
            "claim_management_service_tour",
            login=self.operator_only.login,
        )
        order = self.claim.service_order_ids
        self.assertRecordValues(
            order,
            [
                {
                    "state": "returned",
                    "partner_id": self.service_partner.id,
                    "tracking_ref": "TOUR-TRACK-1",
                    "create_uid": self.operator_only.id,
                }
            ],
        )
        self.assertEqual(order.line_ids.product_id, self.product_a)
        self.assertEqual(order.send_picking_id.state, "done")
        self.assertEqual(order.send_picking_id.carrier_tracking_ref, "TOUR-TRACK-1")
        self.assertEqual(order.return_picking_id.state, "done")
        self.assertEqual(
            self._location_quantity(self.product_a, self.claims_location), 1
        )

    def test_json2_refusals(self):
        self.operator.password = self.operator.login
        order = self._new_order(self.claim)
        for vals in (
            {"state": "returned"},
            {"send_picking_id": self.delivery.id},
            {"date_sent": "2026-01-01 00:00:00"},
        ):
            with self.subTest(vals=vals):
                response = self._json2(
                    self.operator,
                    "claim.service.order",
                    "write",
                    {"ids": order.ids, "vals": vals},
                )
                self.assertNotEqual(response.status_code, 200)
                self.assertIn("AccessError", response.text)
        # receiving goods never sent is refused
        response = self._json2(
            self.operator, "claim.service.order", "action_receive", {"ids": order.ids}
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertIn("UserError", response.text)
        # a non-service partner is refused
        response = self._json2(
            self.operator,
            "claim.service.order",
            "write",
            {"ids": order.ids, "vals": {"partner_id": self.plain_vendor.id}},
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertIn("ValidationError", response.text)
        # the portal customer reaches no service order, not even to read it
        self.portal_user.password = self.portal_user.login
        self.env["ir.config_parameter"].sudo().set_param("portal.allow_api_keys", True)
        for method, body in (
            ("action_send", {"ids": order.ids}),
            ("search_read", {"domain": [], "fields": ["name"]}),
            ("read", {"ids": order.ids, "fields": ["name"]}),
        ):
            with self.subTest(method=method):
                response = self._json2(
                    self.portal_user, "claim.service.order", method, body
                )
                self.assertNotEqual(response.status_code, 200)
                self.assertIn("AccessError", response.text)
        # the private helpers are no doors
        response = self._json2(
            self.operator, "claim.service.order", "_send", {"ids": order.ids}
        )
        self.assertNotEqual(response.status_code, 200)
        order.invalidate_recordset()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.send_picking_id)
        # the operator sends over JSON-2; sending twice is refused
        response = self._json2(
            self.operator, "claim.service.order", "action_send", {"ids": order.ids}
        )
        self.assertEqual(response.status_code, 200, response.text)
        order.invalidate_recordset()
        self.assertEqual(order.state, "sent")
        response = self._json2(
            self.operator, "claim.service.order", "action_send", {"ids": order.ids}
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertIn("UserError", response.text)
        response = self._json2(
            self.operator, "claim.service.order", "action_cancel", {"ids": order.ids}
        )
        self.assertIn("UserError", response.text)
        order.invalidate_recordset()
        self.assertEqual(order.state, "sent")
