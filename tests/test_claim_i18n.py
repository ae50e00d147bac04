"""Polish and Czech: the translation files cover the whole .pot, and a
customer gets the e-mails and PDF protocols in their language."""

import re
import subprocess
from pathlib import Path

import polib

from odoo.tests import tagged
from odoo.tools import html2plaintext

from .common import ClaimCommon

I18N = Path(__file__).resolve().parent.parent / "i18n"
LANGUAGES = ("pl", "cs")
# what must be the same in a msgid and its translation
PLACEHOLDER_RE = re.compile(
    r"%\(\w+\)[sdfr]|%[sdfr]|\{\{.*?\}\}|\$\{.*?\}|\{\w*\}|<[^>]+>", re.DOTALL
)


def placeholders(text):
    return sorted(PLACEHOLDER_RE.findall(text))


@tagged("post_install", "-at_install")
class TestClaimTranslationFiles(ClaimCommon):
    def test_every_msgid_translated_in_polish_and_czech(self):
        template = polib.pofile(str(I18N / "claim_management.pot"))
        msgids = {entry.msgid for entry in template if not entry.obsolete}
        for lang in LANGUAGES:
            with self.subTest(lang=lang):
                po = polib.pofile(str(I18N / f"{lang}.po"))
                entries = {entry.msgid: entry for entry in po if not entry.obsolete}
                missing = sorted(msgids - set(entries))
                self.assertFalse(missing, f"{lang}.po lacks: {missing[:10]}")
                untranslated = sorted(
                    msgid for msgid in msgids if not entries[msgid].msgstr.strip()
                )
                self.assertFalse(
                    untranslated, f"{lang}.po leaves untranslated: {untranslated[:10]}"
                )
                fuzzy = sorted(
                    msgid for msgid in msgids if "fuzzy" in entries[msgid].flags
                )
                self.assertFalse(fuzzy, f"{lang}.po has fuzzy entries: {fuzzy[:10]}")
                differing = [
                    msgid
                    for msgid in msgids
                    if placeholders(msgid) != placeholders(entries[msgid].msgstr)
                ]
                self.assertFalse(
                    differing,
                    f"{lang}.po changes placeholders or markup of: {differing[:5]}",
                )


@tagged("post_install", "-at_install")
class TestClaimCustomerLanguage(ClaimCommon):
    def _load(self, code):
        self.env["res.lang"]._activate_lang(code)
        self.env["ir.module.module"]._load_module_terms(
            ["claim_management"], [code], overwrite=True
        )

    def _pdf_text(self, attachment):
        pdf = attachment.raw
        if not pdf.startswith(b"%PDF"):
            # Odoo renders reports as HTML while tests run (unless forced)
            return " ".join(html2plaintext(pdf.decode()).split())
        result = subprocess.run(
            ["pdftotext", "-layout", "-", "-"],
            input=pdf,
            capture_output=True,
            check=True,
        )
        return " ".join(result.stdout.decode().split())

    def test_registration_mail_and_protocol_in_the_customers_language(self):
        cases = {
            "pl_PL": (
                "została zarejestrowana",
                ["Rejestracja reklamacji", "Data otrzymania:"],
            ),
            "cs_CZ": ("byla zaevidována", ["Evidence reklamace", "Přijato dne:"]),
        }
        for code, (subject_words, protocol_words) in cases.items():
            with self.subTest(lang=code):
                self._load(code)
                consumer = self.env["res.partner"].create(
                    {
                        "name": f"Consumer {code}",
                        "email": f"{code}@example.com",
                        "lang": code,
                    }
                )
                claim = self._create_claim(partner_id=consumer.id)
                self._flush_tracking()
                mail = claim.message_ids.filtered(
                    lambda m, c=consumer: c in m.partner_ids and m.attachment_ids
                )
                self.assertEqual(len(mail), 1)
                self.assertIn(subject_words, mail.subject)
                self.assertNotIn("was registered", mail.subject)
                text = self._pdf_text(mail.attachment_ids[:1])
                for words in protocol_words:
                    self.assertIn(words, text)
                self.assertNotIn("Claim Registration", text)
                # the claim's own stored fields stay as staff wrote them
                self.assertEqual(claim.line_ids.product_id, self.product_a)
