import threading
from unittest.mock import patch

from odoo.tests import new_test_user, tagged

from ..controllers.portal import ClaimPortal
from .common_portal import PNG, ClaimPortalCommon


@tagged("post_install", "-at_install")
class TestClaimReadonlyRoutes(ClaimPortalCommon):
    """Routes that only read are declared read-only, so that Odoo serves them
    on a read-only cursor (the read replica of db_replica_host). Tests run them
    on a read-only test cursor: a write would fail and be retried with a
    warning, which these tests refuse."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.claim_public_form = True
        cls.claim = cls._portal_claim(quantity=2)
        cls.claim._portal_ensure_token()
        # the files of the claim's e-mails so far have their download tokens
        cls.claim._customer_visible_attachments().generate_access_token()
        cls.manager = new_test_user(
            cls.env,
            login="readonly_claim_manager",
            groups="base.group_user,claim_management.group_claim_manager",
        )

    def _routing(self, path, method="GET"):
        # the routing map is built for the database of the current thread
        with patch.object(
            threading.current_thread(), "dbname", self.env.cr.dbname, create=True
        ):
            routing_map = self.env["ir.http"].routing_map()
        rule, _args = routing_map.bind("localhost").match(
            path, method=method, return_rule=True
        )
        return rule.endpoint.routing

    def _get(self, url):
        """GET ``url``; fails when a read-only route tried to write (Odoo logs
        a warning and retries on a read/write cursor then)."""
        with self.assertNoLogs("odoo.http", "WARNING"):
            response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return response

    def _customer_file(self):
        customer_file = self.env["ir.attachment"].create(
            {
                "name": "photo.png",
                "raw": PNG,
                "res_model": "claim.claim",
                "res_id": self.claim.id,
            }
        )
        self.claim._post_customer_message(
            self.portal_user.partner_id, "A photo.", customer_file
        )
        return customer_file

    def test_routes_declared_readonly(self):
        for path in (
            "/my/claims",
            "/my/claims/page/2",
            "/my/claims/new",
            "/claims/sent",
        ):
            self.assertIs(self._routing(path)["readonly"], True, path)
        # GET shows a page, POST writes (rate limits, requests, confirmation)
        for path in ("/claims/new", "/claims/confirm/some-token"):
            readonly = self._routing(path)["readonly"]
            self.assertTrue(callable(readonly), path)
            self.assertEqual(readonly.__name__, "_readonly_get", path)
        page = self._routing(f"/my/claims/{self.claim.id}")["readonly"]
        self.assertEqual(page.__name__, "_claim_page_readonly")
        # routes that write stay read/write
        for path in ("reply", "accept", "dispute"):
            routing = self._routing(f"/my/claims/{self.claim.id}/{path}", "POST")
            self.assertFalse(routing["readonly"], path)

    def test_claim_page_writes_tokens_once_then_reads_only(self):
        customer_file = self._customer_file()
        self.order.access_token = False
        self.assertTrue(ClaimPortal._claim_page_needs_tokens(self.env, self.claim.id))
        self.authenticate(self.portal_user.login, self.portal_user.login)
        # first view: read/write, the download links get their tokens
        page = self._get(f"/my/claims/{self.claim.id}").text
        self.env.invalidate_all()
        self.assertTrue(customer_file.access_token)
        self.assertTrue(self.order.access_token)
        self.assertIn(f"access_token={customer_file.access_token}", page)
        self.assertFalse(ClaimPortal._claim_page_needs_tokens(self.env, self.claim.id))
        # later views: read-only, the same page
        again = self._get(f"/my/claims/{self.claim.id}").text
        self.assertIn(self.claim.name, again)
        self.assertIn("photo.png", again)
        self.assertIn(f"access_token={customer_file.access_token}", again)

    def test_claim_page_of_unknown_claim_needs_no_token(self):
        self.assertFalse(ClaimPortal._claim_page_needs_tokens(self.env, 0))
        self.assertFalse(ClaimPortal._claim_page_needs_tokens(self.env, 10**9))

    def test_tracking_page_with_the_link_reads_only(self):
        """The consumer's private link (public tracking page), as a visitor."""
        # the visitor reads no order: its missing token is no reason to write
        self.order.access_token = False
        self.assertTrue(ClaimPortal._claim_page_needs_tokens(self.env, self.claim.id))
        self.assertFalse(
            ClaimPortal._claim_page_needs_tokens(self.env, self.claim.id, visitor=True)
        )
        url = f"/my/claims/{self.claim.id}?access_token={self.claim.access_token}"
        page = self._get(url).text
        self.assertIn(self.claim.name, page)
        self.assertIn("Office Chair", page)

    def test_portal_list_reads_only(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        page = self._get("/my/claims").text
        self.assertIn(self.claim.name, page)

    def test_public_form_pages_read_only(self):
        page = self._get("/claims/new?document_number=S00042").text
        self.assertIn("S00042", page)
        self._get("/claims/sent")

    def test_dashboard_data_reads_only(self):
        method = type(self.env["claim.dashboard"]).get_dashboard_data
        self.assertTrue(method._readonly)
        self.authenticate(self.manager.login, self.manager.login)
        with self.assertNoLogs("odoo.http", "WARNING"):
            data = self.make_jsonrpc_request(
                "/web/dataset/call_kw/claim.dashboard/get_dashboard_data",
                {
                    "model": "claim.dashboard",
                    "method": "get_dashboard_data",
                    "args": [],
                    "kwargs": {},
                },
            )
        self.assertGreaterEqual(data["cards"]["open"], 1)
