from odoo import fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

# Name of the hidden input people never see and bots fill in.
HONEYPOT_FIELD = "website_url"


def _readonly_get(controller, rule, args):
    """Routes whose GET only shows a page (the form's first step, the
    confirmation page before its button): a read-only cursor, the read
    replica when one is configured; their POSTs write."""
    return request.httprequest.method in ("GET", "HEAD")


class ClaimPublicForm(http.Controller):
    """The public claim form for consumers without an account: find the
    order or invoice (or file a claim without one), describe the claim,
    confirm it by the link e-mailed, then follow it on its private page.

    Parses the request only: the checks and the records are the models'
    (claim.request, claim.claim)."""

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _public_form_company(self):
        company = request.env.company
        if not company.claim_public_form:
            raise request.not_found()
        return company

    def _render(self, template, values, status=200):
        return request.render(f"claim_management.{template}", values, status=status)

    def _render_start(self, company, values, error=None):
        return self._render(
            "public_claim_start",
            {"company": company, "values": values, "error": error},
            status=400 if error else 200,
        )

    def _render_claim_form(self, company, document, values, error=None):
        Claim = request.env["claim.claim"]
        return self._render(
            "public_claim_form",
            {
                **Claim._customer_form_choices(company, "public"),
                "company": company,
                "document": document,
                "lines": Claim._customer_source_lines(document) if document else [],
                "honeypot_field": HONEYPOT_FIELD,
                "values": values,
                "error": error,
                "today": fields.Date.context_today(Claim),
            },
            status=400 if error else 200,
        )

    def _find_document(self, company, values):
        """The document the consumer named, checked again at every step (the
        form carries the number and e-mail or postal code, never an id)."""
        return request.env["claim.request"]._find_public_document(
            company,
            values.get("document_number"),
            email=values.get("document_email"),
            zip_code=values.get("zip_code"),
            ip_address=request.httprequest.remote_addr,
        )

    @staticmethod
    def _parse_id(value):
        try:
            return int(value)
        except (TypeError, ValueError):
            return 0

    def _parse_claim(self, company, document, values):
        """Keyword arguments of claim.request._submit_public_claim from the
        posted form."""
        purchase_date = self._parse_purchase_date(values)
        files = self._parse_files()
        claim_type = self._parse_record("claim.type", values.get("claim_type_id"))
        return {
            "contact_name": values.get("contact_name", ""),
            "email": values.get("contact_email", ""),
            "phone": values.get("contact_phone", ""),
            "claim_type": claim_type,
            "reason": self._parse_record("claim.reason", values.get("reason_id")),
            "document": document,
            "quantities": self._parse_quantities(values) if document else None,
            "description": values.get("description", ""),
            "files": files,
            # the model parses the ids and refuses what is not one
            "consent_ids": request.httprequest.form.getlist("consent_ids"),
            "customer_product": values.get("customer_product", ""),
            "purchase_date": purchase_date,
            "requested_remedy": values.get("requested_remedy"),
            "properties": claim_type._customer_properties_from_form(values),
            "ip_address": request.httprequest.remote_addr,
        }

    def _parse_purchase_date(self, values):
        if not values.get("purchase_date"):
            return None
        try:
            return fields.Date.to_date(values["purchase_date"])
        except ValueError:
            raise ValidationError(
                request.env._("Enter the date of purchase as a date.")
            ) from None

    def _parse_files(self):
        return [
            (upload.filename, upload.read())
            for upload in request.httprequest.files.getlist("attachments")
            if upload.filename
        ]

    def _parse_record(self, model, value):
        # sudo: public users cannot read types and reasons; the model checks
        # the choice against the ones offered.
        return request.env[model].sudo().browse(self._parse_id(value)).exists()

    @staticmethod
    def _parse_quantities(values):
        """{line key: quantity as typed} from the form's ``qty_<key>`` fields."""
        return {
            name[len("qty_") :]: value
            for name, value in values.items()
            if name.startswith("qty_")
        }

    # ------------------------------------------------------------------
    # Filing
    # ------------------------------------------------------------------

    @http.route(
        "/claims/new",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
        sitemap=False,
        readonly=_readonly_get,
    )
    def public_claim_new(self, **values):
        company = self._public_form_company()
        if request.httprequest.method == "GET":
            if values.get("free"):
                return self._render_claim_form(company, None, {"free": "1"})
            # shops may link here with the number of the order prefilled
            number = (values.get("document_number") or "")[:64]
            return self._render_start(company, {"document_number": number})
        step = values.get("step")
        if step == "submit":
            return self._submit(company, values)
        try:
            document = self._find_document(company, values)
        except (UserError, ValidationError) as error:
            return self._render_start(company, values, error.args[0])
        values.setdefault("contact_email", values.get("document_email") or "")
        return self._render_claim_form(company, document, values)

    def _submit(self, company, values):
        if values.get(HONEYPOT_FIELD):
            # A bot filled in the hidden field: pretend all went well.
            return request.redirect("/claims/sent")
        document = None
        if not values.get("free"):
            try:
                document = self._find_document(company, values)
            except (UserError, ValidationError) as error:
                return self._render_start(company, values, error.args[0])
        try:
            kwargs = self._parse_claim(company, document, values)
            request.env["claim.request"]._submit_public_claim(company, **kwargs)
        except (UserError, ValidationError, AccessError) as error:
            return self._render_claim_form(company, document, values, error.args[0])
        return request.redirect("/claims/sent")

    @http.route(
        "/claims/sent",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
        readonly=True,
    )
    def public_claim_sent(self, **kw):
        company = self._public_form_company()
        return self._render("public_claim_sent", {"company": company})

    # ------------------------------------------------------------------
    # Confirmation
    # ------------------------------------------------------------------

    @http.route(
        "/claims/confirm/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
        sitemap=False,
        readonly=_readonly_get,
    )
    def public_claim_confirm(self, token, **kw):
        """GET shows the claim to confirm (link checkers of mail servers open
        links too: they must not confirm); the button POSTs."""
        try:
            # sudo inside: requests are readable by the holder of the token only
            claim_request = request.env["claim.request"]._get_by_token(token)
        except AccessError as error:
            return self._render(
                "public_claim_invalid", {"message": error.args[0]}, status=404
            )
        values = {"claim_request": claim_request, "token": token}
        if claim_request.state == "confirmed":
            return self._render(
                "public_claim_done", {**values, "claim": claim_request.claim_id}
            )
        if claim_request._is_expired():
            return self._render(
                "public_claim_invalid",
                {
                    "message": request.env._(
                        "This confirmation link has expired. Please file your "
                        "claim again."
                    ),
                    "expired": True,
                },
                status=410,
            )
        if request.httprequest.method == "GET":
            return self._render("public_claim_confirm", values)
        try:
            claim = claim_request.action_confirm()
        except (UserError, ValidationError, AccessError) as error:
            return self._render(
                "public_claim_invalid", {"message": error.args[0]}, status=409
            )
        return self._render("public_claim_done", {**values, "claim": claim})
