import base64
import re
import secrets
from datetime import timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, email_normalize

from .claim_claim import REMEDIES

# A phone number as people write it: digits, spaces and the usual separators.
PHONE_RE = re.compile(r"^\+?[0-9 ()./-]{6,25}$")
# Documents a consumer can name on the public form, by their number.
# What secrets.token_urlsafe gives: anything else is no token of ours.
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
PUBLIC_DOCUMENT_MODELS = [("account.move", "Invoice"), ("sale.order", "Sales Order")]


class ClaimRequest(models.Model):
    """A claim filed on the public form, waiting for the consumer to confirm
    it by the link e-mailed to them. Nothing but this request (and its files)
    exists until then; the claim is created at confirmation, with every check
    run again. Unconfirmed requests expire and a cron deletes them."""

    _name = "claim.request"
    _description = "Public Claim Request"
    _order = "id desc"
    _rec_name = "email"

    contact_name = fields.Char(string="Name", readonly=True)
    email = fields.Char(
        string="E-mail",
        required=True,
        readonly=True,
        help="Normalized e-mail of the consumer; the confirmation link goes there.",
    )
    phone = fields.Char(readonly=True)
    lang = fields.Char(string="Language", readonly=True)
    ip_address = fields.Char(string="IP Address", readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    document_model = fields.Selection(
        PUBLIC_DOCUMENT_MODELS, string="Document Type", readonly=True
    )
    document_id = fields.Many2oneReference(
        string="Document ID", model_field="document_model", readonly=True
    )
    quantities = fields.Json(
        readonly=True, help="Quantity claimed per line of the document."
    )
    claim_type_id = fields.Many2one("claim.type", required=True, readonly=True)
    reason_id = fields.Many2one("claim.reason", readonly=True)
    description = fields.Text(readonly=True)
    customer_product = fields.Char(string="Product (Customer's Words)", readonly=True)
    purchase_date = fields.Date(readonly=True)
    requested_remedy = fields.Selection(REMEDIES, readonly=True)
    properties_values = fields.Json(
        readonly=True, help="The claim type's properties the consumer filled in."
    )
    consent_clause_ids = fields.Many2many(
        "claim.consent.clause", string="Consents Given", readonly=True
    )
    token = fields.Char(
        required=True,
        readonly=True,
        copy=False,
        groups="base.group_system",
        default=lambda self: secrets.token_urlsafe(32),
    )
    date_expire = fields.Datetime(string="Expires On", required=True, readonly=True)
    state = fields.Selection(
        [("pending", "Waiting for Confirmation"), ("confirmed", "Confirmed")],
        default="pending",
        required=True,
        readonly=True,
        copy=False,
    )
    claim_id = fields.Many2one(
        "claim.claim", readonly=True, copy=False, index="btree_not_null"
    )
    attachment_count = fields.Integer(compute="_compute_attachment_count")

    _token_unique = models.UniqueIndex("(token)")
    # the rate limit counts the recent requests of an address
    _email_date_idx = models.Index("(email, create_date)")
    _ip_date_idx = models.Index("(ip_address, create_date)")
    # the cleaning cron looks for expired pending requests
    _expire_idx = models.Index("(date_expire) WHERE state = 'pending'")

    def _compute_attachment_count(self):
        counts = dict(
            self.env["ir.attachment"]._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                ["res_id"],
                ["__count"],
            )
        )
        for request in self:
            request.attachment_count = counts.get(request.id, 0)

    # ------------------------------------------------------------------
    # Filing: checks, then the request and its confirmation e-mail
    # ------------------------------------------------------------------

    @api.model
    def _find_public_document(
        self, company, number, email=None, zip_code=None, ip_address=None
    ):
        """The invoice or confirmed sales order ``number`` of the company when
        ``email`` or ``zip_code`` is the one of its customer. Nothing about
        the document is told before it matched; failed searches are counted
        per network address and limited."""
        Attempt = self.env["claim.request.attempt"]
        Attempt._check_limit(company, ip_address)
        try:
            return self._match_public_document(company, number, email, zip_code)
        except ValidationError:
            Attempt._record(company, ip_address)
            raise

    @api.model
    def _match_public_document(self, company, number, email, zip_code):
        Claim = self.env["claim.claim"]
        number = Claim._check_customer_text(number, self.env._("Number")).strip()
        email = Claim._check_customer_text(email, self.env._("E-mail"))
        zip_code = Claim._check_customer_text(zip_code, self.env._("Postal Code"))
        email = email_normalize(email) if email else False
        zip_code = self._normalize_zip(zip_code)
        if not number:
            raise ValidationError(self.env._("Enter your order or invoice number."))
        if not email and not zip_code:
            raise ValidationError(
                self.env._(
                    "Enter the e-mail address or the postal code given with the order."
                )
            )
        document = self._search_document_by_number(company, number)
        if document:
            partners = self._document_partners(document)
            if email and email in partners.mapped("email_normalized"):
                return document
            if zip_code and zip_code in {self._normalize_zip(p.zip) for p in partners}:
                return document
        # One answer whether the number is unknown or the e-mail or postal code
        # does not match: the form never confirms that a number exists.
        raise ValidationError(
            self.env._(
                "We found no order or invoice with this number and this e-mail "
                "address or postal code. Check both on your confirmation e-mail "
                "or invoice."
            )
        )

    @api.model
    def _search_document_by_number(self, company, number):
        """Claimable invoice or sales order by its exact number (any case)."""
        escaped = number.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
        # sudo: consumers cannot read invoices or orders; the document is only
        # used after its customer's e-mail or postal code matched.
        invoice = (
            self.env["account.move"]
            .sudo()
            .search(
                Domain("name", "=ilike", escaped)
                & Domain("company_id", "=", company.id)
                & self.env["claim.source"]._claimable_domain("account.move"),
                limit=1,
            )
        )
        if invoice:
            return invoice
        return (
            self.env["sale.order"]
            .sudo()
            .search(
                Domain("name", "=ilike", escaped)
                & Domain("company_id", "=", company.id)
                & self.env["claim.source"]._claimable_domain("sale.order"),
                limit=1,
            )
        )

    @api.model
    def _document_partners(self, document):
        partners = document.partner_id | document.partner_id.commercial_partner_id
        if document._name == "account.move":
            partners |= document.partner_shipping_id
        else:
            partners |= document.partner_invoice_id | document.partner_shipping_id
        return partners

    @api.model
    def _normalize_zip(self, zip_code):
        return re.sub(r"[\s-]", "", zip_code or "").upper()

    @api.model
    def _check_rate_limit(self, company, email, ip_address):
        """Refuse when the e-mail or the network address filed too many
        requests within the last hour (pending and confirmed ones count)."""
        address = Domain("email", "=", email)
        keys = [f"claim.request:email:{email}"]
        if ip_address:
            address |= Domain("ip_address", "=", ip_address)
            keys.append(f"claim.request:ip:{ip_address}")
        self.env["claim.rate.limit"]._check_limit(
            keys,
            company.claim_public_rate_limit,
            self._name,
            address,
            self.env._(
                "You have filed too many claims within an hour. Please try again later."
            ),
        )

    @api.model
    def _check_contact(self, name, email, phone):
        """Contact e-mail and phone are required; all plain text."""
        Claim = self.env["claim.claim"]
        name = Claim._check_customer_text(name, self.env._("Name"))
        phone = Claim._check_customer_text(phone, self.env._("Phone"))
        email = Claim._check_customer_text(email, self.env._("E-mail"))
        if not email:
            raise ValidationError(self.env._("Enter your e-mail address."))
        normalized = email_normalize(email)
        if not normalized:
            raise ValidationError(self.env._("Enter a valid e-mail address."))
        if not phone:
            raise ValidationError(self.env._("Enter your phone number."))
        if not PHONE_RE.match(phone):
            raise ValidationError(self.env._("Enter a valid phone number."))
        return name, normalized, phone

    @api.model
    def _submit_public_claim(
        self,
        company,
        *,
        contact_name,
        email,
        phone,
        claim_type,
        document=None,
        quantities=None,
        reason=None,
        description="",
        files=(),
        consent_ids=(),
        customer_product="",
        purchase_date=None,
        requested_remedy=None,
        properties=None,
        ip_address=None,
    ):
        """Check a claim filed on the public form; store it as a request and
        e-mail the confirmation link. ``document`` comes from
        ``_find_public_document``. Raises a ValidationError (or UserError for
        the rate limit) with a message for the consumer; creates nothing then.
        """
        contact_name, email, phone = self._check_public_submission(
            company, contact_name, email, phone, ip_address
        )
        # the consumer is not a partner yet: the checks need none
        values, files = self.env["claim.claim"]._prepare_customer_claim(
            self.env["res.partner"],
            channel="public",
            claim_type=claim_type,
            document=document,
            quantities=quantities,
            reason=reason,
            description=description,
            files=files,
            consent_ids=consent_ids,
            customer_product=customer_product,
            purchase_date=purchase_date,
            requested_remedy=requested_remedy,
            properties=properties,
            company=company,
            email=email,
            ip_address=ip_address,
        )
        # sudo: nobody but managers may read requests; consumers create them
        # through this method only, after the checks above.
        request = self.sudo().create(
            {
                "contact_name": contact_name,
                "email": email,
                "phone": phone,
                "lang": self.env.lang,
                "ip_address": ip_address,
                **self._prepare_request_vals(values, document, quantities, description),
            }
        )
        request._attach_request_files(files)
        request._send_confirmation_email()
        return request

    @api.model
    def _check_public_submission(self, company, contact_name, email, phone, ip_address):
        """The form is open, the contact is complete and the sender is within
        the rate limit; returns the checked (name, e-mail, phone)."""
        if not company.claim_public_form:
            raise UserError(self.env._("The claim form is not available."))
        contact_name, email, phone = self._check_contact(contact_name, email, phone)
        self._check_rate_limit(company, email, ip_address)
        return contact_name, email, phone

    @api.model
    def _prepare_request_vals(self, values, document, quantities, description):
        """The request's claim from the checked claim ``values``."""
        company = self.env["res.company"].browse(values["company_id"])
        hours = max(company.claim_public_request_hours, 1)
        return {
            "company_id": company.id,
            "document_model": document._name if document else False,
            "document_id": document.id if document else False,
            "quantities": {
                key: float(qty or 0.0) for key, qty in (quantities or {}).items()
            }
            if document
            else False,
            "claim_type_id": values["claim_type_id"],
            "reason_id": values["reason_id"],
            "description": description or False,
            "customer_product": values.get("customer_product") or False,
            "purchase_date": values.get("purchase_date") or False,
            "requested_remedy": values.get("requested_remedy") or False,
            "properties_values": values.get("properties") or False,
            "consent_clause_ids": [
                Command.set(
                    [command[2]["clause_id"] for command in values["consent_ids"]]
                )
            ],
            "date_expire": fields.Datetime.now() + timedelta(hours=hours),
        }

    def _attach_request_files(self, files):
        """Keep the consumer's checked ``files`` on the request until it is
        confirmed."""
        self.ensure_one()
        if files:
            self.env["ir.attachment"].sudo().create(
                [
                    {
                        "name": name,
                        "datas": base64.b64encode(content),
                        "res_model": self._name,
                        "res_id": self.id,
                    }
                    for name, content in files
                ]
            )

    def _get_confirm_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/claims/confirm/{self.sudo().token}"

    def _send_confirmation_email(self):
        template = self.env.ref("claim_management.mail_template_claim_request_confirm")
        for request in self:
            # sudo: the template reads the request, which consumers cannot.
            template.sudo().send_mail(
                request.id, email_layout_xmlid="mail.mail_notification_light"
            )

    # ------------------------------------------------------------------
    # Confirmation
    # ------------------------------------------------------------------

    @api.model
    def _get_by_token(self, token):
        """The request of a confirmation token; AccessError when unknown."""
        request = (
            self.sudo().search([("token", "=", token)], limit=1)
            if isinstance(token, str) and TOKEN_RE.match(token)
            else self.browse()
        )
        if not request:
            raise AccessError(
                self.env._("This confirmation link is not valid or has expired.")
            )
        return request

    def _is_expired(self):
        self.ensure_one()
        return self.state == "pending" and self.date_expire < fields.Datetime.now()

    def action_confirm(self):
        """Create the claim of the request, once: confirming again returns
        the same claim. Raises UserError when the request expired, and the
        checks' ValidationError when the claim is no longer possible."""
        self.ensure_one()
        # Two clicks at once: the second waits for the first and then finds
        # the request confirmed.
        self.env.cr.execute(
            SQL("SELECT id FROM claim_request WHERE id = %s FOR UPDATE", self.id)
        )
        self.invalidate_recordset()
        if self.state == "confirmed":
            return self.claim_id
        if self._is_expired():
            raise UserError(
                self.env._(
                    "This confirmation link has expired. Please file your claim again."
                )
            )
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", self._name), ("res_id", "=", self.id)], order="id"
        )
        claim = self._create_request_claim(attachments)
        self.write({"state": "confirmed", "claim_id": claim.id})
        self._log_request_on_claim(claim)
        # the files now live on the claim
        attachments.unlink()
        return claim

    def _create_request_claim(self, attachments):
        """The claim of the request, through the customer intake and all its
        checks again; its files are ``attachments``."""
        self.ensure_one()
        # the new contact goes away with the claim when a check fails
        with self.env.cr.savepoint():
            document = self._get_document()
            partner = self._get_or_create_partner(document)
            return (
                self.env["claim.claim"]
                .with_context(lang=self.lang or self.env.lang)
                ._create_customer_claim(
                    partner,
                    channel="public",
                    claim_type=self.claim_type_id,
                    document=document,
                    quantities=self.quantities or {},
                    reason=self.reason_id,
                    description=self.description or "",
                    files=[(att.name, att.raw) for att in attachments],
                    consent_ids=self.consent_clause_ids.ids,
                    customer_product=self.customer_product or "",
                    purchase_date=self.purchase_date,
                    requested_remedy=self.requested_remedy,
                    properties=self.properties_values or {},
                    company=self.company_id,
                    email=self.email,
                    ip_address=self.ip_address,
                )
            )

    def _log_request_on_claim(self, claim):
        """Who filed the claim on the public form, in the claim's chatter."""
        self.ensure_one()
        claim._message_log(
            body=Markup("<p>%s</p>")
            % self.env._(
                "Filed through the public form by %(name)s (%(email)s, %(phone)s).",
                name=self.contact_name or "",
                email=self.email or "",
                phone=self.phone or "",
            ),
            author_id=claim.partner_id.id,
        )

    def _get_document(self):
        self.ensure_one()
        if not self.document_model:
            return None
        document = self.env[self.document_model].browse(self.document_id).exists()
        if not document:
            raise ValidationError(
                self.env._("The order or invoice of this claim no longer exists.")
            )
        return self.env["claim.claim"]._customer_document(
            document.partner_id, self.document_model, document.id
        )

    def _get_or_create_partner(self, document):
        """The customer of the claim: the contact of the document's customer
        with the confirmed e-mail; without a document, an existing contact
        with that e-mail that is no user of ours, else a new contact."""
        self.ensure_one()
        Partner = self.env["res.partner"].sudo()
        if document:
            commercial = document.partner_id.commercial_partner_id
            partner = Partner.search(
                [
                    ("id", "child_of", commercial.id),
                    ("email_normalized", "=", self.email),
                ],
                order="id",
                limit=1,
            )
            if document.partner_id.email_normalized == self.email:
                partner = document.partner_id
            return partner or self._create_partner(parent=commercial)
        # never the partner of one of our users: only portal users or none
        partner = Partner.search(
            Domain("email_normalized", "=", self.email)
            & Domain("company_id", "in", (False, self.company_id.id))
            & (Domain("user_ids", "=", False) | Domain("user_ids.share", "=", True)),
            order="id",
            limit=1,
        )
        return partner or self._create_partner()

    def _create_partner(self, parent=None):
        self.ensure_one()
        langs = self.env["res.lang"].get_installed()
        lang = self.lang if self.lang in dict(langs) else False
        return (
            self.env["res.partner"]
            .sudo()
            .create(
                {
                    "name": self.contact_name or self.email,
                    "email": self.email,
                    "phone": self.phone,
                    "lang": lang or (parent.lang if parent else False),
                    "parent_id": parent.id if parent else False,
                    "type": "contact",
                }
            )
        )

    # ------------------------------------------------------------------
    # Cleaning
    # ------------------------------------------------------------------

    @api.model
    def _cron_delete_expired(self, batch_size=500):
        """Delete the expired unconfirmed requests and their files, by
        batches, each committed when run by the cron (outside a cron the
        caller commits); SKIP LOCKED keeps two workers (or a consumer
        confirming right now) from colliding."""
        domain = Domain("state", "=", "pending") & Domain(
            "date_expire", "<", fields.Datetime.now()
        )
        self.env["claim.request.attempt"]._delete_old()
        self.env["claim.rate.limit"]._delete_old()
        while True:
            requests = self.search(domain, limit=batch_size, order="id")
            if requests:
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM claim_request WHERE id IN %s "
                        "FOR UPDATE SKIP LOCKED",
                        tuple(requests.ids),
                    )
                )
                requests = self.browse([row[0] for row in self.env.cr.fetchall()])
            if not requests:
                return
            requests.unlink()
            if len(requests) < batch_size:
                return
            if self.env.context.get("cron_id"):
                self.env["ir.cron"]._commit_progress(len(requests))
