"""Service contracts on the portal (list, page, refusals), in the browser,
and the refusals of Odoo's other doors (JSON-2)."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import ClaimJson2Mixin, portal_user
from .common_contract import ClaimContractCommon


@tagged("post_install", "-at_install")
class TestClaimContractPortal(ClaimJson2Mixin, ClaimContractCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_a.name = "Tour Contract Chair"
        cls.contract = cls._contract(
            name="Tour Premium Service",
            reference="SC-42",
            product_ids=[Command.set(cls.product_a.ids)],
            slas={"0": ("days", 2, 5), "3": ("hours", 2, 8)},
        )
        cls.draft = cls._contract(
            run=False, name="Draft Offer", product_ids=[Command.set(cls.product_b.ids)]
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other Trading", "is_company": True}
        )
        cls.other_contract = cls._contract(
            partner=cls.other_customer, name="Other Secret Terms"
        )
        cls.portal_user = portal_user(
            cls.env, "claim_contract_portal", cls.customer, name="Paula Contract"
        )
        cls.other_portal_user = portal_user(
            cls.env,
            "claim_contract_portal_other",
            cls.other_customer,
            name="Oscar Contract",
        )

    def test_portal_list_and_page(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        claims = self.url_open("/my/claims")
        self.assertIn("/my/claims/contracts", claims.text)
        response = self.url_open("/my/claims/contracts")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Tour Premium Service", response.text)
        self.assertIn("SC-42", response.text)
        self.assertNotIn("Draft Offer", response.text)
        self.assertNotIn("Other Secret Terms", response.text)
        page = self.url_open(f"/my/claims/contracts/{self.contract.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Tour Contract Chair", page.text)
        self.assertIn("Working Hours", page.text)
        self.assertEqual(page.text.count("o_claim_portal_contract_sla"), 2)
        # the page of a claim under the contract links to it
        claim = self._claim(partner=self.portal_user.partner_id)
        self.assertEqual(claim.contract_id, self.contract)
        page = self.url_open(f"/my/claims/{claim.id}")
        self.assertIn(f'href="/my/claims/contracts/{self.contract.id}"', page.text)

    def test_portal_refusals(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        for contract_id in (self.other_contract.id, self.draft.id, 999999):
            response = self.url_open(f"/my/claims/contracts/{contract_id}")
            self.assertEqual(response.status_code, 404, contract_id)
            self.assertNotIn("Other Secret Terms", response.text)
        # the other customer sees no link and no contract of ours
        self.authenticate(self.other_portal_user.login, self.other_portal_user.login)
        response = self.url_open("/my/claims/contracts")
        self.assertIn("Other Secret Terms", response.text)
        self.assertNotIn("Tour Premium Service", response.text)
        # no portal user reaches the records over the ORM either
        Contract = self.env["claim.contract"].with_user(self.portal_user)
        self.assertEqual(Contract.search([]), self.contract)
        with self.assertRaises(AccessError):
            self.other_contract.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            self.contract.with_user(self.portal_user).write({"name": "Ours"})
        with self.assertRaises(AccessError):
            self.other_contract.sla_ids.with_user(self.portal_user).read(["priority"])

    def test_public_visitor_redirected(self):
        response = self.url_open(
            f"/my/claims/contracts/{self.contract.id}", allow_redirects=False
        )
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_json2_operator_cannot_change_contract(self):
        claim = self._claim()
        self.assertEqual(claim.contract_id, self.contract)
        response = self._json2(
            self.operator,
            "claim.claim",
            "write",
            {"ids": claim.ids, "vals": {"contract_id": False}},
        )
        self.assertEqual(response.status_code, 403, response.text)
        self.assertIn("only a claims manager", response.json()["message"])
        response = self._json2(
            self.operator,
            "claim.contract",
            "write",
            {"ids": self.contract.ids, "vals": {"date_end": "2030-12-31"}},
        )
        self.assertEqual(response.status_code, 403, response.text)
        response = self._json2(
            self.manager,
            "claim.contract",
            "write",
            {"ids": self.contract.ids, "vals": {"state": "closed"}},
        )
        self.assertEqual(response.status_code, 403, response.text)
        self.env.invalidate_all()
        self.assertEqual(claim.contract_id, self.contract)
        self.assertEqual(self.contract.state, "running")
        self.assertEqual(str(self.contract.date_end), "2026-12-31")

    def test_portal_tour(self):
        self.start_tour(
            "/my/claims",
            "claim_management_contract_portal_tour",
            login=self.portal_user.login,
        )
