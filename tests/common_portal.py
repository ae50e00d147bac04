import base64

from odoo.http import Request
from odoo.tests import HttpCase

from .common import portal_user
from .common_documents import ClaimDocumentCommon

# Smallest valid files of each kind, so that content sniffing accepts them.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class ClaimPortalCommon(ClaimDocumentCommon, HttpCase):
    """Two customer companies with a portal contact each, a real sale,
    delivery and posted invoice for each, and helpers to file claims."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = portal_user(
            cls.env,
            "claim_portal_acme",
            cls.customer,
            name="Paula Portal",
            email="paula@acme.example.com",
        )
        cls.other_portal_user = portal_user(
            cls.env,
            "claim_portal_other",
            cls.other_customer,
            name="Oscar Other",
            email="oscar@other.example.com",
        )
        cls._stock(cls.product_a, 100)
        cls.order = cls._sale([(cls.product_a, 5, 100.0), (cls.product_b, 3, 30.0)])
        cls.delivery = cls._deliver(cls.order.picking_ids)
        cls.invoice = cls._invoice(cls.order)
        cls.other_order = cls._sale(
            [(cls.product_a, 2, 100.0)], partner=cls.other_customer
        )
        cls.other_delivery = cls._deliver(cls.other_order.picking_ids)
        cls.other_invoice = cls._invoice(cls.other_order)
        cls.Claim = cls.env["claim.claim"]

    @classmethod
    def _source_key(cls, document, product):
        lines = cls.env["claim.claim"]._customer_source_lines(document)
        return next(line["key"] for line in lines if line["product"] == product)

    @classmethod
    def _portal_claim(cls, document=None, partner=None, quantity=1.0, product=None):
        """A claim filed by a portal customer through the model service."""
        document = document or cls.invoice
        product = product or cls.product_a
        partner = partner or cls.portal_user.partner_id
        return cls.env["claim.claim"]._create_customer_claim(
            partner,
            channel="portal",
            claim_type=cls.type_quality,
            document=document,
            quantities={cls._source_key(document, product): quantity},
            description="The chair wobbles.",
            consent_ids=cls.env["claim.consent.clause"]
            ._for_channel(document.company_id, "portal")
            .ids,
        )

    def _resolved(self, claim):
        claim = claim.sudo()
        claim.action_start()
        claim.line_ids.write({"decision": "accepted"})
        claim.action_decide()
        claim._move_to_state("resolved")
        return claim

    def _post(self, url, data=None, files=None):
        data = dict(data or {}, csrf_token=self._csrf_token())
        return self.url_open(url, data=data, files=files, allow_redirects=False)

    def _csrf_token(self):
        """A CSRF token of the test's current session."""
        return Request.csrf_token(self)
