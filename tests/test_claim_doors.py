"""The same rules through Odoo's other doors: JSON-RPC call_kw, JSON-2 with
real API keys and the /mail/* routes, as the real users (HTTP, real server)."""

from odoo.tests import JsonRpcException, new_test_user, tagged

from .common import ClaimJson2Mixin
from .common_portal import PNG, ClaimPortalCommon


@tagged("post_install", "-at_install")
class TestClaimDoors(ClaimJson2Mixin, ClaimPortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("portal.allow_api_keys", True)
        for user in (cls.operator, cls.claim_user, cls.manager):
            user.password = user.login
        cls.claim = cls._portal_claim()
        cls.other_claim = cls._portal_claim(
            document=cls.other_invoice, partner=cls.other_portal_user.partner_id
        )

    def _decide(self, claim, decision="rejected"):
        claim = claim.sudo()
        claim.action_start()
        claim.line_ids.write({"decision": decision})
        claim.action_decide()
        return claim

    def _call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        )

    # ------------------------------------------------------------------ call_kw

    def test_call_kw_operator_cannot_rewrite_decision(self):
        claim = self._decide(self.claim)
        self.authenticate(self.operator.login, self.operator.login)
        for method, args in (
            ("write", [[claim.id], {"decided_by_id": self.operator.id}]),
            ("write", [[claim.id], {"decision": "accepted"}]),
            ("write", [[claim.id], {"date_decided": "2020-01-01 00:00:00"}]),
            ("action_customer_accept", [[claim.id]]),
            ("action_customer_dispute", [[claim.id], "Forged."]),
        ):
            with self.subTest(method=method, args=args):
                with self.assertRaises(JsonRpcException):
                    self._call_kw(
                        "claim.claim",
                        method,
                        args,
                        {"context": {"claim_workflow": "1", "claim_state_reason": "x"}},
                    )
        with self.assertRaises(JsonRpcException):
            self._call_kw(
                "claim.line",
                "write",
                [claim.line_ids.ids, {"quantity_accepted": 1.0}],
            )
        claim.invalidate_recordset()
        self.assertEqual(claim.decision, "rejected")
        self.assertEqual(claim.state, "decided")
        self.assertNotEqual(claim.decided_by_id, self.operator)

    def test_call_kw_pivot_as_the_web_client_asks(self):
        """The pivot view's call (all its groupings at once) through call_kw
        as an operator: a model method in a read-only transaction, with the
        groups the operator may read."""
        self.authenticate(self.operator.login, self.operator.login)
        domain = [("id", "in", (self.claim | self.other_claim).ids)]
        sets = [
            [],
            ["date_received:month"],
            ["partner_id"],
            ["partner_id", "date_received:month"],
        ]
        total, months, partners, cells = self._call_kw(
            "claim.claim",
            "formatted_read_grouping_sets",
            [domain, sets, ["amount_claimed:sum", "__count"]],
        )
        self.assertEqual(total[0]["__count"], 2)
        self.assertEqual(sum(group["__count"] for group in months), 2)
        self.assertEqual(
            {group["partner_id"][0] for group in partners},
            {self.portal_user.partner_id.id, self.other_portal_user.partner_id.id},
        )
        for cell in cells:
            self.assertEqual(
                self.env["claim.claim"]
                .with_user(self.operator)
                .search_count(domain + cell["__extra_domain"]),
                cell["__count"],
            )
        method = type(self.env["claim.claim"]).formatted_read_grouping_sets
        self.assertTrue(method._readonly)
        # a user without the claims roles reads no claim this way either
        new_test_user(
            self.env,
            login="doors_employee",
            password="doors_employee",
            groups="base.group_user",
        )
        self.authenticate("doors_employee", "doors_employee")
        with self.assertRaises(JsonRpcException):
            self._call_kw(
                "claim.claim",
                "formatted_read_grouping_sets",
                [domain, sets, ["__count"]],
            )

    def test_call_kw_stage_back_without_manager(self):
        claim = self._decide(self.claim)
        self.authenticate(self.operator.login, self.operator.login)
        with self.assertRaises(JsonRpcException):
            self._call_kw(
                "claim.claim",
                "write",
                [[claim.id], {"stage_id": self.stage_in_progress.id}],
                {"context": {"claim_reopen_reason": "forged"}},
            )
        claim.invalidate_recordset()
        self.assertEqual(claim.state, "decided")

    def test_call_kw_portal_reads_no_internal_fields(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        records = self._call_kw(
            "claim.claim", "search_read", [[]], {"fields": ["name", "state"]}
        )
        self.assertEqual([r["id"] for r in records], self.claim.ids)
        for model, field in (
            ("claim.claim", "amount_cost"),
            ("claim.claim", "approval_required"),
            ("claim.claim", "team_id"),
            ("claim.line", "cost_price"),
            ("claim.line", "amount_cost"),
            ("claim.line", "packer_id"),
            ("claim.type", "auto_accept_limit"),
            ("claim.type", "approval_limit"),
        ):
            with self.subTest(model=model, field=field):
                with self.assertRaises(JsonRpcException):
                    self._call_kw(model, "search_read", [[]], {"fields": [field]})
        # the reviews of claims (reviewers, comments) are internal
        self.claim.sudo().claim_type_id.approval_limit = 1.0
        self.claim.sudo().request_validation()
        self.assertTrue(self.claim.sudo().review_ids)
        reviews = self._call_kw(
            "tier.review", "search_read", [[]], {"fields": ["model", "comment"]}
        )
        self.assertFalse([r for r in reviews if r["model"] == "claim.claim"])
        with self.assertRaises(JsonRpcException):
            self._call_kw(
                "claim.claim",
                "web_read_group",
                [],
                {
                    "domain": [],
                    "groupby": ["state"],
                    "aggregates": ["amount_cost:sum"],
                },
            )
        with self.assertRaises(JsonRpcException):
            self._call_kw(
                "claim.claim",
                "web_search_read",
                [],
                {"specification": {"amount_cost": {}}},
            )

    # ------------------------------------------------------------------ JSON-2

    def test_json2_user_cannot_approve(self):
        self.type_quality.sudo().approval_limit = 10.0
        claim = self.claim.sudo()
        claim.user_id = self.claim_user
        claim._compute_approval_required()
        self.assertTrue(claim.approval_required)
        response = self._json2(
            self.claim_user,
            "claim.claim",
            "write",
            {
                "ids": claim.ids,
                "vals": {
                    "approved_by_id": self.manager.id,
                    "date_approved": "2026-01-01 00:00:00",
                },
            },
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertIn("AccessError", response.text)
        claim.invalidate_recordset()
        self.assertFalse(claim.approved_by_id)
        response = self._json2(
            self.claim_user, "claim.claim", "action_approve", {"ids": claim.ids}
        )
        self.assertNotEqual(response.status_code, 200)
        # the manager may
        response = self._json2(
            self.manager, "claim.claim", "action_approve", {"ids": claim.ids}
        )
        self.assertEqual(response.status_code, 200, response.text)
        claim.invalidate_recordset()
        self.assertEqual(claim.approved_by_id, self.manager)

    def test_json2_approval_by_the_reviewers_key(self):
        """docs/API.md "Approvals from another system": the reviewer finds the
        claims waiting for them and approves with their own key; the
        integration's key can neither request nor give an approval."""
        self.type_quality.sudo().approval_limit = 10.0
        claim = self.claim.sudo()
        claim._compute_approval_required()
        eshop = new_test_user(
            self.env,
            login="doors_eshop",
            groups="base.group_user,claim_management.group_claim_api",
        )
        for method in ("request_validation", "action_approve", "validate_tier"):
            response = self._json2(eshop, "claim.claim", method, {"ids": claim.ids})
            self.assertEqual(response.status_code, 403, response.text)
        self.assertFalse(claim.review_ids)
        response = self._json2(
            self.operator, "claim.claim", "request_validation", {"ids": claim.ids}
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(claim.validation_status, "pending")
        response = self._json2(
            self.manager,
            "claim.claim",
            "search_read",
            {
                "domain": [["can_review", "=", True]],
                "fields": ["name", "validation_status"],
            },
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIn(
            {"id": claim.id, "name": claim.name, "validation_status": "pending"},
            response.json(),
        )
        response = self._json2(
            self.manager,
            "tier.review",
            "search_read",
            {
                "domain": [["res_id", "=", claim.id], ["model", "=", "claim.claim"]],
                "fields": ["name", "sequence", "status"],
            },
        )
        self.assertEqual([r["status"] for r in response.json()], ["pending"])
        response = self._json2(
            self.manager, "claim.claim", "action_approve", {"ids": claim.ids}
        )
        self.assertEqual(response.status_code, 200, response.text)
        claim.invalidate_recordset()
        self.assertEqual(claim.validation_status, "validated")
        self.assertEqual(claim.approved_by_id, self.manager)

    def test_json2_stock_user_cannot_set_claim_links_of_core_documents(self):
        """What ties transfers, moves and repairs to claims (models/
        claim_link_guard.py) is refused over JSON-2 and call_kw too."""
        stock_user = new_test_user(
            self.env,
            login="doors_stock_user",
            password="doors_stock_user",
            groups="stock.group_stock_user",
        )
        line = self.claim.sudo().line_ids[:1]
        delivery = self.delivery
        packer = delivery.packer_id
        move = delivery.move_ids[:1]
        attempts = [
            (
                "stock.picking",
                "write",
                {"ids": delivery.ids, "vals": {"packer_id": self.manager.id}},
            ),
            (
                "stock.picking",
                "write",
                {"ids": delivery.ids, "vals": {"resolution_claim_id": self.claim.id}},
            ),
            (
                "stock.move",
                "write",
                {"ids": move.ids, "vals": {"claim_line_id": line.id}},
            ),
            ("stock.move", "write", {"ids": move.ids, "vals": {"claim_cost": 999.0}}),
            (
                "stock.move",
                "create",
                {
                    "vals_list": [
                        {
                            "product_id": move.product_id.id,
                            "product_uom_qty": 1,
                            "location_id": move.location_id.id,
                            "location_dest_id": move.location_dest_id.id,
                            "claim_line_id": line.id,
                            "claim_move_kind": "replacement",
                        }
                    ]
                },
            ),
            (
                "repair.order",
                "create",
                {
                    "vals_list": [
                        {"product_id": move.product_id.id, "claim_line_id": line.id}
                    ]
                },
            ),
        ]
        for model, method, body in attempts:
            with self.subTest(model=model, method=method, body=body):
                response = self._json2(stock_user, model, method, body)
                self.assertNotEqual(response.status_code, 200, response.text)
                # refused by the guard, not by a missing access right
                self.assertIn("set by the claims' actions only", response.text)
        # and through the web client's door
        self.authenticate(stock_user.login, stock_user.login)
        with self.assertRaises(JsonRpcException) as caught:
            self._call_kw(
                "stock.picking", "write", [delivery.ids, {"packer_id": self.manager.id}]
            )
        self.assertIn("AccessError", str(caught.exception))
        # nothing changed, nothing created
        self.env.invalidate_all()
        self.assertEqual(delivery.packer_id, packer)
        self.assertFalse(delivery.resolution_claim_id)
        self.assertFalse(move.claim_line_id)
        self.assertFalse(move.claim_cost)
        self.assertFalse(
            self.env["stock.move"].search([("claim_line_id", "=", line.id)])
        )
        self.assertFalse(
            self.env["repair.order"].search([("claim_line_id", "=", line.id)])
        )

    def test_json2_portal_accepts_own_claim_only(self):
        claim = self._decide(self.claim)
        other = self._decide(self.other_claim)
        response = self._json2(
            self.portal_user,
            "claim.claim",
            "action_customer_accept",
            {"ids": other.ids},
        )
        self.assertNotEqual(response.status_code, 200)
        other.invalidate_recordset()
        self.assertEqual(other.state, "decided")
        response = self._json2(
            self.portal_user,
            "claim.claim",
            "read",
            {"ids": claim.ids, "fields": ["amount_cost"]},
        )
        self.assertNotEqual(response.status_code, 200)
        response = self._json2(
            self.operator, "claim.claim", "action_customer_accept", {"ids": claim.ids}
        )
        self.assertNotEqual(response.status_code, 200)
        claim.invalidate_recordset()
        self.assertEqual(claim.state, "decided")
        response = self._json2(
            self.portal_user,
            "claim.claim",
            "action_customer_accept",
            {"ids": claim.ids},
        )
        self.assertEqual(response.status_code, 200, response.text)
        claim.invalidate_recordset()
        self.assertEqual(claim.state, "closed")
        message = claim.message_ids.filtered(
            lambda m: "accepted the resolution" in (m.body or "")
        )
        self.assertEqual(message.author_id, self.portal_user.partner_id)

    # ------------------------------------------------------------------ /mail/*

    def _customer_message(self, claim):
        return claim.sudo()._customer_reply(
            self.portal_user.partner_id, "My photos.", [("photo.png", PNG)]
        )

    def test_mail_routes_cannot_change_claim_messages(self):
        message = self._customer_message(self.claim)
        body = message.body
        self.authenticate(self.portal_user.login, self.portal_user.login)
        # a file of a forbidden type uploaded on the customer's own invoice
        invoice_token = self.invoice._portal_ensure_token()
        upload = self.url_open(
            "/mail/attachment/upload",
            data={
                "csrf_token": self._csrf_token(),
                "thread_id": self.invoice.id,
                "thread_model": "account.move",
                "token": invoice_token,
                "is_pending": "true",
            },
            files={"ufile": ("evil.exe", b"MZ\x90\x00", "application/octet-stream")},
        )
        attachment_id = (upload.json().get("data") or {}).get("attachment_id")
        for update_data in (
            {"body": '<img src="http://evil.example/x.png">', "attachment_ids": []},
            {"body": "", "attachment_ids": []},
            {"body": body, "attachment_ids": [attachment_id] if attachment_id else []},
        ):
            with self.subTest(update_data=update_data):
                with self.assertRaises(JsonRpcException):
                    self.make_jsonrpc_request(
                        "/mail/message/update_content",
                        {"message_id": message.id, "update_data": update_data},
                    )
        message.invalidate_recordset()
        self.assertEqual(message.body, body)
        self.assertEqual(message.attachment_ids.mapped("name"), ["photo.png"])
        # nor delete files of the claim
        for attachment in message.attachment_ids:
            with self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request(
                    "/mail/attachment/delete",
                    {
                        "attachment_id": attachment.id,
                        "access_token": attachment.sudo()._get_ownership_token(),
                    },
                )
        self.assertTrue(message.attachment_ids.exists())

    def test_visitor_with_token_cannot_post_through_mail_routes(self):
        token = self.claim.sudo()._portal_ensure_token()
        count = len(self.claim.sudo().message_ids)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "claim.claim",
                    "thread_id": self.claim.id,
                    "post_data": {"body": "<b>hi</b>", "message_type": "comment"},
                    "token": token,
                },
            )
        self.claim.invalidate_recordset()
        self.assertEqual(len(self.claim.sudo().message_ids), count)
