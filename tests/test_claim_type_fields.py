import csv
import io

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common_documents import ClaimDocumentCommon
from .common_portal import ClaimPortalCommon
from .common_public import ClaimPublicCommon

PROPERTIES = [
    {"name": "defect_seen", "string": "Defect seen on", "type": "date"},
    {
        "name": "usage",
        "string": "Usage",
        "type": "selection",
        "selection": [["home", "Home"], ["shop", "Shop"]],
    },
    {"name": "hours_used", "string": "Hours used", "type": "integer"},
]


@tagged("post_install", "-at_install")
class TestClaimTypeFieldsBackend(ClaimDocumentCommon):
    """Backend create() and the New Claim wizard apply the type's settings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._stock(cls.product_a, 10)
        cls.order = cls._sale([(cls.product_a, 2, 100.0)])
        cls._deliver(cls.order.picking_ids)
        cls.invoice = cls._invoice(cls.order)
        cls.type_quantity.write(
            {
                "requested_remedy_field": "required",
                "properties_definition": PROPERTIES,
            }
        )

    def test_require_booleans_follow_the_settings(self):
        self.type_quantity.require_lot = True
        self.assertEqual(self.type_quantity.lot_field, "required")
        self.type_quantity.lot_field = "hidden"
        self.assertFalse(self.type_quantity.require_lot)
        self.type_quantity.require_attachment = True
        self.type_quantity.require_attachment = False
        self.assertEqual(self.type_quantity.attachment_field, "optional")

    def test_create_refuses_a_missing_required_field(self):
        with self.assertRaisesRegex(ValidationError, "the remedy requested"):
            self._create_claim()
        claim = self._create_claim(
            requested_remedy="replacement", properties={"hours_used": 12}
        )
        self.assertEqual(claim.requested_remedy, "replacement")
        self.assertIn("Hours used: 12", claim._properties_text())

    def test_remedy_changes_only_while_open(self):
        claim = self._create_claim(requested_remedy="repair")
        claim.requested_remedy = "refund"
        claim._workflow().write({"state": "closed"})
        with self.assertRaisesRegex(Exception, "only change while the claim is open"):
            claim.requested_remedy = "repair"

    def test_wizard_asks_for_required_fields(self):
        wizard = self._open_wizard(self.invoice)
        self.assertEqual(wizard.purchase_date, self.invoice.invoice_date)
        form = Form(wizard)
        form.claim_type_id = self.type_quantity
        with form.line_ids.edit(0) as line:
            line.quantity = 1
        # the form asks for the remedy the type requires
        with self.assertRaisesRegex(AssertionError, "requested_remedy is a required"):
            form.save()
        # and the wizard refuses without it, whatever the client
        wizard.claim_type_id = self.type_quantity
        wizard.line_ids[0].quantity = 1
        with self.assertRaisesRegex(ValidationError, "the remedy requested"):
            wizard.action_create_claim()
        self.assertFalse(self.invoice.claim_ids)
        form.requested_remedy = "refund"
        form.properties = {"usage": "shop"}
        form.save()
        claim = self.env["claim.claim"].browse(wizard.action_create_claim()["res_id"])
        self.assertEqual(claim.requested_remedy, "refund")
        self.assertEqual(claim.purchase_date, self.invoice.invoice_date)
        self.assertIn("Usage: Shop", claim._properties_text())

    def test_protocols_and_export_show_remedy_and_properties(self):
        claim = self._create_claim(
            requested_remedy="price_reduction", properties={"usage": "home"}
        )
        for report in (
            "claim_management.report_claim_registration",
            "claim_management.report_claim_decision",
        ):
            html = (
                self.env["ir.actions.report"]
                .with_user(self.operator)
                ._render_qweb_html(report, claim.ids)[0]
                .decode()
            )
            self.assertIn("Price Reduction", html, report)
            self.assertIn("Usage: Home", html, report)
        wizard = (
            self.env["claim.export"]
            .with_user(self.operator)
            .with_context(active_model="claim.claim", active_ids=claim.ids)
            .create({"file_format": "csv"})
        )
        url = wizard.action_export()["url"]
        attachment = self.env["ir.attachment"].browse(
            int(url.split("/")[3].split("?")[0])
        )
        rows = list(csv.DictReader(io.StringIO(attachment.raw.decode("utf-8-sig"))))
        self.assertEqual(rows[0]["Requested Remedy"], "Price Reduction")
        self.assertEqual(rows[0]["Properties"], "Usage: Home")


@tagged("post_install", "-at_install")
class TestClaimTypeFieldsPortal(ClaimPortalCommon):
    """The portal's new claim form shows, hides and requires per type."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.type_quality.write(
            {
                "requested_remedy_field": "required",
                "properties_definition": PROPERTIES,
            }
        )
        cls.key_a = cls._source_key(cls.invoice, cls.product_a)
        cls.url = f"/my/claims/new/account.move/{cls.invoice.id}"

    def setUp(self):
        super().setUp()
        self.authenticate(self.portal_user.login, self.portal_user.login)

    def _form(self, **values):
        return {
            "type_id": self.type_quality.id,
            "description": "Two chairs have a cracked seat.",
            f"qty_{self.key_a}": "2",
            **values,
        }

    def _claims(self):
        return self.env["claim.claim"].search(
            [("commercial_partner_id", "=", self.customer.id)]
        )

    def test_required_remedy_refused_then_stored_with_properties(self):
        prop = f"prop_{self.type_quality.id}_hours_used"
        response = self._post(self.url, self._form(**{prop: "7"}))
        self.assertEqual(response.status_code, 400)
        self.assertIn("the remedy requested", response.text)
        # the values are kept on the form
        self.assertIn('value="7"', response.text)
        self.assertIn("cracked seat", response.text)
        self.assertFalse(self._claims())
        response = self._post(
            self.url,
            self._form(
                requested_remedy="repair",
                **{prop: "7", f"prop_{self.type_quality.id}_usage": "shop"},
            ),
        )
        self.assertEqual(response.status_code, 303, response.text[-800:])
        claim = self._claims()
        self.assertEqual(claim.requested_remedy, "repair")
        self.assertEqual(claim._properties_text(), "Usage: Shop; Hours used: 7")

    def test_hidden_field_not_shown(self):
        page = self.url_open(self.url).text
        self.assertIn('name="requested_remedy"', page)
        self.assertIn(f'name="prop_{self.type_quality.id}_usage"', page)
        self.env["claim.type"].search([]).requested_remedy_field = "hidden"
        self.env["claim.type"].search([]).description_field = "hidden"
        page = self.url_open(self.url).text
        self.assertNotIn('name="requested_remedy"', page)
        self.assertNotIn('name="description"', page)


@tagged("post_install", "-at_install")
class TestClaimTypeFieldsPublic(ClaimPublicCommon):
    """The public form applies the same rule, up to the confirmed claim."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.type_quality.write(
            {
                "requested_remedy_field": "required",
                "properties_definition": PROPERTIES,
            }
        )

    def test_required_remedy_refused_then_stored(self):
        prop = f"prop_{self.type_quality.id}_defect_seen"
        response = self._submit(
            self._claim_values(self.invoice, **{prop: "2026-01-05"})
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("the remedy requested", response.text)
        self.assertIn("2026-01-05", response.text)
        self.assertFalse(self._requests())
        response = self._submit(
            self._claim_values(
                self.invoice, requested_remedy="replacement", **{prop: "2026-01-05"}
            )
        )
        self.assertEqual(response.status_code, 200, response.text[-500:])
        self.assertEqual(self._requests().requested_remedy, "replacement")
        self._confirm(self._confirm_token())
        claim = self._requests().claim_id
        self.assertEqual(claim.requested_remedy, "replacement")
        self.assertIn("Defect seen on: 2026-01-05", claim._properties_text())

    def test_hidden_field_not_shown(self):
        self.env["claim.type"].search([]).requested_remedy_field = "hidden"
        page = self._lookup(self.invoice.name, email="jana.novakova@example.com").text
        self.assertIn('name="description"', page)
        self.assertNotIn('name="requested_remedy"', page)
