import re

from odoo import fields
from odoo.tests import HttpCase

from .common import (
    confirmed_sale,
    deliver_in_full,
    load_chart_of_accounts,
    post_invoice,
)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
CONFIRM_RE = re.compile(r"/claims/confirm/([A-Za-z0-9_-]+)")


class ClaimPublicCommon(HttpCase):
    """A consumer's delivered and invoiced order, the public form enabled,
    and helpers that go through the real HTTP routes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chart_of_accounts(cls.env)
        cls.company = cls.env.company
        cls.company.write(
            {
                "claim_public_form": True,
                "claim_public_rate_limit": 50,
                "claim_public_request_hours": 24,
                "email": "claims@shop.example.com",
            }
        )
        cls.clause = cls.env["claim.consent.clause"].create(
            {
                "name": "Data processing",
                "text": "I agree to the processing of my data for this claim.",
                "channel": "public",
            }
        )
        cls.consumer = cls.env["res.partner"].create(
            {
                "name": "Jana Novakova",
                "email": "Jana.Novakova@example.com",
                "zip": "602 00",
                "city": "Brno",
            }
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Coffee Grinder",
                "type": "consu",
                "is_storable": True,
                "list_price": 89.0,
            }
        )
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, warehouse.lot_stock_id, 20
        )
        cls.invoice = cls._delivered_invoice(cls.consumer, cls.product, 3, 89.0)
        cls.order = cls.invoice.invoice_line_ids.sale_line_ids.order_id
        cls.type_quality = cls.env.ref("claim_management.type_quality")
        cls.reason_defective = cls.env.ref("claim_management.reason_defective")

    @classmethod
    def _delivered_invoice(cls, partner, product, quantity, price):
        """A sales order of ``quantity`` units of ``product`` for ``partner``,
        delivered in full and invoiced (posted, dated today)."""
        order = confirmed_sale(cls.env, partner, [(product, quantity, price)])
        deliver_in_full(order.picking_ids)
        return post_invoice(order)

    # ------------------------------------------------------------------
    # The form through HTTP
    # ------------------------------------------------------------------

    def _csrf(self, url="/claims/new"):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, response.text[:500])
        return CSRF_RE.search(response.text).group(1)

    def _lookup(self, number, email=None, zip_code=None):
        data = {
            "csrf_token": self._csrf(),
            "step": "lookup",
            "document_number": number,
            "document_email": email or "",
            "zip_code": zip_code or "",
        }
        return self.url_open("/claims/new", data=data)

    def _line_key(self, document):
        lines = self.env["claim.claim"]._customer_source_lines(document)
        return lines[0]["key"]

    def _claim_values(self, document=None, **overrides):
        """What a consumer posts on the claim form (step 2)."""
        values = {
            "step": "submit",
            "claim_type_id": str(self.type_quality.id),
            "reason_id": str(self.reason_defective.id),
            "description": "The grinder stops after a few seconds.",
            "contact_name": "Jana Novakova",
            "contact_email": "jana.novakova@example.com",
            "contact_phone": "+420 601 123 456",
            "consent_ids": str(self.clause.id),
            "website_url": "",
        }
        if document:
            values.update(
                {
                    "document_number": document.name,
                    "document_email": "jana.novakova@example.com",
                    f"qty_{self._line_key(document)}": "1",
                }
            )
        else:
            values.update(
                {
                    "free": "1",
                    "customer_product": "Kettle bought at the fair",
                    "purchase_date": fields.Date.to_string(fields.Date.today()),
                }
            )
        values.update(overrides)
        return {key: value for key, value in values.items() if value is not None}

    def _submit(self, values, files=None):
        data = dict(values, csrf_token=self._csrf())
        files = [("attachments", file) for file in (files or [])]
        return self.url_open("/claims/new", data=data, files=files or None)

    def _requests(self):
        self.env.invalidate_all()
        return self.env["claim.request"].search([])

    def _confirm_token(self, email="jana.novakova@example.com"):
        """The token in the real confirmation e-mail sent to ``email``."""
        self.env.invalidate_all()
        mail = self.env["mail.mail"].search(
            [("email_to", "=", email), ("body_html", "like", "/claims/confirm/")],
            order="id desc",
            limit=1,
        )
        self.assertTrue(mail, f"no confirmation e-mail to {email}")
        return CONFIRM_RE.search(mail.body_html).group(1)

    def _confirm(self, token):
        """Click the button of the confirmation page (the token of the form
        belongs to the session, any page of the form gives it)."""
        return self.url_open(
            f"/claims/confirm/{token}", data={"csrf_token": self._csrf()}
        )
