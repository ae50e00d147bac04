"""The claims API over real HTTP with real API keys (Odoo's JSON-2): an
e-shop's integration user and a B2B customer's own portal key, each as the
real user, and what each may and may not do (docs/API.md)."""

import base64
import json

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import ClaimJson2Mixin
from .common_portal import PNG, ClaimPortalCommon


@tagged("post_install", "-at_install")
class TestClaimApi(ClaimJson2Mixin, ClaimPortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("portal.allow_api_keys", True)
        cls.eshop = new_test_user(
            cls.env,
            login="claim_eshop",
            groups="base.group_user,claim_management.group_claim_api",
            name="E-shop Integration",
        )
        cls.plain_user = new_test_user(
            cls.env, login="claim_plain", groups="base.group_user", name="Plain"
        )
        cls.product_a.default_code = "CHAIR-01"
        cls.company_2_customer = cls.env["res.partner"].create(
            {"name": "Other Company Customer", "company_id": cls.company_2.id}
        )
        cls.consents = (
            cls.env["claim.consent.clause"]._for_channel(cls.company, "api").ids
        )
        cls.portal_consents = (
            cls.env["claim.consent.clause"]._for_channel(cls.company, "portal").ids
        )

    # ------------------------------------------------------------------ helpers

    def _call(self, user, method, expect=200, **body):
        response = self._json2(user, "claim.claim", method, body)
        self.assertEqual(response.status_code, expect, response.text)
        return response.json()

    def _submit(self, user=None, expect=200, **values):
        body = {
            "document": self.invoice.name,
            "lines": [{"default_code": "CHAIR-01", "quantity": 2}],
            "description": "Two chairs wobble.",
            "consent_ids": self.consents,
        }
        body.update(values)
        return self._call(user or self.eshop, "api_submit", expect=expect, **body)

    def _claims_of(self, partner):
        return self.Claim.search([("commercial_partner_id", "=", partner.id)])

    # ------------------------------------------------------------------ filing

    def test_eshop_files_claim_from_invoice_number(self):
        result = self._submit(
            client_ref="RET-1001",
            customer_ref="ACME-77",
            requested_remedy="replacement",
            attachments=[
                {"name": "photo.png", "datas": base64.b64encode(PNG).decode()}
            ],
        )
        self.assertTrue(result["created"])
        claim = self.Claim.browse(result["id"])
        self.assertEqual(result["number"], claim.name)
        self.assertEqual(result["state"], "new")
        self.assertEqual(claim.channel, "api")
        self.assertEqual(claim.partner_id, self.invoice.partner_id)
        self.assertEqual(claim.invoice_id, self.invoice)
        self.assertEqual(claim.sale_order_id, self.order)
        self.assertEqual(
            (claim.client_ref, claim.customer_ref), ("RET-1001", "ACME-77")
        )
        self.assertEqual(claim.requested_remedy, "replacement")
        self.assertEqual(claim.line_ids.product_id, self.product_a)
        self.assertEqual(claim.line_ids.quantity, 2)
        self.assertEqual(
            claim.line_ids.invoice_line_id.move_id,
            self.invoice,
            "filled from the invoice",
        )
        self.assertEqual(claim.line_ids.price_unit, 100.0)
        self.assertTrue(claim.registration_mail_pending, "the e-mail leaves later")
        self.assertEqual(
            claim._customer_visible_attachments().mapped("name"), ["photo.png"]
        )
        self.assertEqual(result["customer_ref"], "ACME-77")
        self.assertEqual(result["lines"][0]["quantity"], 2)
        # the customer's reference is found like the number
        self.assertEqual(
            self.Claim.search([("customer_ref", "ilike", "acme-77")]), claim
        )
        self.assertEqual(self.Claim.name_search("ACME-77")[0][0], claim.id)

    def test_eshop_files_claim_from_order_number_and_source_line(self):
        sale_line = self.order.order_line.filtered(
            lambda line: line.product_id == self.product_b
        )
        result = self._submit(
            document=self.order.name,
            document_type="order",
            lines=[{"sale_line_id": sale_line.id, "quantity": 1}],
        )
        claim = self.Claim.browse(result["id"])
        self.assertEqual(claim.sale_order_id, self.order)
        self.assertEqual(claim.line_ids.product_id, self.product_b)
        self.assertEqual(claim.line_ids.sale_line_id, sale_line)

    def test_retry_with_client_ref_returns_the_same_claim(self):
        first = self._submit(client_ref="RET-2002")
        again = self._submit(client_ref="RET-2002")
        self.assertTrue(first["created"])
        self.assertFalse(again["created"])
        self.assertEqual(first["id"], again["id"])
        self.assertEqual(self.Claim.search_count([("client_ref", "=", "RET-2002")]), 1)
        # another filing of the customer is another claim
        other = self._submit(client_ref="RET-2003")
        self.assertNotEqual(other["id"], first["id"])

    def test_client_ref_is_kept_for_good(self):
        claim = self.Claim.browse(self._submit(client_ref="RET-3003")["id"])
        claim.with_user(self.operator).write({"customer_ref": "NEW-REF"})
        with self.assertRaisesRegex(Exception, "Client Reference"):
            claim.with_user(self.manager).write({"client_ref": "RET-9999"})
        self.assertEqual(claim.client_ref, "RET-3003")

    def test_refusals_create_nothing(self):
        before = self.Claim.search_count([])
        cases = [
            ({"document": "INV/1999/99999"}, 403, "does not exist"),
            (
                {"document": self.other_invoice.name, "customer_id": self.customer.id},
                422,
                "another customer",
            ),
            (
                {"lines": [{"default_code": "CHAIR-01", "quantity": 99}]},
                422,
                "you can claim between 0 and",
            ),
            (
                {"lines": [{"default_code": "CHAIR-01", "quantity": "many"}]},
                422,
                "enter a number",
            ),
            (
                {"lines": [{"product_id": self.product_serial.id, "quantity": 1}]},
                422,
                "is not on",
            ),
            ({"lines": []}, 422, "claimed products"),
            ({"description": "<script>alert(1)</script>"}, 422, "plain text"),
            ({"description": 42}, 422, "send a text"),
            ({"client_ref": "x" * 65}, 422, "at most 64"),
            ({"document_type": "bill"}, 422, "Unknown document type"),
            (
                {
                    "attachments": [
                        {
                            "name": "run.exe",
                            "datas": base64.b64encode(b"MZ\x90\x00binary").decode(),
                        }
                    ]
                },
                422,
                "run.exe",
            ),
            ({"attachments": [{"name": "a.png", "datas": "%%%"}]}, 422, "not base64"),
            ({"consent_ids": [999999]}, 422, "consent"),
        ]
        for values, status, message in cases:
            with self.subTest(values=values):
                error = self._submit(expect=status, **values)
                self.assertIn(message, error["message"])
        self.assertEqual(self.Claim.search_count([]), before)

    def test_users_without_the_api_role_are_refused(self):
        error = self._submit(user=self.plain_user, expect=403)
        self.assertIn("not allowed to use the claims API", error["message"])
        # the API group opens the API methods, not the claims themselves
        response = self.url_open(
            "/json/2/claim.claim/search_read",
            data=json.dumps({"domain": [], "fields": ["name", "description"]}),
            headers={
                "Authorization": f"bearer {self._api_key(self.eshop)}",
                "Content-Type": "application/json",
            },
        )
        self.assertEqual(response.status_code, 403)

    def test_eshop_cannot_reach_another_company(self):
        order_b = (
            self.env["sale.order"]
            .with_company(self.company_2)
            .create(
                {
                    "partner_id": self.company_2_customer.id,
                    "company_id": self.company_2.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product_b.id, "product_uom_qty": 1}
                        )
                    ],
                }
            )
        )
        order_b.action_confirm()
        error = self._submit(
            document=order_b.name,
            document_type="order",
            expect=403,
            lines=[{"product_id": self.product_b.id, "quantity": 1}],
        )
        self.assertIn("is not yours", error["message"])
        claim_b = self._create_claim(user=self.operator_b)
        self._call(self.eshop, "api_read", expect=403, ids=claim_b.ids)
        listed = self._call(self.eshop, "api_changed_since")["claims"]
        self.assertNotIn(claim_b.id, [row["id"] for row in listed])

    # ------------------------------------------------------------------ reading

    def test_read_shows_what_the_customer_sees(self):
        claim = self.Claim.browse(self._submit(client_ref="RET-4004")["id"]).sudo()
        claim.message_post(
            body="Internal: supplier blamed.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        claim.message_post(
            body="We received your chairs.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        claim.action_start()
        claim.line_ids.write({"decision": "accepted"})
        claim.action_decide()
        claim.action_create_credit_note()
        claim.credit_note_ids.action_post()
        [data] = self._call(self.eshop, "api_read", ids=claim.ids)
        self.assertEqual(data["state"], "resolved")
        self.assertEqual(data["decision"], "accepted")
        self.assertEqual(data["lines"][0]["decision"], "accepted")
        self.assertEqual(data["lines"][0]["quantity_accepted"], 2)
        [credit_note] = data["documents"]["credit_notes"]
        self.assertEqual(credit_note["number"], claim.credit_note_ids.name)
        self.assertEqual(
            credit_note["amount_total"], claim.credit_note_ids.amount_total
        )
        bodies = [message["body"] for message in data["messages"]]
        self.assertIn("We received your chairs.", bodies)
        self.assertNotIn("Internal: supplier blamed.", " ".join(bodies))
        for internal in ("cost_price", "amount_cost", "packer_id", "user_id"):
            self.assertNotIn(internal, data["lines"][0])
            self.assertNotIn(internal, data)

    def test_post_message_with_file(self):
        claim = self.Claim.browse(self._submit()["id"])
        message_id = self._call(
            self.eshop,
            "api_post_message",
            ids=claim.ids,
            body="The customer sends a photo.",
            attachments=[{"name": "more.png", "datas": base64.b64encode(PNG).decode()}],
        )
        message = self.env["mail.message"].browse(message_id)
        self.assertEqual(message.author_id, claim.partner_id)
        self.assertEqual(message.attachment_ids.mapped("name"), ["more.png"])
        [data] = self._call(self.eshop, "api_read", ids=claim.ids)
        self.assertTrue(data["messages"][-1]["from_customer"])
        error = self._call(
            self.eshop, "api_post_message", expect=422, ids=claim.ids, body="<b>x</b>"
        )
        self.assertIn("plain text", error["message"])

    def test_changed_since_pages_in_order(self):
        ids = [
            self._submit(
                client_ref=f"RET-5{n}",
                lines=[{"default_code": "CHAIR-01", "quantity": 1}],
            )["id"]
            for n in range(3)
        ]
        claims = self.Claim.browse(ids)
        # the same second: pages must not repeat or skip (microseconds kept)
        stamps = [
            "2031-01-01 10:00:00.100000",
            "2031-01-01 10:00:00.100000",
            "2031-01-01 10:00:00.300000",
        ]
        for claim, stamp in zip(claims, stamps, strict=True):
            self.env.cr.execute(
                "UPDATE claim_claim SET write_date = %s WHERE id = %s",
                [stamp, claim.id],
            )
        page = self._call(
            self.eshop, "api_changed_since", since="2030-12-31 00:00:00", limit=2
        )
        self.assertEqual([row["id"] for row in page["claims"]], ids[:2])
        page = self._call(self.eshop, "api_changed_since", **page["next"])
        self.assertEqual([row["id"] for row in page["claims"]], ids[2:])
        self.assertEqual(page["claims"][0]["changed_on"], "2031-01-01 10:00:00.300000")
        page = self._call(self.eshop, "api_changed_since", **page["next"])
        self.assertEqual(page, {"claims": [], "next": None})
        error = self._call(
            self.eshop, "api_changed_since", expect=422, since="yesterday"
        )
        self.assertIn("YYYY-MM-DD", error["message"])

    # ------------------------------------------------------------------ customer keys

    def test_portal_key_files_and_reads_own_claims_only(self):
        result = self._submit(
            user=self.portal_user, consent_ids=self.portal_consents, customer_ref="PO-9"
        )
        claim = self.Claim.browse(result["id"])
        self.assertEqual(claim.partner_id, self.portal_user.partner_id)
        self.assertEqual(claim.channel, "api")
        self.assertEqual(
            self._call(self.portal_user, "api_read", ids=claim.ids)[0]["id"], claim.id
        )
        # another customer's document and claim: refused, nothing created
        before = self.Claim.search_count([])
        error = self._submit(
            user=self.portal_user,
            document=self.other_invoice.name,
            expect=403,
            consent_ids=self.portal_consents,
        )
        self.assertIn("is not yours", error["message"])
        self.assertEqual(self.Claim.search_count([]), before)
        other = self._portal_claim(
            document=self.other_invoice, partner=self.other_portal_user.partner_id
        )
        error = self._call(self.portal_user, "api_read", expect=403, ids=other.ids)
        self.assertIn("not yours", error["message"])
        self._call(
            self.portal_user,
            "api_post_message",
            expect=403,
            ids=other.ids,
            body="Hello",
        )
        listed = [
            row["id"]
            for row in self._call(self.portal_user, "api_changed_since")["claims"]
        ]
        self.assertIn(claim.id, listed)
        self.assertNotIn(other.id, listed)
        # a customer names no other customer
        result = self._submit(
            user=self.portal_user,
            customer_id=self.other_customer.id,
            consent_ids=self.portal_consents,
        )
        self.assertEqual(
            self.Claim.browse(result["id"]).commercial_partner_id, self.customer
        )

    # ------------------------------------------------------------------ batches

    def _item(self, **values):
        item = {
            "document": self.invoice.name,
            "lines": [{"default_code": "CHAIR-01", "quantity": 1}],
            "description": "A chair wobbles.",
            "consent_ids": self.consents,
        }
        item.update(values)
        return item

    def test_eshop_files_a_batch(self):
        filed_before = self._submit(
            client_ref="RET-B0", lines=[self._item()["lines"][0]]
        )
        before = self.Claim.search_count([])
        photo = {"name": "photo.png", "datas": base64.b64encode(PNG).decode()}
        results = self._call(
            self.eshop,
            "api_submit_batch",
            claims=[
                self._item(
                    client_ref="RET-B1", customer_ref="ACME-B1", attachments=[photo]
                ),
                self._item(client_ref="RET-B0"),
                self._item(
                    client_ref="RET-B2",
                    lines=[{"default_code": "CHAIR-01", "quantity": 99}],
                ),
                self._item(client_ref="RET-B3", bogus=1),
                self._item(client_ref="RET-B1"),
                "not an object",
                self._item(client_ref="RET-B4", document="INV/1999/99999"),
                self._item(
                    client_ref="RET-B5",
                    document=self.order.name,
                    document_type="order",
                    lines=[{"default_code": "CHAIR-01", "quantity": 1}],
                ),
            ],
        )
        self.assertEqual(len(results), 8)
        first, again, too_many, unknown, twice, not_object, no_doc, by_order = results
        # filed, with what api_submit files
        self.assertTrue(first["created"])
        claim = self.Claim.browse(first["id"])
        self.assertEqual(
            (claim.client_ref, claim.customer_ref, claim.channel),
            ("RET-B1", "ACME-B1", "api"),
        )
        self.assertEqual(claim.partner_id, self.invoice.partner_id)
        self.assertEqual(claim.line_ids.quantity, 1)
        self.assertEqual(claim.line_ids.invoice_line_id.move_id, self.invoice)
        self.assertTrue(claim.registration_mail_pending)
        self.assertEqual(
            claim._customer_visible_attachments().mapped("name"), ["photo.png"]
        )
        self.assertEqual(first["number"], claim.name)
        # a retry of a claim filed before: that claim
        self.assertEqual((again["id"], again["created"]), (filed_before["id"], False))
        # refusals: a clear message each, nothing created for them
        self.assertIn("you can claim between 0 and", too_many["error"])
        self.assertIn("Unknown argument(s): bogus", unknown["error"])
        self.assertIn("RET-B1 is given twice", twice["error"])
        self.assertIn("is an object", not_object["error"])
        self.assertIn("does not exist", no_doc["error"])
        self.assertTrue(by_order["created"])
        self.assertEqual(self.Claim.browse(by_order["id"]).sale_order_id, self.order)
        self.assertEqual(self.Claim.search_count([]), before + 2)
        self.assertEqual(
            self.Claim.search_count(
                [("client_ref", "in", ["RET-B2", "RET-B3", "RET-B4"])]
            ),
            0,
        )
        # the same batch again: every claim found, none filed twice
        again = self._call(
            self.eshop,
            "api_submit_batch",
            claims=[self._item(client_ref="RET-B1"), self._item(client_ref="RET-B5")],
        )
        self.assertEqual(
            [(r["id"], r["created"]) for r in again],
            [(first["id"], False), (by_order["id"], False)],
        )
        self.assertEqual(self.Claim.search_count([]), before + 2)

    def test_batch_items_claiming_the_same_units(self):
        """Each item alone may claim 3 of the 5 chairs; together they may
        not: the first is filed, the second refused by the final check."""
        before = self.Claim.search_count([])
        lines = [{"default_code": "CHAIR-01", "quantity": 3}]
        results = self._call(
            self.eshop,
            "api_submit_batch",
            claims=[
                self._item(client_ref="RET-U1", lines=lines),
                self._item(client_ref="RET-U2", lines=lines),
                self._item(
                    client_ref="RET-U3",
                    lines=[{"product_id": self.product_b.id, "quantity": 1}],
                ),
            ],
        )
        self.assertTrue(results[0]["created"])
        self.assertIn("error", results[1])
        self.assertTrue(results[2]["created"])
        self.assertEqual(self.Claim.search_count([]), before + 2)
        self.assertFalse(self.Claim.search([("client_ref", "=", "RET-U2")]))

    def test_batch_refusals(self):
        before = self.Claim.search_count([])
        error = self._call(self.eshop, "api_submit_batch", expect=422, claims=[])
        self.assertIn("Send a list of claims", error["message"])
        error = self._call(self.eshop, "api_submit_batch", expect=422, claims={"a": 1})
        self.assertIn("Send a list of claims", error["message"])
        error = self._call(
            self.eshop,
            "api_submit_batch",
            expect=422,
            claims=[self._item(client_ref=f"RET-M{i}") for i in range(101)],
        )
        self.assertIn("At most 100 claims", error["message"])
        error = self._call(
            self.plain_user, "api_submit_batch", expect=403, claims=[self._item()]
        )
        self.assertIn("not allowed to use the claims API", error["message"])
        self.assertEqual(self.Claim.search_count([]), before)

    def test_portal_key_batch_files_own_documents_only(self):
        before = self.Claim.search_count([])
        results = self._call(
            self.portal_user,
            "api_submit_batch",
            claims=[
                self._item(client_ref="PB-1", consent_ids=self.portal_consents),
                self._item(
                    client_ref="PB-2",
                    document=self.other_invoice.name,
                    consent_ids=self.portal_consents,
                ),
            ],
        )
        self.assertTrue(results[0]["created"])
        self.assertEqual(
            self.Claim.browse(results[0]["id"]).partner_id, self.portal_user.partner_id
        )
        self.assertIn("is not yours", results[1]["error"])
        self.assertEqual(self.Claim.search_count([]), before + 1)

    def test_portal_keys_closed_by_the_company_setting(self):
        key = self._api_key(self.portal_user)
        self.env["ir.config_parameter"].sudo().set_param("portal.allow_api_keys", False)
        response = self.url_open(
            "/json/2/claim.claim/api_changed_since",
            data="{}",
            headers={
                "Authorization": f"bearer {key}",
                "Content-Type": "application/json",
            },
        )
        self.assertEqual(response.status_code, 403)
        self.assertIn("may not use the claims API", response.json()["message"])

    def test_private_methods_are_not_reachable(self):
        for method in (
            "_api_caller",
            "_api_submit_request",
            "_api_create_many",
            "_create_customer_claims",
            "_create_customer_claim",
            "_api_values",
            "message_new",
        ):
            with self.subTest(method=method):
                error = self._call(self.eshop, method, expect=403)
                self.assertIn("cannot be called remotely", error["message"])

    def test_claimable_documents_and_lines(self):
        listed = self._call(
            self.eshop, "api_claimable_documents", customer_id=self.customer.id
        )
        numbers = {(row["type"], row["number"]) for row in listed}
        self.assertIn(("invoice", self.invoice.name), numbers)
        self.assertIn(("delivery", self.delivery.name), numbers)
        self.assertIn(("order", self.order.name), numbers)
        self.assertNotIn(self.other_invoice.name, {row["number"] for row in listed})
        self._submit(lines=[{"default_code": "CHAIR-01", "quantity": 2}])
        document = self._call(
            self.eshop, "api_claimable_documents", document=self.invoice.name
        )
        self.assertEqual(document["type"], "invoice")
        chair = next(
            line
            for line in document["lines"]
            if line["product"]["default_code"] == "CHAIR-01"
        )
        self.assertEqual(chair["claimable_qty"], 3, "5 delivered, 2 claimed")
        # a customer's own key lists its own documents only
        own = self._call(self.portal_user, "api_claimable_documents")
        self.assertIn(self.invoice.name, {row["number"] for row in own})
        self.assertNotIn(self.other_invoice.name, {row["number"] for row in own})
        error = self._call(
            self.portal_user,
            "api_claimable_documents",
            expect=403,
            document=self.other_invoice.name,
        )
        self.assertIn("not yours", error["message"])

    def test_form_offers_types_consents_and_file_rules(self):
        form = self._call(self.eshop, "api_form")
        self.assertEqual(form["company"]["id"], self.company.id)
        types = {row["id"]: row for row in form["claim_types"]}
        self.assertIn(self.type_quality.id, types)
        self.assertEqual(
            set(types[self.type_quality.id]["fields"]),
            {"lot", "attachment", "description", "purchase_date", "requested_remedy"},
        )
        self.assertEqual([c["id"] for c in form["consent_clauses"]], self.consents)
        self.assertIn("png", form["upload_rules"]["extensions"])
        self.assertIn(["replacement", "Replacement"], form["remedies"])
        error = self._call(
            self.eshop, "api_form", expect=403, company_id=self.company_2.id
        )
        self.assertIn("not one of yours", error["message"])
        customer_form = self._call(self.portal_user, "api_form")
        self.assertEqual(
            [c["id"] for c in customer_form["consent_clauses"]], self.portal_consents
        )

    def test_type_properties_through_the_api(self):
        self.type_quality.properties_definition = [
            {"name": "serial_label", "string": "Label number", "type": "char"},
            {"name": "used_days", "string": "Days in use", "type": "integer"},
        ]
        form = self._call(self.eshop, "api_form")
        [quality] = [t for t in form["claim_types"] if t["id"] == self.type_quality.id]
        self.assertEqual(
            [p["name"] for p in quality["properties"]], ["serial_label", "used_days"]
        )
        result = self._submit(
            claim_type=self.type_quality.id,
            properties={"serial_label": "LBL-1", "used_days": 12},
        )
        claim = self.Claim.browse(result["id"])
        self.assertEqual(claim.properties["serial_label"], "LBL-1")
        self.assertEqual(claim.properties["used_days"], 12)
        error = self._submit(
            expect=422,
            claim_type=self.type_quality.id,
            properties={"used_days": "a week"},
        )
        self.assertIn("Days in use", error["message"])
