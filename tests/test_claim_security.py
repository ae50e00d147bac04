from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ClaimCommon


@tagged("post_install", "-at_install")
class TestClaimSecurity(ClaimCommon):
    def test_claim_user_sees_own_and_followed_claims(self):
        own = self._create_claim(user=self.claim_user)
        assigned = self._create_claim(user_id=self.claim_user.id)
        followed = self._create_claim()
        followed.message_subscribe(partner_ids=self.claim_user.partner_id.ids)
        foreign = self._create_claim()

        visible = self.env["claim.claim"].with_user(self.claim_user).search([])
        self.assertIn(own, visible)
        self.assertIn(assigned, visible)
        self.assertIn(followed, visible)
        self.assertNotIn(foreign, visible)
        with self.assertRaises(AccessError):
            foreign.with_user(self.claim_user).read(["name"])
        with self.assertRaises(AccessError):
            foreign.line_ids.with_user(self.claim_user).read(["quantity"])
        # the claims of another user stay hidden from them
        self.assertNotIn(
            own, self.env["claim.claim"].with_user(self.other_user).search([])
        )

    def test_operator_sees_all_claims_of_own_company(self):
        mine = self._create_claim(user=self.claim_user)
        other_company = self._create_claim(
            user=self.operator_b, company_id=self.company_2.id
        )
        visible = self.env["claim.claim"].with_user(self.operator).search([])
        self.assertIn(mine, visible)
        self.assertNotIn(other_company, visible)
        with self.assertRaises(AccessError):
            other_company.with_user(self.operator).read(["name"])
        self.assertNotIn(
            mine, self.env["claim.claim"].with_user(self.operator_b).search([])
        )

    def test_claim_in_other_company_cannot_be_created(self):
        with self.assertRaises(AccessError):
            self._create_claim(user=self.operator, company_id=self.company_2.id)

    def test_operators_archive_but_never_delete(self):
        claim = self._create_claim()
        with self.assertRaises(AccessError):
            claim.with_user(self.operator).unlink()
        with self.assertRaises(AccessError):
            claim.with_user(self.claim_user).unlink()
        claim.with_user(self.operator).action_archive()
        self.assertFalse(claim.active)

    def test_manager_deletes_only_new_claims_without_documents(self):
        new_claim = self._create_claim()
        new_claim.with_user(self.manager).unlink()
        self.assertFalse(new_claim.exists())

        started = self._create_claim()
        started.action_start()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            started.with_user(self.manager).unlink()

        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [(0, 0, {"product_id": self.product_b.id})],
            }
        )
        order.action_confirm()
        # the order is not delivered: nothing of it can be claimed yet
        with_document = self._create_claim(sale_order_id=order.id, lines=[])
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            with_document.with_user(self.manager).unlink()
        self.assertTrue(started.exists() and with_document.exists())

    def test_configuration_is_for_managers(self):
        for user in (self.claim_user, self.operator):
            with self.assertRaises(AccessError):
                self.env["claim.type"].with_user(user).create(
                    {"name": "Hidden defects"}
                )
            with self.assertRaises(AccessError):
                self.env["claim.stage"].with_user(user).create(
                    {"name": "Expertise", "state": "in_progress"}
                )
            with self.assertRaises(AccessError):
                self.type_quality.with_user(user).write({"resolution_days": 3})
        new_type = (
            self.env["claim.type"]
            .with_user(self.manager)
            .create({"name": "Hidden defects"})
        )
        self.assertTrue(new_type)

    def test_type_of_other_company_hidden(self):
        own_type = self.env["claim.type"].create(
            {"name": "Company B returns", "company_id": self.company_2.id}
        )
        types = self.env["claim.type"].with_user(self.operator).search([])
        self.assertNotIn(own_type, types)
        self.assertIn(self.type_quality, types)

    def test_internal_users_without_claim_rights(self):
        employee = self._new_user("plain_employee", "base.group_user")
        claim = self._create_claim()
        with self.assertRaises(AccessError):
            claim.with_user(employee).read(["name"])
        with self.assertRaises(AccessError):
            self.env["claim.claim"].with_user(employee).create(
                {"partner_id": self.customer.id, "claim_type_id": self.type_quality.id}
            )
