import subprocess

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_resolution import ClaimResolutionCommon


@tagged("post_install", "-at_install")
class TestClaimStatutoryDocuments(ClaimResolutionCommon):
    """CZ filing and settlement confirmations, the PL answer, their proofs:
    real claims from real invoices, PDFs read back with pdftotext."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # no styles for wkhtmltopdf (see test_claim_reports.py)
        cls.env["ir.config_parameter"].sudo().set_param(
            "report.url", "http://127.0.0.1:9"
        )
        cls.env["res.lang"]._activate_lang("cs_CZ")
        cls.env["res.lang"]._activate_lang("pl_PL")
        cls.company.write(
            {
                "name": "Reklamace s.r.o.",
                "email": "reklamace@example.cz",
                "phone": "+420 600 100 200",
                "country_id": cls.env.ref("base.cz").id,
            }
        )
        cls.consumer = cls.env["res.partner"].create(
            {"name": "Jana Nováková", "email": "jana@example.cz", "lang": "cs_CZ"}
        )
        cls.consumer_order = cls._sale([(cls.product_a, 3, 100.0)], cls.consumer)
        cls._deliver(cls.consumer_order.picking_ids)
        cls.consumer_invoice = cls._invoice(cls.consumer_order)

    def setUp(self):
        super().setUp()
        # the protocols the e-mails carry are real PDFs, not test-mode HTML
        self.env = self.env(context=dict(self.env.context, force_report_rendering=True))

    def _pdf_text(self, pdf):
        self.assertTrue(pdf.startswith(b"%PDF"))
        result = subprocess.run(
            ["pdftotext", "-layout", "-", "-"],
            input=pdf,
            capture_output=True,
            check=True,
        )
        return " ".join(result.stdout.decode().split())

    def _consumer_claim(self, quantity=2, invoice=None, remedy="repair"):
        wizard = self._open_wizard(
            (invoice or self.consumer_invoice).with_env(self.env)
        )
        wizard.claim_type_id = self.type_quantity
        wizard.requested_remedy = remedy
        wizard.description = "<p>The chair legs cracked.</p>"
        self._wizard_line(wizard, self.product_a).quantity = quantity
        claim = self.env["claim.claim"].browse(wizard.action_create_claim()["res_id"])
        # a later transaction: the stage moves are tracked (stage e-mails)
        self._flush_tracking()
        return claim

    def _decide(self, claim, decision, note=False):
        claim.action_start()
        claim.line_ids.write({"decision": decision, "decision_note": note})
        claim.action_decide()
        self._flush_tracking()

    def _documents(self, claim, document_type):
        return claim.statutory_document_ids.filtered(
            lambda d: d.document_type == document_type
        )

    # ------------------------------------------------------------------
    # CZ filing confirmation
    # ------------------------------------------------------------------

    def test_cz_filing_confirmation(self):
        claim = self._consumer_claim()
        self.assertEqual(claim.legal_regime, "cz_consumer")
        proof = self._documents(claim, "cz_filing")
        self.assertEqual(len(proof), 1)
        self.assertRecordValues(
            proof,
            [
                {
                    "partner_id": self.consumer.id,
                    "email": "jana@example.cz",
                    "lang": "cs_CZ",
                }
            ],
        )
        self.assertIn(self.consumer, proof.message_id.partner_ids)
        self.assertEqual(proof.attachment_ids, proof.message_id.attachment_ids)
        self.assertEqual(len(proof.attachment_ids), 1)
        # what §19 asks of the confirmation: date, content, remedy, contact
        text = self._pdf_text(proof.attachment_ids.raw)
        for expected in (
            "Claim Registration",
            claim.name,
            "We confirm that we received your claim on",
            "The chair legs cracked.",
            "Office Chair",
            "Requested remedy: Repair",
            "Reklamace s.r.o.",
            "reklamace@example.cz",
            "+420 600 100 200",
        ):
            self.assertIn(expected, text)

    def test_filing_confirmation_without_remedy_says_so(self):
        claim = self._consumer_claim(remedy=False)
        text = self._pdf_text(self._documents(claim, "cz_filing").attachment_ids.raw)
        self.assertIn("Requested remedy: not stated.", text)

    def test_business_claims_get_no_statutory_documents(self):
        claim = self._claim({(self.product_a, None): 1})
        self.assertEqual(claim.legal_regime, "b2b")
        claim.action_create_repair()
        claim.repair_ids.action_repair_start()
        claim.repair_ids.action_repair_end()
        self.assertEqual(claim.state, "resolved")
        self.assertFalse(claim.statutory_document_ids)

    # ------------------------------------------------------------------
    # CZ settlement confirmation
    # ------------------------------------------------------------------

    def test_cz_settlement_of_a_repair(self):
        with freeze_time("2026-03-02 09:00:00"):
            claim = self._consumer_claim()
            self._decide(claim, "accepted")
            claim.with_user(self.operator).action_create_repair()
        self.assertFalse(self._documents(claim, "cz_settlement"))
        repair = claim.repair_ids
        with freeze_time("2026-03-02 11:00:00"):
            repair.action_repair_start()
        with freeze_time("2026-03-04 16:00:00"):
            repair.action_repair_end()
        self.assertEqual(claim.state, "resolved")
        proof = self._documents(claim, "cz_settlement")
        self.assertEqual(len(proof), 1)
        self.assertEqual(proof.partner_id, self.consumer)
        self.assertIn("Settlement", proof.message_id.subject)
        text = self._pdf_text(proof.attachment_ids.raw)
        for expected in (
            "Claim Settlement Confirmation",
            claim.name,
            # Czech dates: the protocol is in the consumer's language
            "was settled on 04.03.2026",
            "The claim was accepted.",
            repair.name,
            "repaired from 02.03.2026 to 04.03.2026",
            "duration of the repair: 3 days",
        ):
            self.assertIn(expected, text)
        # once: closing the claim sends nothing more
        claim.action_close()
        self.assertEqual(claim.state, "closed")
        self.assertEqual(len(self._documents(claim, "cz_settlement")), 1)

    def test_cz_settlement_of_a_rejection_is_the_answer(self):
        # no decision e-mail at the Decided stage: the settlement
        # confirmation is the first to carry the decision
        self.stage_decided.mail_template_id = False
        claim = self._consumer_claim()
        with freeze_time("2026-03-05 10:00:00"):
            self._decide(claim, "rejected", "The cracks come from overloading.")
        self.assertEqual(claim.state, "decided")
        self.assertEqual(str(claim.decision_sent_date), "2026-03-05 10:00:00")
        proof = self._documents(claim, "cz_settlement")
        self.assertEqual(len(proof), 1)
        text = self._pdf_text(proof.attachment_ids.raw)
        self.assertIn("The claim was rejected for the reasons below.", text)
        self.assertIn("The cracks come from overloading.", text)
        claim.action_close()
        self.assertEqual(len(self._documents(claim, "cz_settlement")), 1)

    def test_consumer_rejection_needs_a_written_reason(self):
        claim = self._consumer_claim()
        claim.action_start()
        claim.line_ids.write({"decision": "rejected", "decision_note": "  "})
        with self.assertRaisesRegex(UserError, "reasons of a rejection in writing"):
            claim.action_decide()
        self.assertEqual(claim.state, "in_progress")
        self.assertFalse(self._documents(claim, "cz_settlement"))

    def test_no_settlement_without_an_email(self):
        self.consumer.email = False
        claim = self._consumer_claim()
        self._decide(claim, "rejected", "Wear and tear.")
        self.assertFalse(claim.statutory_document_ids)
        self.assertFalse(claim.decision_sent_date)

    # ------------------------------------------------------------------
    # PL answer
    # ------------------------------------------------------------------

    def test_pl_answer_with_reasons_per_line(self):
        self.company.country_id = self.env.ref("base.pl")
        self.consumer.lang = "pl_PL"
        claim = self._consumer_claim(quantity=3)
        self.assertEqual(claim.legal_regime, "pl_consumer")
        self.assertFalse(claim.statutory_document_ids)
        claim.action_start()
        claim.line_ids.write(
            {
                "decision": "partially_accepted",
                "quantity_accepted": 1,
                "decision_note": "Two chairs were used outdoors.",
            }
        )
        claim.action_decide()
        self._flush_tracking()
        self.assertTrue(claim.decision_sent_date)
        proof = self._documents(claim, "pl_answer")
        self.assertEqual(len(proof), 1)
        self.assertEqual(proof.lang, "pl_PL")
        body = proof.message_id.body
        self.assertIn("accepted for 1 Units of 3 Units", body)
        self.assertIn("Two chairs were used outdoors.", body)
        text = self._pdf_text(proof.attachment_ids.raw)
        for expected in ("Claim Decision", "Partially Accepted", "Reasons"):
            self.assertIn(expected, text)
        self.assertIn("Two chairs were used outdoors.", text)

    # ------------------------------------------------------------------
    # Proofs: read by operators and managers, written by nobody
    # ------------------------------------------------------------------

    def test_proofs_are_read_only_for_everybody(self):
        claim = self._consumer_claim()
        proof = self._documents(claim, "cz_filing")
        for user in (self.operator, self.manager):
            as_user = proof.with_user(user)
            self.assertEqual(as_user.document_type, "cz_filing")
            self.assertEqual(claim.with_user(user).statutory_document_ids, proof)
            with self.assertRaises(AccessError):
                as_user.write({"email": "forged@example.com"})
            with self.assertRaises(AccessError):
                as_user.unlink()
            with self.assertRaises(AccessError):
                self.env["claim.statutory.document"].with_user(user).create(
                    {
                        "claim_id": claim.id,
                        "document_type": "cz_settlement",
                        "date_sent": "2026-01-01 00:00:00",
                    }
                )
        # the model refuses too, whatever the access rights say
        admin = self.env.ref("base.user_admin")
        with self.assertRaises(AccessError):
            proof.with_user(admin).write({"email": "forged@example.com"})
        self.assertEqual(proof.email, "jana@example.cz")
        self.assertEqual(len(claim.statutory_document_ids), 1)

    def test_proofs_hidden_from_other_roles_and_companies(self):
        claim = self._consumer_claim()
        proof = self._documents(claim, "cz_filing")
        with self.assertRaises(AccessError):
            proof.with_user(self.claim_user).read(["document_type"])
        with self.assertRaises(AccessError):
            proof.with_user(self.operator_b).read(["document_type"])
        self.assertFalse(
            self.env["claim.statutory.document"]
            .with_user(self.operator_b)
            .search([("claim_id", "=", claim.id)])
        )

    def test_a_client_context_does_not_record_proofs(self):
        claim = self._consumer_claim()
        template = self.env.ref("claim_management.mail_template_claim_settlement")
        claim.with_user(self.operator).with_context(
            claim_statutory_send=True
        ).message_post_with_source(template, partner_ids=self.consumer.ids)
        self.assertFalse(self._documents(claim, "cz_settlement"))

    def test_repair_dates_belong_to_the_repair_actions(self):
        claim = self._consumer_claim()
        self._decide(claim, "accepted")
        claim.with_user(self.operator).action_create_repair()
        repair = claim.repair_ids
        repair_user = self._new_user("claim_repair_user", "stock.group_stock_user")
        with self.assertRaises(AccessError):
            repair.with_user(repair_user).write(
                {"claim_date_repair_start": "2020-01-01 00:00:00"}
            )
        self.assertFalse(repair.claim_date_repair_start)
        repair.with_user(repair_user).action_repair_start()
        self.assertTrue(repair.claim_date_repair_start)
        self.assertFalse(repair.claim_date_repair_end)
