import re
from datetime import timedelta

from odoo import Command, fields, sql_db
from odoo.addons.claim_management.controllers.portal import ClaimPortal
from odoo.tests import tagged

from .common_portal import ClaimPortalCommon


@tagged("post_install", "-at_install")
class TestClaimPortalList(ClaimPortalCommon):
    """/my/claims: the customer's claims only, sorted, filtered, searched and
    paged, with as many queries for 3 claims as for 40."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.claim_new = cls._portal_claim(quantity=1)
        cls.claim_delivery = cls._portal_claim(
            document=cls.delivery, product=cls.product_b, quantity=1
        )
        cls.claim_closed = cls._portal_claim(quantity=1)
        cls.claim_closed.date_received = fields.Datetime.now() - timedelta(days=3)
        cls.claim_closed.action_start()
        cls.claim_closed.line_ids.write({"decision": "accepted"})
        cls.claim_closed.action_decide()
        cls.claim_closed.action_close()
        cls.other_claim = cls._portal_claim(
            document=cls.other_invoice, partner=cls.other_portal_user.partner_id
        )

    def _numbers(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return re.findall(r'<a href="/my/claims/\d+">([^<]+)</a>', response.text)

    def _bulk_claims(self, count):
        self.env["claim.claim"].create(
            [
                {
                    "partner_id": self.customer_contact.id,
                    "claim_type_id": self.type_quantity.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.product_b.id,
                                "quantity": 1,
                                "price_unit": 30,
                            }
                        )
                    ],
                }
                for _index in range(count)
            ]
        )

    def test_home_counter(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["claim_count"]}
        )
        self.assertEqual(counters["claim_count"], 3)
        home = self.url_open("/my/home").text
        self.assertIn('href="/my/claims"', home)
        self.assertIn("File a claim or follow your claims", home)
        # another customer's contact counts their own claims only
        self.authenticate(self.other_portal_user.login, self.other_portal_user.login)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["claim_count"]}
        )
        self.assertEqual(counters["claim_count"], 1)

    def test_list_shows_own_claims_only(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        numbers = self._numbers("/my/claims")
        self.assertCountEqual(
            numbers,
            [self.claim_new.name, self.claim_delivery.name, self.claim_closed.name],
        )
        self.assertNotIn(self.other_claim.name, self.url_open("/my/claims").text)

    def test_sortings(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        by_number = self._numbers("/my/claims?sortby=number")
        self.assertEqual(by_number, sorted(by_number, reverse=True))
        by_date = self._numbers("/my/claims?sortby=date")
        self.assertEqual(by_date[-1], self.claim_closed.name)
        by_state = self._numbers("/my/claims?sortby=state")
        self.assertEqual(by_state[0], self.claim_closed.name)  # "closed" < "new"
        self.claim_delivery.resolution_deadline = fields.Date.today() + timedelta(1)
        by_deadline = self._numbers("/my/claims?sortby=deadline")
        self.assertEqual(by_deadline[0], self.claim_delivery.name)
        # an unknown sorting falls back to the newest first
        self.assertEqual(self._numbers("/my/claims?sortby=id;drop"), by_date)

    def test_filters(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        self.assertCountEqual(
            self._numbers("/my/claims?filterby=open"),
            [self.claim_new.name, self.claim_delivery.name],
        )
        self.assertEqual(
            self._numbers("/my/claims?filterby=resolved"), [self.claim_closed.name]
        )
        self.assertEqual(len(self._numbers("/my/claims?filterby=all")), 3)

    def test_search(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        self.assertEqual(
            self._numbers(f"/my/claims?search_in=number&search={self.claim_new.name}"),
            [self.claim_new.name],
        )
        self.assertEqual(
            self._numbers("/my/claims?search_in=product&search=Desk Lamp"),
            [self.claim_delivery.name],
        )
        self.assertCountEqual(
            self._numbers(f"/my/claims?search_in=document&search={self.delivery.name}"),
            [self.claim_new.name, self.claim_delivery.name, self.claim_closed.name],
        )
        self.assertEqual(
            self._numbers(f"/my/claims?search={self.other_invoice.name}"), []
        )
        self.assertEqual(
            self._numbers("/my/claims?search=Lamp"), [self.claim_delivery.name]
        )

    def test_pagination(self):
        self._bulk_claims(82)
        self.authenticate(self.portal_user.login, self.portal_user.login)
        first = self._numbers("/my/claims")
        second = self._numbers("/my/claims/page/2")
        self.assertEqual(len(first), 80)
        self.assertEqual(len(second), 5)
        self.assertFalse(set(first) & set(second))
        page = self.url_open("/my/claims").text
        self.assertIn("/my/claims/page/2", page)

    def test_count_is_limited(self):
        self._bulk_claims(6)  # 9 claims of the customer
        self.patch(ClaimPortal, "_claim_count_limit", 5)
        self.patch(ClaimPortal, "_items_per_page", 2)
        self.authenticate(self.portal_user.login, self.portal_user.login)
        page = self.url_open("/my/claims").text
        self.assertIn("o_claim_portal_capped", page)
        self.assertIn("/my/claims/page/3", page)
        self.assertNotIn("/my/claims/page/4", page)
        # the pages past the limited count are reached from the last one
        page = self.url_open("/my/claims/page/3").text
        self.assertIn("/my/claims/page/4", page)
        self.assertEqual(len(self._numbers("/my/claims/page/5")), 1)
        self.assertNotIn(
            "o_claim_portal_capped", self.url_open("/my/claims/page/5").text
        )

    def _query_count(self, url):
        for _warm in range(2):
            self.url_open(url)
        before = sql_db.sql_counter
        self.assertEqual(self.url_open(url).status_code, 200)
        return sql_db.sql_counter - before

    def test_query_count_does_not_grow(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        few = self._query_count("/my/claims")
        self._bulk_claims(40)
        self.env.flush_all()
        many = self._query_count("/my/claims")
        self.assertLessEqual(many, few)
        self.assertLess(few, 40)
