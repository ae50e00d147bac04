import subprocess

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ClaimCommon


@tagged("post_install", "-at_install")
class TestClaimReports(ClaimCommon):
    """Protocols render to real PDFs; their text is read back with pdftotext."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # No styles for wkhtmltopdf: it would load them from the HTTP server,
        # which waits for the asset bundles this test transaction creates
        # without committing them. The text layer is the same without styles.
        cls.env["ir.config_parameter"].sudo().set_param(
            "report.url", "http://127.0.0.1:9"
        )
        cls.company.write(
            {"name": "Claims Seller Ltd", "street": "Long Street 12", "city": "Poznan"}
        )
        cls.type_quantity.description = (
            "<p>Statutory liability for non-conformity of goods.</p>"
        )

    def _pdf_text(self, report_xmlid, claims, user=None):
        report = self.env.ref(report_xmlid)
        pdf, file_format = (
            self.env["ir.actions.report"]
            .with_user(user or self.operator)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, claims.ids)
        )
        self.assertEqual(file_format, "pdf")
        return self._text(pdf)

    def _text(self, pdf):
        self.assertTrue(pdf.startswith(b"%PDF"))
        result = subprocess.run(
            ["pdftotext", "-layout", "-", "-"],
            input=pdf,
            capture_output=True,
            check=True,
        )
        return " ".join(result.stdout.decode().split())

    def test_registration_protocol(self):
        claim = self._create_claim(
            lines=[(self.product_a, 2.0, 100.0), (self.product_b, 1.0, 30.0)],
            reason_id=self.reason_defective.id,
            customer_ref="ACME-RMA-12",
        )
        text = self._pdf_text(
            "claim_management.action_report_claim_registration", claim
        )
        for expected in (
            "Claim Registration",
            claim.name,
            "Your reference: ACME-RMA-12",
            "Claims Seller Ltd",
            "Long Street 12",
            "Acme Distribution",
            "acme@example.com",
            "Two chairs arrived broken.",
            "What the customer asks",
            self.reason_defective.name,
            "Office Chair",
            "Desk Lamp",
        ):
            self.assertIn(expected, text)

    def test_decision_protocol(self):
        claim = self._create_claim()
        claim.action_start()
        claim.line_ids.write(
            {"decision": "accepted", "decision_note": "Damage confirmed by technician"}
        )
        claim.action_decide()
        text = self._pdf_text("claim_management.action_report_claim_decision", claim)
        for expected in (
            "Claim Decision",
            claim.name,
            "Accepted",
            "Damage confirmed by technician",
            "Remedy",
            "Legal information",
            "Statutory liability for non-conformity of goods.",
        ):
            self.assertIn(expected, text)

    def test_acceptance_and_release_protocols(self):
        claim = self._decided_claim("rejected")
        acceptance = self._pdf_text(
            "claim_management.action_report_claim_acceptance", claim
        )
        self.assertIn("Acceptance of Goods", acceptance)
        self.assertIn("Office Chair", acceptance)
        self.assertIn("Handed over by (customer)", acceptance)
        release = self._pdf_text("claim_management.action_report_claim_release", claim)
        self.assertIn("Release of Goods", release)
        self.assertIn(claim.name, release)
        self.assertIn("Rejected", release)

    def test_bulk_print_in_one_pdf(self):
        claims = self._create_claim() | self._create_claim(
            lines=[(self.product_b, 4.0, 30.0)]
        )
        text = self._pdf_text(
            "claim_management.action_report_claim_registration", claims
        )
        self.assertEqual(text.count("Claim Registration"), 2)
        for claim in claims:
            self.assertIn(claim.name, text)
        action = (
            self.env.ref("claim_management.action_report_claim_registration")
            .with_user(self.operator)
            .report_action(claims)
        )
        self.assertEqual(action["context"]["active_ids"], claims.ids)

    def test_claims_user_prints_only_visible_claims(self):
        own = self._create_claim(user=self.claim_user)
        text = self._pdf_text(
            "claim_management.action_report_claim_registration",
            own,
            user=self.claim_user,
        )
        self.assertIn(own.name, text)
        foreign = self._create_claim()
        with self.assertRaises(AccessError):
            self._pdf_text(
                "claim_management.action_report_claim_registration",
                foreign,
                user=self.claim_user,
            )

    def test_protocol_sent_is_attached_to_claim(self):
        claim = self._create_claim()
        template = self.env.ref("claim_management.mail_template_claim_registration")
        message = (
            claim.with_user(self.operator)
            .with_context(force_report_rendering=True)
            .message_post_with_source(
                template, message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        )
        attachment = message.attachment_ids
        self.assertEqual(len(attachment), 1)
        self.assertEqual(
            attachment.name,
            f"Registration Protocol - {claim.name.replace('/', '-')}.pdf",
        )
        self.assertEqual(
            (attachment.res_model, attachment.res_id), (claim._name, claim.id)
        )
        self.assertIn(self.customer_contact, message.partner_ids)
        self.assertIn(claim.name, self._text(attachment.raw))
