from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common_field import ClaimFieldCommon


@tagged("post_install", "-at_install")
class TestClaimFieldVisit(ClaimFieldCommon):
    """Technicians' visits: calendar events on the claim at the customer's
    delivery address, planned by operators."""

    def setUp(self):
        super().setUp()
        self.claim = self._claim_of()

    def _claim_of(self):
        return self._claim({(self.product_a, None): 1}, decide=False)

    def _plan(self, user=None, technician=None, start=None, duration=2.0, claim=None):
        claim = (claim or self.claim).with_user(user or self.operator)
        return claim._plan_visit(
            self.technician if technician is None else technician,
            start or self._tomorrow(),
            duration,
        )

    def test_plan_visit_with_the_wizard(self):
        start = self._tomorrow(9)
        action = self.claim.with_user(self.operator).action_open_visit_wizard()
        with Form(
            self.env[action["res_model"]]
            .with_user(self.operator)
            .with_context(**action["context"])
        ) as wizard_form:
            self.assertIn("Depot Road 7", wizard_form.address)
            wizard_form.user_id = self.technician
            wizard_form.start = start
            wizard_form.duration = 1.5
        result = wizard_form.save().action_plan()
        visit = self.env["calendar.event"].browse(result["res_id"])
        self.assertRecordValues(
            visit,
            [
                {
                    "claim_id": self.claim.id,
                    "res_model": "claim.claim",
                    "res_id": self.claim.id,
                    "user_id": self.technician.id,
                    "start": start,
                    "stop": start + timedelta(hours=1.5),
                    "claim_company_id": self.company.id,
                }
            ],
        )
        self.assertEqual(
            visit.partner_ids, self.technician.partner_id | self.claim.partner_id
        )
        self.assertIn("Depot Road 7", visit.location)
        self.assertIn("Krakow", visit.location)
        self.assertEqual(self.claim.visit_count, 1)
        self.assertEqual(
            self.claim.with_user(self.operator).action_view_visits()["domain"],
            [("claim_id", "=", self.claim.id)],
        )
        # the customer receives Odoo's invitation
        invitation = self.env["mail.message"].search(
            [
                ("model", "=", "calendar.event"),
                ("res_id", "=", visit.id),
                ("partner_ids", "in", self.claim.partner_id.ids),
            ]
        )
        self.assertTrue(invitation)
        # the technician follows the claim: they read it and see the visit
        self.assertIn(self.technician.partner_id, self.claim.message_partner_ids)
        self.assertEqual(
            visit.with_user(self.technician).action_open_claim()["res_id"],
            self.claim.id,
        )
        mine = (
            self.env["calendar.event"]
            .with_user(self.technician)
            .search([("claim_id", "!=", False), ("user_id", "=", self.technician.id)])
        )
        self.assertEqual(mine, visit)
        self.assertIn("Visit planned", self.claim.message_ids[0].body)

    def test_plan_visit_refusals(self):
        portal = self.env["res.users"].create(
            {
                "name": "Portal Petra",
                "login": "field_portal",
                "group_ids": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        cases = [
            (UserError, "Choose the technician", {"technician": self.env["res.users"]}),
            (
                UserError,
                "in the past",
                {"start": fields.Datetime.now() - timedelta(hours=1)},
            ),
            (UserError, "lasts some time", {"duration": 0}),
            (ValidationError, "does not work for", {"technician": self.technician_b}),
            (
                ValidationError,
                "not a claims technician",
                {"technician": self.stock_user},
            ),
            (ValidationError, "not a claims technician", {"technician": portal}),
            (AccessError, "Only claims operators", {"user": self.technician}),
        ]
        for error, message, kwargs in cases:
            with self.subTest(message=message), self.assertRaisesRegex(error, message):
                self._plan(**kwargs)
        with self.assertRaises(AccessError):
            self.claim.with_user(self.technician).action_open_visit_wizard()
        claim = self._claim_of()
        claim.action_cancel()
        with self.assertRaisesRegex(UserError, "open claims only"):
            self._plan(claim=claim)
        self.assertFalse(self.env["calendar.event"].search([("claim_id", "!=", False)]))

    def test_visit_is_locked_for_others(self):
        visit = self._plan()
        as_technician = visit.with_user(self.technician)
        with self.assertRaisesRegex(AccessError, "Only claims operators"):
            as_technician.start = self._tomorrow(15)
        with self.assertRaisesRegex(AccessError, "Only claims operators"):
            as_technician.user_id = self.operator
        with self.assertRaisesRegex(AccessError, "Only claims operators"):
            as_technician.unlink()
        # the technician may write their notes
        as_technician.description = "<p>Bring the spare wheel.</p>"
        # a claim link is the planning's, never a client's
        with self.assertRaises(AccessError):
            visit.with_user(self.operator).claim_id = self._claim_of()
        with self.assertRaises(AccessError):
            self.env["calendar.event"].with_user(self.operator).create(
                {
                    "name": "Forged visit",
                    "claim_id": self.claim.id,
                    "start": self._tomorrow(),
                    "stop": self._tomorrow(12),
                }
            )
        # operators reschedule, never into the past
        visit.with_user(self.operator).start = self._tomorrow(14)
        with self.assertRaisesRegex(UserError, "in the past"):
            visit.with_user(self.operator).write(
                {
                    "start": fields.Datetime.now() - timedelta(days=1),
                    "stop": fields.Datetime.now() - timedelta(hours=20),
                }
            )
        with self.assertRaisesRegex(ValidationError, "does not work for"):
            visit.with_user(self.operator).user_id = self.technician_b

    def test_visits_stay_in_their_company(self):
        visit = self._plan()
        Event = self.env["calendar.event"]
        self.assertFalse(
            Event.with_user(self.operator_b).search([("id", "=", visit.id)])
        )
        self.assertEqual(
            Event.with_user(self.operator).search([("id", "=", visit.id)]), visit
        )
