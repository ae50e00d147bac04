from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common_documents import ClaimDocumentCommon
from .common_portal import PDF, PNG


@tagged("post_install", "-at_install")
class TestClaimPortalIntake(ClaimDocumentCommon):
    """The customer intake service of claim.claim that the portal and the
    public form call: documents, lines, checks, creation, the customer's
    answer, and the portal record rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._stock(cls.product_a, 50)
        cls.order = cls._sale([(cls.product_a, 4, 100.0), (cls.product_b, 2, 30.0)])
        cls.delivery = cls._deliver(cls.order.picking_ids)
        cls.invoice = cls._invoice(cls.order)
        cls.other_order = cls._sale(
            [(cls.product_a, 1, 100.0)], partner=cls.other_customer
        )
        cls._deliver(cls.other_order.picking_ids)
        cls.other_invoice = cls._invoice(cls.other_order)
        cls.portal_user = new_test_user(
            cls.env, login="claim_intake_portal", groups="base.group_portal"
        )
        cls.portal_user.partner_id.parent_id = cls.customer
        cls.partner = cls.portal_user.partner_id
        cls.Claim = cls.env["claim.claim"]
        cls.clause = cls.env["claim.consent.clause"].create(
            {"name": "Terms", "text": "I accept the claim terms.", "channel": "all"}
        )

    def _key(self, document, product):
        lines = self.Claim._customer_source_lines(document)
        return next(line["key"] for line in lines if line["product"] == product)

    def _create(self, **kwargs):
        values = {
            "channel": "portal",
            "claim_type": self.type_quality,
            "document": self.invoice,
            "quantities": {self._key(self.invoice, self.product_a): 1},
            "consent_ids": self.clause.ids,
            "description": "It broke.",
        }
        values.update(kwargs)
        return self.Claim._create_customer_claim(self.partner, **values)

    def test_documents_of_the_commercial_partner_only(self):
        self.assertEqual(
            self.Claim._customer_document(
                self.partner, "account.move", self.invoice.id
            ),
            self.invoice,
        )
        self.assertEqual(
            self.Claim._customer_document(
                self.partner, "stock.picking", str(self.delivery.id)
            ),
            self.delivery,
        )
        for model, res_id in (
            ("account.move", self.other_invoice.id),
            ("account.move", "abc"),
            ("account.move", None),
            ("stock.picking", self.other_order.picking_ids.id),
        ):
            with self.assertRaisesRegex(AccessError, "does not exist or is not yours"):
                self.Claim._customer_document(self.partner, model, res_id)
        with self.assertRaises(UserError):
            self.Claim._customer_document_domain(self.partner, "res.partner")
        self.invoice.button_draft()
        with self.assertRaises(AccessError):
            self.Claim._customer_document(self.partner, "account.move", self.invoice.id)

    def test_source_lines(self):
        lines = self.Claim._customer_source_lines(self.invoice)
        chair = next(line for line in lines if line["product"] == self.product_a)
        self.assertEqual(chair["delivered_qty"], 4)
        self.assertEqual(chair["claimable_qty"], 4)
        self.assertEqual(chair["uom"], self.product_a.uom_id)
        self._create(quantities={chair["key"]: 3})
        lines = self.Claim._customer_source_lines(self.invoice)
        chair = next(line for line in lines if line["product"] == self.product_a)
        self.assertEqual(chair["claimable_qty"], 1)

    def test_text_check(self):
        self.assertEqual(self.Claim._check_customer_text("  broken  ", "D"), "broken")
        self.assertEqual(
            self.Claim._check_customer_text("3 < 4 and 5 > 2", "D"), "3 < 4 and 5 > 2"
        )
        for text in ("<b>x</b>", "<script>", "< a href=x>", "<!-- x -->", "</p>"):
            with self.assertRaisesRegex(ValidationError, "plain text"):
                self.Claim._check_customer_text(text, "Description")

    def test_upload_rules_and_file_checks(self):
        company = self.env.company
        company.write(
            {
                "claim_upload_max_mb": 1,
                "claim_upload_max_files": 2,
                "claim_upload_extensions": "pdf, .PNG",
            }
        )
        rules = self.Claim._customer_upload_rules(company)
        self.assertEqual(rules["extensions"], {"pdf", "png"})
        self.assertEqual(rules["accept"], ".pdf,.png")
        self.assertEqual(rules["max_bytes"], 1024 * 1024)
        self.Claim._check_customer_files(company, [("a.png", PNG), ("b.PDF", PDF)])
        refused = (
            ([("a.png", PNG)] * 3, "at most 2 files"),
            ([("a.jpg", PNG)], "not accepted"),
            ([("noextension", PNG)], "not accepted"),
            ([("a.png", b"")], "empty"),
            ([("a.png", PNG + b"0" * 1024 * 1024)], "too large"),
            ([("a.pdf", PNG)], "does not match"),
            ([("a.png", b"<html>")], "does not match"),
        )
        for files, message in refused:
            with self.assertRaisesRegex(ValidationError, message):
                self.Claim._check_customer_files(company, files)

    def test_consents(self):
        public = self.env["claim.consent.clause"].create(
            {"name": "Public", "text": "Public terms.", "channel": "public"}
        )
        clauses = self.Claim._check_customer_consents(
            self.env.company, "portal", [str(self.clause.id)]
        )
        self.assertEqual(clauses, self.clause)
        with self.assertRaisesRegex(ValidationError, "Please accept"):
            self.Claim._check_customer_consents(
                self.env.company, "public", self.clause.ids
            )
        with self.assertRaisesRegex(ValidationError, "Unknown consent"):
            self.Claim._check_customer_consents(
                self.env.company, "portal", [self.clause.id, public.id]
            )

    def test_types_and_reasons(self):
        types = self.Claim._customer_claim_types(self.env.company)
        self.assertIn(self.type_quality, types)
        self.type_warranty.portal_published = False
        self.assertNotIn(
            self.type_warranty, self.Claim._customer_claim_types(self.env.company)
        )
        with self.assertRaisesRegex(ValidationError, "Choose the type"):
            self._create(claim_type=self.type_warranty)
        other_reason = self.env["claim.reason"].create(
            {"name": "Wrong colour", "type_ids": [self.type_quantity.id]}
        )
        self.assertNotIn(
            other_reason, self.Claim._customer_claim_reasons(self.type_quality)
        )
        with self.assertRaisesRegex(ValidationError, "does not apply"):
            self._create(reason=other_reason)

    def test_create_claim(self):
        claim = self._create(
            description="Line one\nline two",
            reason=self.reason_defective,
            files=[("photo.png", PNG)],
            email="buyer@example.com",
            ip_address="203.0.113.7",
        )
        self.assertRecordValues(
            claim,
            [
                {
                    "channel": "portal",
                    "partner_id": self.partner.id,
                    "commercial_partner_id": self.customer.id,
                    "invoice_id": self.invoice.id,
                    "picking_id": self.delivery.id,
                    "sale_order_id": self.order.id,
                }
            ],
        )
        self.assertIn("Line one", claim.description)
        self.assertRecordValues(
            claim.consent_ids,
            [
                {
                    "text": "I accept the claim terms.",
                    "email": "buyer@example.com",
                    "ip_address": "203.0.113.7",
                }
            ],
        )
        self.assertEqual(
            claim._customer_visible_attachments()
            .filtered(lambda a: a.name == "photo.png")
            .raw,
            PNG,
        )
        self.assertEqual(claim.access_url, f"/my/claims/{claim.id}")

    def test_nothing_created_on_failure(self):
        claims = self.Claim.search_count([])
        attachments = self.env["ir.attachment"].search_count([])
        key = self._key(self.invoice, self.product_a)
        failures = (
            {"quantities": {key: 5}},
            {"quantities": {key: 0}},
            {"quantities": {"i0": 1}},
            {"consent_ids": []},
            {"files": [("x.exe", b"MZ")]},
            {"description": "<p>hi</p>"},
            {"description": "  "},  # the quality type requires one
        )
        for kwargs in failures:
            with self.assertRaises(ValidationError):
                self._create(**kwargs)
        self.type_quality.require_attachment = True
        with self.assertRaisesRegex(ValidationError, "at least one attachment"):
            self._create()
        self.assertEqual(self.Claim.search_count([]), claims)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)

    def test_claim_without_document(self):
        with self.assertRaisesRegex(ValidationError, "which product"):
            self._create(document=None, quantities=None)
        with self.assertRaisesRegex(ValidationError, "date of purchase"):
            self._create(document=None, customer_product="Kettle")
        with self.assertRaisesRegex(ValidationError, "future"):
            self._create(
                document=None,
                customer_product="Kettle",
                purchase_date=fields.Date.add(fields.Date.today(), days=2),
            )
        with self.assertRaisesRegex(ValidationError, "proof of purchase"):
            self._create(
                document=None, customer_product="Kettle", purchase_date="2026-01-02"
            )
        claim = self._create(
            document=None,
            customer_product="Kettle",
            purchase_date="2026-01-02",
            files=[("receipt.pdf", PDF)],
        )
        self.assertEqual(claim.customer_product, "Kettle")
        self.assertFalse(claim.line_ids)

    def test_status_label(self):
        claim = self._create()
        self.stage_new.is_customer_visible = True
        self.assertEqual(claim._portal_status_label(), self.stage_new.name)
        self.stage_new.is_customer_visible = False
        self.assertEqual(claim._portal_status_label(), "New")

    def test_accept_and_dispute(self):
        claim = self._create()
        self.assertFalse(claim._customer_can_accept())
        self.assertFalse(claim._customer_can_dispute())
        with self.assertRaises(UserError):
            claim._customer_accept(claim.partner_id)
        with self.assertRaises(UserError):
            claim._customer_dispute(claim.partner_id, "No.")
        claim.action_start()
        claim.line_ids.decision = "rejected"
        claim.action_decide()
        self.assertTrue(claim._customer_can_accept())
        self.assertTrue(claim._customer_can_dispute())
        with self.assertRaisesRegex(UserError, "why you disagree"):
            claim._customer_dispute(claim.partner_id, "  ")
        claim.user_id = self.operator
        claim._customer_dispute(claim.partner_id, "The chair is really broken.")
        self.assertTrue(claim.customer_disputed)
        self.assertFalse(claim._customer_can_dispute())
        self.assertEqual(claim.activity_ids.user_id, self.operator)
        claim.with_user(self.manager)._action_reopen("Customer is right")
        self.assertFalse(claim.customer_disputed)

    def test_accept_rejection_closes(self):
        claim = self._create()
        claim.action_start()
        claim.line_ids.decision = "rejected"
        claim.action_decide()
        claim._customer_accept(claim.partner_id)
        self.assertEqual(claim.state, "closed")
        self.assertTrue(claim.date_customer_accepted)

    def test_portal_record_rules(self):
        claim = self._create()
        other = self.Claim._create_customer_claim(
            self.other_customer,
            channel="portal",
            claim_type=self.type_quality,
            document=self.other_invoice,
            quantities={self._key(self.other_invoice, self.product_a): 1},
            consent_ids=self.clause.ids,
            description="Theirs.",
        )
        Claim = self.Claim.with_user(self.portal_user)
        self.assertEqual(Claim.search([]), claim)
        self.assertEqual(
            self.env["claim.line"].with_user(self.portal_user).search([]),
            claim.line_ids,
        )
        with self.assertRaises(AccessError):
            other.with_user(self.portal_user).check_access("read")
        with self.assertRaises(AccessError):
            claim.with_user(self.portal_user).write({"description": "hacked"})
        with self.assertRaises(AccessError):
            Claim.create(
                {"partner_id": self.partner.id, "claim_type_id": self.type_quality.id}
            )
