"""Loaners through the browser and Odoo's other doors: the operator's
lend-and-return tour, the customer's claim page, JSON-2 refusals."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import ClaimJson2Mixin, role_user
from .common_loaner import ClaimLoanerMixin
from .common_portal import ClaimPortalCommon


@tagged("post_install", "-at_install")
class TestClaimLoanerUi(ClaimJson2Mixin, ClaimLoanerMixin, ClaimPortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_loaners()
        cls.operator_only = role_user(
            cls.env,
            "tour_claim_loaner_operator",
            "claim_management.group_claim_operator",
        )
        cls.claim = cls._portal_claim()
        cls.claim.sudo().action_start()

    def test_operator_role_only_lends_and_takes_back(self):
        groups = self.operator_only.all_group_ids
        self.assertFalse(groups & self.env.ref("stock.group_stock_user"))
        product = self.env["product.product"].create(
            {
                "name": "Tour Loaner Drill",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "claim_is_loaner": True,
            }
        )
        lot = self.env["stock.lot"].create(
            {"name": "TL-0001", "product_id": product.id}
        )
        quant = self.env["stock.quant"].create(
            {
                "product_id": product.id,
                "location_id": self.loaner_location.id,
                "lot_id": lot.id,
                "inventory_quantity": 1,
            }
        )
        quant.action_apply_inventory()
        self.start_tour(
            f"/odoo/action-claim_management.claim_claim_action/{self.claim.id}",
            "claim_management_loaner_tour",
            login=self.operator_only.login,
        )
        loan = self.claim.loaner_ids
        self.assertRecordValues(
            loan,
            [
                {
                    "state": "returned",
                    "lot_id": lot.id,
                    "create_uid": self.operator_only.id,
                }
            ],
        )
        self.assertEqual(loan.lend_picking_id.state, "done")
        self.assertEqual(loan.return_picking_id.state, "done")
        self.assertEqual(self._lot_location(lot), self.loaner_location)

    def test_portal_customer_sees_loaner_serial_and_due_date(self):
        due = fields.Date.today() + timedelta(days=9)
        loan = self._new_loan(self.claim, date_due=due)
        self.authenticate(self.portal_user.login, self.portal_user.login)
        page = self.url_open(f"/my/claims/{self.claim.id}").text
        # a draft loan is not the customer's yet
        self.assertNotIn("LOAN-001", page)
        loan.action_lend()
        page = self.url_open(f"/my/claims/{self.claim.id}").text
        self.assertIn("o_claim_portal_loaners", page)
        self.assertIn("LOAN-001", page)
        self.assertIn("Loaner Espresso Machine", page)
        self.assertIn(due.strftime("%m/%d/%Y"), page)
        # the other customer sees nothing of it
        self.authenticate(self.other_portal_user.login, self.other_portal_user.login)
        response = self.url_open(f"/my/claims/{self.claim.id}")
        self.assertNotIn("LOAN-001", response.text)

    def test_json2_refusals(self):
        self.operator.password = self.operator.login
        loan = self._new_loan(self.claim)
        for vals in ({"state": "returned"}, {"lend_picking_id": self.delivery.id}):
            with self.subTest(vals=vals):
                response = self._json2(
                    self.operator,
                    "claim.loaner",
                    "write",
                    {"ids": loan.ids, "vals": vals},
                )
                self.assertNotEqual(response.status_code, 200)
                self.assertIn("AccessError", response.text)
        # taking back a unit never lent is refused
        response = self._json2(
            self.operator, "claim.loaner", "action_return", {"ids": loan.ids}
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertIn("UserError", response.text)
        # the portal customer reaches no loan
        self.portal_user.password = self.portal_user.login
        self.env["ir.config_parameter"].sudo().set_param("portal.allow_api_keys", True)
        response = self._json2(
            self.portal_user, "claim.loaner", "action_lend", {"ids": loan.ids}
        )
        self.assertNotEqual(response.status_code, 200)
        # the private helpers are no doors
        response = self._json2(
            self.operator, "claim.loaner", "_lend", {"ids": loan.ids}
        )
        self.assertNotEqual(response.status_code, 200)
        loan.invalidate_recordset()
        self.assertEqual(loan.state, "draft")
        self.assertFalse(loan.lend_picking_id)
        # the operator lends over JSON-2
        response = self._json2(
            self.operator, "claim.loaner", "action_lend", {"ids": loan.ids}
        )
        self.assertEqual(response.status_code, 200, response.text)
        loan.invalidate_recordset()
        self.assertEqual(loan.state, "lent")
