import base64
import math
import mimetypes
import re
import uuid

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import float_compare, float_is_zero, plaintext2html
from odoo.tools.mimetypes import guess_mimetype

from .claim_source import keep_source_lines

# Anything that looks like the start of an HTML tag, comment or declaration.
HTML_TAG_RE = re.compile(r"<\s*[a-zA-Z!/?]")
# Control characters nobody types (NUL cannot even be stored): all but tab,
# line feed and carriage return.
CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Extensions whose content we can sniff: the file must really be of that kind.
SNIFFED_PREFIXES = ("image/", "application/pdf")
# Messages of a claim a customer sees (as the portal chatter shows them).
# Stage e-mails (decision, resolution) are "auto_comment" messages.
CUSTOMER_MESSAGE_TYPES = ("comment", "email", "email_outgoing", "auto_comment")


class ClaimClaim(models.Model):
    """Customers filing and following their claims: the portal access
    (portal.mixin), the checks of what a customer sends (documents, lines,
    quantities, texts, files, consents) and the customer's answer to the
    resolution (accept or dispute).

    The portal and the public form controllers only parse the request and call
    these methods; the same rules hold for every channel.
    """

    _name = "claim.claim"
    _inherit = ["claim.claim", "portal.mixin"]

    # The portal lists a customer's claims newest first: one index range per
    # customer, already in order, whatever the filter (issue 8: 10,000 claims
    # of one customer among 1,000,000).
    _portal_list_idx = models.Index(
        "(commercial_partner_id, date_received DESC, id DESC)"
    )

    consent_ids = fields.One2many("claim.consent", "claim_id", string="Consents")
    customer_product = fields.Char(
        string="Product (Customer's Words)",
        help="What the customer bought, as they describe it, when the claim does "
        "not come from one of our documents.",
    )
    purchase_date = fields.Date(
        help="When the customer bought the goods, as they state it (claims "
        "without a document)."
    )
    date_customer_accepted = fields.Datetime(
        string="Accepted by Customer On", readonly=True, copy=False
    )
    customer_disputed = fields.Boolean(
        string="Disputed by Customer",
        readonly=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
        help="The customer disagrees with the decision or resolution. Cleared when "
        "a manager reopens the decision.",
    )
    date_disputed = fields.Datetime(string="Disputed On", readonly=True, copy=False)
    dispute_reason = fields.Text(readonly=True, copy=False)

    def _compute_access_url(self):
        for claim in self:
            claim.access_url = f"/my/claims/{claim.id}"

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Claim %(name)s", name=self.name).replace("/", "-")

    # ------------------------------------------------------------------
    # What the customer sees
    # ------------------------------------------------------------------

    def _portal_status_label(self):
        """The stage name when customers may see it, otherwise the meaning of
        the state (internal stages stay internal)."""
        self.ensure_one()
        if self.stage_id.is_customer_visible:
            return self.stage_id.name
        return dict(self._fields["state"]._description_selection(self.env)).get(
            self.state, ""
        )

    def _customer_can_accept(self):
        """The customer can accept a resolution, or a rejection, which closes
        the claim."""
        self.ensure_one()
        return self.state == "resolved" or (
            self.state == "decided" and self.decision == "rejected"
        )

    def _customer_can_dispute(self):
        self.ensure_one()
        return self.state in ("decided", "resolved") and not self.customer_disputed

    # ------------------------------------------------------------------
    # Documents a customer may claim against
    # ------------------------------------------------------------------

    @api.model
    def _customer_document_domain(self, partner, model):
        """Documents of the customer's commercial partner that can be claimed:
        posted invoices, done deliveries, confirmed sales orders."""
        commercial = partner.commercial_partner_id
        claimable = self.env["claim.source"]._claimable_domain(model)
        if model == "account.move":
            return claimable & Domain("commercial_partner_id", "=", commercial.id)
        if model == "stock.picking":
            return claimable & self.env[model]._claim_customer_domain(commercial)
        return claimable & Domain("partner_id", "child_of", commercial.id)

    @api.model
    def _customer_document(self, partner, model, res_id):
        """The document ``res_id`` of ``model`` if it belongs to the customer's
        commercial partner and can be claimed; AccessError otherwise, with the
        same message whether it exists or not (nothing is leaked)."""
        try:
            res_id = int(res_id)
        except (TypeError, ValueError):
            res_id = 0
        domain = self._customer_document_domain(partner, model)
        # sudo: portal and public users cannot read invoices or pickings
        # through the ORM; the domain restricts to the customer's own.
        document = self.env[model].sudo().search(Domain("id", "=", res_id) & domain)
        if not document:
            raise AccessError(
                self.env._("This document does not exist or is not yours.")
            )
        return document

    @api.model
    def _customer_document_kinds(self, document):
        """(invoice, picking, order): ``document`` in its place, None elsewhere."""
        return tuple(
            document if document._name == model else None
            for model in ("account.move", "stock.picking", "sale.order")
        )

    @api.model
    def _customer_line_key(self, values):
        """A stable key of a claimable line of a document, used by forms."""
        if values.get("move_id"):
            return f"m{values['move_id']}-{values.get('lot_id') or 0}"
        return f"i{values['invoice_line_id']}"

    @api.model
    def _customer_source_lines(self, document):
        """Claimable lines of a customer's document (checked before), each with
        its ``key``, product, lot, delivered and claimable quantities."""
        invoice, picking, order = self._customer_document_kinds(document)
        # sudo: the claimable quantity counts every claim on the goods,
        # including claims the customer cannot read.
        sources = (
            self.env["claim.source"]
            .sudo()
            ._get_source_lines(invoice=invoice, picking=picking, order=order)
        )
        products = (
            self.env["product.product"]
            .sudo()
            .browse([values["product_id"] for values in sources])
        )
        lots = (
            self.env["stock.lot"]
            .sudo()
            .browse([values["lot_id"] for values in sources if values.get("lot_id")])
        )
        uoms = (
            self.env["uom.uom"].sudo().browse([values["uom_id"] for values in sources])
        )
        for values in sources:
            values["key"] = self._customer_line_key(values)
            values["product"] = products.browse(values["product_id"])
            values["lot"] = lots.browse(values["lot_id"] or [])
            values["uom"] = uoms.browse(values["uom_id"])
        return sources

    # ------------------------------------------------------------------
    # Checks of what the customer sends
    # ------------------------------------------------------------------

    @api.model
    def _check_customer_text(self, text, label):
        """Customers write plain text: refuse markup and control characters
        rather than store them."""
        if text and CONTROL_CHARS_RE.search(text):
            raise ValidationError(
                self.env._(
                    "%(field)s: please remove the invisible control characters.",
                    field=label,
                )
            )
        if text and HTML_TAG_RE.search(text):
            raise ValidationError(
                self.env._(
                    "%(field)s: please write plain text, HTML and scripts are not "
                    "accepted.",
                    field=label,
                )
            )
        return (text or "").strip()

    @api.model
    def _customer_upload_rules(self, company):
        extensions = {
            ext.strip().lower().lstrip(".")
            for ext in (company.claim_upload_extensions or "").split(",")
            if ext.strip()
        }
        return {
            "max_bytes": max(company.claim_upload_max_mb, 0) * 1024 * 1024,
            "max_files": max(company.claim_upload_max_files, 0),
            "extensions": extensions,
            "accept": ",".join(sorted(f".{ext}" for ext in extensions)),
        }

    @api.model
    def _check_customer_files(self, company, files):
        """``files``: list of (file name, content bytes). Refuse too many, too
        large, empty, and files whose name or content is not of an allowed type."""
        rules = self._customer_upload_rules(company)
        if len(files) > rules["max_files"]:
            raise ValidationError(
                self.env._(
                    "You can attach at most %(count)s files.", count=rules["max_files"]
                )
            )
        for name, content in files:
            name = self._check_customer_text(name, self.env._("File name"))
            extension = (
                (name or "").rsplit(".", 1)[-1].lower() if "." in (name or "") else ""
            )
            if extension not in rules["extensions"]:
                raise ValidationError(
                    self.env._(
                        "%(file)s: this type of file is not accepted. Allowed: "
                        "%(allowed)s.",
                        file=name,
                        allowed=", ".join(sorted(rules["extensions"])),
                    )
                )
            if not content:
                raise ValidationError(
                    self.env._("%(file)s: the file is empty.", file=name)
                )
            if len(content) > rules["max_bytes"]:
                raise ValidationError(
                    self.env._(
                        "%(file)s is too large: at most %(size)s MB per file.",
                        file=name,
                        size=company.claim_upload_max_mb,
                    )
                )
            expected = mimetypes.guess_type(f"x.{extension}")[0] or ""
            if expected.startswith(SNIFFED_PREFIXES):
                actual = guess_mimetype(content, default="")
                if actual != expected and not (
                    expected.startswith("image/") and actual.startswith("image/")
                ):
                    raise ValidationError(
                        self.env._(
                            "%(file)s: the content of the file does not match its "
                            "name.",
                            file=name,
                        )
                    )

    @api.model
    def _check_customer_consents(self, company, channel, consent_ids):
        """Every clause of the company for the channel must be ticked; returns
        the clauses."""
        clauses = self.env["claim.consent.clause"].sudo()._for_channel(company, channel)
        given = set()
        for value in consent_ids or ():
            if isinstance(value, str):
                value = value.strip()
            if value in ("", None, False):
                # an empty box sent by the form: not ticked
                continue
            try:
                given.add(int(value))
            except (TypeError, ValueError):
                raise ValidationError(self.env._("Unknown consent clause.")) from None
        unknown = given - set(clauses.ids)
        missing = clauses.filtered(lambda c: c.id not in given)
        if unknown:
            raise ValidationError(self.env._("Unknown consent clause."))
        if missing:
            raise ValidationError(
                self.env._(
                    "Please accept: %(clauses)s",
                    clauses=", ".join(missing.mapped("text")),
                )
            )
        return clauses

    @api.model
    def _customer_claim_types(self, company):
        # sudo: portal and public users read types through this list only.
        return (
            self.env["claim.type"]
            .sudo()
            .search(
                [
                    ("portal_published", "=", True),
                    ("company_id", "in", (False, company.id)),
                ]
            )
        )

    @api.model
    def _customer_form_choices(self, company, channel):
        """What a customer chooses from on a claim form of ``channel``
        ("portal" or "public"): types, reasons, consent clauses, file rules."""
        claim_types = self._customer_claim_types(company)
        return {
            "claim_types": claim_types,
            "claim_reasons": self._customer_claim_reasons(claim_types),
            # sudo: portal and public users cannot read clauses; they read
            # these only.
            "consent_clauses": self.env["claim.consent.clause"]
            .sudo()
            ._for_channel(company, channel),
            # sudo: portal and public users may not read the company's
            # settings; the link to its claim terms only.
            "claim_terms_url": company.sudo().claim_terms_url,
            "upload_rules": self._customer_upload_rules(company),
            "type_fields": claim_types._customer_form_fields(),
            "type_properties": claim_types._customer_form_properties(),
            "remedies": self._fields["requested_remedy"]._description_selection(
                self.env
            ),
        }

    @api.model
    def _customer_claim_reasons(self, claim_type):
        return (
            self.env["claim.reason"]
            .sudo()
            .search(["|", ("type_ids", "=", False), ("type_ids", "in", claim_type.ids)])
        )

    @api.model
    def _prepare_customer_lines(self, document, quantities):
        """Claim line commands from ``quantities`` ({line key: quantity})."""
        sources = {
            values["key"]: values for values in self._customer_source_lines(document)
        }
        commands = []
        for key, raw in (quantities or {}).items():
            if key not in sources:
                raise ValidationError(
                    self.env._("This line is not part of %(doc)s.", doc=document.name)
                )
            values = sources[key]
            quantity = self._parse_customer_quantity(values, raw)
            if float_is_zero(
                quantity, precision_rounding=values["uom"].rounding or 0.01
            ):
                continue
            self._check_customer_quantity(values, quantity)
            commands.append(
                Command.create(self._prepare_customer_line_vals(values, quantity))
            )
        if not commands:
            raise ValidationError(
                self.env._("Enter the quantity claimed on at least one line.")
            )
        return commands

    @api.model
    def _parse_customer_quantity(self, values, raw):
        """The quantity the customer typed for the source line ``values``, as
        a finite number."""
        try:
            quantity = float(raw or 0.0)
        except (TypeError, ValueError):
            quantity = math.nan
        if not math.isfinite(quantity):
            raise ValidationError(
                self.env._(
                    "%(product)s: enter a number.",
                    product=values["product"].display_name,
                )
            )
        return quantity

    @api.model
    def _check_customer_quantity(self, values, quantity):
        """The quantity lies between 0 and the line's claimable quantity."""
        rounding = values["uom"].rounding or 0.01
        if (
            float_compare(quantity, 0.0, precision_rounding=rounding) < 0
            or float_compare(
                quantity, values["claimable_qty"], precision_rounding=rounding
            )
            > 0
        ):
            raise ValidationError(
                self.env._(
                    "%(product)s: you can claim between 0 and %(claimable)s %(uom)s.",
                    product=values["product"].display_name,
                    claimable=values["claimable_qty"],
                    uom=values["uom"].name,
                )
            )

    @api.model
    def _prepare_customer_line_vals(self, values, quantity):
        """The document line and the quantity: the intake service fills the
        rest from the document (claim.source._complete_claim_lines)."""
        return {
            "product_id": values["product_id"],
            "lot_id": values.get("lot_id") or False,
            "quantity": quantity,
            "move_id": values["move_id"] or False,
            "sale_line_id": values["sale_line_id"] or False,
            "invoice_line_id": values["invoice_line_id"] or False,
        }

    # ------------------------------------------------------------------
    # Creating a claim for a customer
    # ------------------------------------------------------------------

    @api.model
    def _create_customer_claim(self, partner, extra_values=None, **kwargs):
        """Check everything a customer sends, then create the claim, its lines,
        files and consents at once (nothing is created when a check fails).
        Arguments: see ``_prepare_customer_claim``; ``extra_values``: values
        the calling channel adds (checked by the caller). Returns the claim
        (sudo)."""
        with keep_source_lines(self.env):
            return self._create_customer_claim_kept(partner, extra_values, **kwargs)

    @api.model
    def _create_customer_claim_kept(self, partner, extra_values, **kwargs):
        values, files = self._prepare_customer_claim(partner, **kwargs)
        values.update(extra_values or {})
        with self.env.cr.savepoint():
            return self._create_prepared_claims([(partner, values, files)])

    @api.model
    def _create_customer_claims(self, requests):
        """Many claims at once (a system's queue of returns): ``requests``
        is a list of (partner, extra values, arguments) as
        ``_create_customer_claim`` takes them. Each request is checked on its
        own; those that pass are created together, in one ``create`` per
        company (the ORM's batch: about a third of the time of creating them
        one by one). When that batch is refused as a whole (two requests
        claiming the same unit, found by the lines' final check under a
        lock), they are created one by one, so each gets its own answer.
        Returns, per request in order, the claim (sudo) or the UserError
        that refused it; nothing is created for a refused request."""
        results = [None] * len(requests)
        by_company = {}
        with keep_source_lines(self.env):
            for index, (partner, extra_values, kwargs) in enumerate(requests):
                try:
                    values, files = self._prepare_customer_claim(partner, **kwargs)
                except UserError as error:
                    results[index] = error
                    continue
                values.update(extra_values or {})
                by_company.setdefault(values["company_id"], []).append(
                    (index, (partner, values, files))
                )
            for items in by_company.values():
                created = None
                if len(items) > 1:
                    created = self._create_prepared_or_error([i for __, i in items])
                if created is None or isinstance(created, UserError):
                    # refused as a whole (or alone): one by one
                    created = [self._create_prepared_or_error([i]) for __, i in items]
                for (index, __), claim in zip(items, created, strict=True):
                    results[index] = claim
        return results

    @api.model
    def _create_prepared_or_error(self, items):
        """``_create_prepared_claims`` in a savepoint; the UserError that
        refused them instead, with nothing of them created."""
        try:
            with self.env.cr.savepoint():
                return self._create_prepared_claims(items)
        except UserError as error:
            return error

    @api.model
    def _create_prepared_claims(self, items):
        """Create the claims of ``items`` [(partner, values, files)], checked
        by ``_prepare_customer_claim``, all of one company; returns them
        (sudo), in order."""
        company = self.env["res.company"].browse(items[0][1]["company_id"])
        # sudo: portal and public users have no create right on claims; all
        # they send was checked above and the claim lines' constraint checks
        # the quantities again under a lock. The customer's files were checked
        # above; the registered e-mail attaches our protocol.
        claims = (
            self.sudo()
            .with_company(company)
            .with_context(claim_customer_files_checked=True)
            .create([values for __, values, __ in items])
        )
        for claim, (partner, __, files) in zip(claims, items, strict=True):
            if files:
                attachments = self._customer_attachments(files)
                claim._post_customer_message(
                    partner,
                    self.env._("Files sent with the claim."),
                    attachments,
                )
        return claims

    @api.model
    def _prepare_customer_claim(
        self,
        partner,
        *,
        channel,
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
        company=None,
        email=None,
        ip_address=None,
    ):
        """Check everything a customer sends; create nothing.

        ``partner``: the customer (portal user's partner, or the consumer);
        ``channel``: "portal" or "public"; ``document``: a document returned by
        ``_customer_document``; ``quantities``: {line key: quantity};
        ``files``: [(name, bytes)]; ``properties``: {property name: value as
        the form sent it} of the type's properties. What the type hides is
        ignored; what it requires is refused when missing (the one rule of
        ``claim.type._check_claim_fields``). Returns (claim values, files); raises
        ValidationError with a message for the customer on the first problem.
        """
        company = document.company_id if document else (company or self.env.company)
        claim_type, reason = self._check_customer_choices(company, claim_type, reason)
        description = self._check_customer_text(description, self.env._("Description"))
        customer_product = self._check_customer_text(
            customer_product, self.env._("Product")
        )
        files = list(files or ())
        self._check_customer_files(company, files)
        clauses = self._check_customer_consents(company, channel, consent_ids)
        values = self._prepare_customer_claim_vals(
            partner, company, channel, claim_type, reason, description
        )
        values.update(
            self._prepare_customer_type_fields(
                claim_type, document, requested_remedy, purchase_date, properties
            )
        )
        if channel == "public":
            # the consumer has no account: the registered e-mail gives them the
            # private link to the claim, so the token exists from the start
            values["access_token"] = str(uuid.uuid4())
        if document:
            values.update(self._prepare_customer_document_vals(document, quantities))
        else:
            self._check_customer_without_document(customer_product, values, files)
            values["customer_product"] = customer_product
        self._check_customer_type_rule(claim_type, values, description, files)
        values["consent_ids"] = self._prepare_customer_consent_vals(
            partner, clauses, email, ip_address
        )
        return values, files

    @api.model
    def _check_customer_choices(self, company, claim_type, reason):
        """The type is one the customer may choose, the reason one of the
        type's; returns both (sudo)."""
        claim_type = claim_type.sudo()
        if not claim_type or claim_type not in self._customer_claim_types(company):
            raise ValidationError(self.env._("Choose the type of the claim."))
        reason = (reason or self.env["claim.reason"]).sudo()
        if reason and reason not in self._customer_claim_reasons(claim_type):
            raise ValidationError(
                self.env._("This reason does not apply to this type of claim.")
            )
        return claim_type, reason

    @api.model
    def _prepare_customer_claim_vals(
        self, partner, company, channel, claim_type, reason, description
    ):
        return {
            "partner_id": partner.id,
            "company_id": company.id,
            "claim_type_id": claim_type.id,
            "reason_id": reason.id,
            "channel": channel,
            "description": plaintext2html(description) if description else False,
        }

    @api.model
    def _prepare_customer_document_vals(self, document, quantities):
        """The claim's documents and lines from the customer's ``document``."""
        # sudo: the document was checked (_customer_document); the customer
        # cannot read its related documents.
        documents = (
            self.env["claim.source"]
            .sudo()
            ._prepare_claim_document_vals(*self._customer_document_kinds(document))
        )
        return {
            "invoice_id": documents["invoice_id"],
            "picking_id": documents["picking_id"],
            "sale_order_id": documents["sale_order_id"],
            "line_ids": self._prepare_customer_lines(document, quantities),
        }

    @api.model
    def _check_customer_without_document(self, customer_product, values, files):
        """Without an order or invoice the customer names the product, gives
        the date of purchase and attaches the proof of purchase."""
        if not customer_product:
            raise ValidationError(self.env._("Tell us which product you claim."))
        if not values.get("purchase_date"):
            raise ValidationError(self.env._("Give the date of purchase."))
        if not files:
            raise ValidationError(
                self.env._(
                    "Attach the proof of purchase (receipt or invoice) to a "
                    "claim without an order or invoice number."
                )
            )

    @api.model
    def _check_customer_type_rule(self, claim_type, values, description, files):
        """What the type requires was given (claim.type._check_claim_fields)."""
        claim_type._check_claim_fields(
            {
                "description": bool(description),
                "attachment": bool(files),
                "purchase_date": bool(values.get("purchase_date")),
                "requested_remedy": bool(values.get("requested_remedy")),
            }
        )

    @api.model
    def _prepare_customer_consent_vals(self, partner, clauses, email, ip_address):
        """Consent commands: the clauses' texts as the customer accepted them."""
        now = fields.Datetime.now()
        return [
            Command.create(
                {
                    "clause_id": clause.id,
                    "text": clause.with_context(lang=partner.lang).text,
                    "date_accepted": now,
                    "partner_id": partner.id,
                    "email": email or partner.email,
                    "ip_address": ip_address,
                    # the claim terms in force, as the customer was shown them
                    "terms_url": clause.company_id.with_context(
                        lang=partner.lang
                    ).claim_terms_url,
                    "terms_version": clause.company_id.claim_terms_version,
                }
            )
            for clause in clauses
        ]

    @api.model
    def _prepare_customer_type_fields(
        self, claim_type, document, requested_remedy, purchase_date, properties
    ):
        """Values of the type's own fields a customer gave: the requested
        remedy, the date of purchase (always asked without a document) and
        the type's properties; what the type hides is left out."""
        values = {}
        remedies = dict(self._fields["requested_remedy"].selection)
        if requested_remedy and claim_type._shows_claim_field("requested_remedy"):
            if requested_remedy not in remedies:
                raise ValidationError(self.env._("Choose the remedy you request."))
            values["requested_remedy"] = requested_remedy
        if purchase_date and (
            not document or claim_type._shows_claim_field("purchase_date")
        ):
            try:
                purchase_date = fields.Date.to_date(purchase_date)
            except ValueError:
                raise ValidationError(
                    self.env._("Enter the date of purchase as a date.")
                ) from None
            if purchase_date > fields.Date.context_today(self):
                raise ValidationError(
                    self.env._("The date of purchase cannot be in the future.")
                )
            values["purchase_date"] = purchase_date
        parsed = claim_type._parse_customer_properties(properties or {})
        if parsed:
            values["properties"] = parsed
        return values

    def _post_customer_message(self, partner, text, attachments=None):
        """Post a message in the customer's name, visible to the customer."""
        self.ensure_one()
        # sudo: the author is a portal or public customer.
        return self.sudo().message_post(
            body=plaintext2html(text) if text else Markup(""),
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=attachments.ids if attachments else [],
        )

    def _customer_reply(self, partner, text, files):
        """A customer's reply from the portal: plain text and files within
        the company's upload rules; nothing is stored when a check fails."""
        self.ensure_one()
        text = self._check_customer_text(text, self.env._("Message"))
        files = list(files or ())
        if not text and not files:
            raise ValidationError(self.env._("Write a message or attach a file."))
        self._check_customer_files(self.company_id, files)
        attachments = self._customer_attachments(files)
        return self._post_customer_message(partner, text, attachments)

    @api.model
    def _customer_attachments(self, files):
        """Files (checked before) to post with a customer's message. They are
        created pending, as the chatter's uploads: message_post links only
        such files of the current user when the author is not an employee."""
        # sudo: portal and public customers cannot create attachments.
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": name,
                        "datas": base64.b64encode(content),
                        "res_model": "mail.compose.message",
                        "res_id": 0,
                    }
                    for name, content in files
                ]
            )
        )

    def _customer_message_domain(self):
        """The messages of these claims the customer sees (on the portal,
        over the API): comments and e-mails, never internal notes."""
        return Domain(
            [
                ("model", "=", self._name),
                ("res_id", "in", self.ids),
                ("message_type", "in", CUSTOMER_MESSAGE_TYPES),
                ("subtype_id", "=", self.env.ref("mail.mt_comment").id),
                ("is_internal", "=", False),
            ]
        )

    def _customer_visible_attachments(self):
        """Files of the messages the customer sees on the portal."""
        # sudo: the domain keeps what the portal chatter shows the customer.
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                self._customer_message_domain() & Domain("attachment_ids", "!=", False)
            )
        )
        return messages.attachment_ids.filtered(
            lambda attachment: (
                attachment.res_model == self._name and attachment.res_id in self.ids
            )
        )

    def _check_can_update_message_content(self, messages):
        """Customers never edit, empty (hide) or re-attach files to messages
        of a claim through the mail routes: what they sent stays as the claim
        page checked it."""
        if self.env.user.share:
            raise AccessError(
                self.env._("Messages of a claim cannot be changed from the portal.")
            )
        return super()._check_can_update_message_content(messages)

    @api.model
    def _get_thread_with_access(self, thread_id, *, mode="read", **kwargs):
        """Portal and public customers read the claim's messages through the
        portal chatter but post only through the claim page, which checks
        their text and files (the mail routes would take any file)."""
        if mode != "read" and self.env.user.share:
            return self.browse()
        return super()._get_thread_with_access(thread_id, mode=mode, **kwargs)

    # ------------------------------------------------------------------
    # The customer answers the resolution
    # ------------------------------------------------------------------

    def action_customer_accept(self):
        """The customer accepts the resolution (or the rejection): the claim
        closes. Only the customer's own portal users may call it (the claim
        page calls ``_customer_accept`` for visitors holding the link)."""
        partner = self._check_caller_is_customer()
        return self.sudo()._customer_accept(partner)

    def action_customer_dispute(self, reason):
        """The customer disagrees with the decision (see _customer_dispute).
        Only the customer's own portal users may call it."""
        partner = self._check_caller_is_customer()
        return self.sudo()._customer_dispute(partner, reason)

    def _check_caller_is_customer(self):
        """The current user's contact, when it is a portal contact of every
        claim's customer; AccessError for anybody else (our staff included:
        they cannot answer in the customer's name)."""
        user = self.env.user
        if user.share and not user._is_public():
            commercial = user.partner_id.commercial_partner_id
            # the portal record rule decides which claims they see
            self.check_access("read")
            if all(claim.commercial_partner_id == commercial for claim in self):
                return user.partner_id
        raise AccessError(
            self.env._(
                "Only the customer can accept or dispute the decision of a claim."
            )
        )

    def _check_customer_partner(self, partner):
        for claim in self:
            if partner.commercial_partner_id != claim.commercial_partner_id:
                raise AccessError(
                    self.env._(
                        "Only the customer can accept or dispute the decision of a "
                        "claim."
                    )
                )

    def _customer_accept(self, partner):
        """``partner`` (the customer, checked by the caller: portal access or
        the claim's token) accepts the resolution: the claim closes."""
        self._check_customer_partner(partner)
        for claim in self:
            if not claim._customer_can_accept():
                raise UserError(
                    self.env._(
                        "Claim %(name)s has no resolution to accept yet.",
                        name=claim.name,
                    )
                )
            claim._move_to_state("closed")
            claim._workflow().write(
                {
                    "date_customer_accepted": fields.Datetime.now(),
                    "customer_disputed": False,
                }
            )
            claim.message_post(
                body=Markup("<p>%s</p>")
                % self.env._("The customer accepted the resolution."),
                author_id=partner.id,
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _customer_dispute(self, partner, reason):
        """``partner`` (the customer, checked by the caller) disagrees: the
        claim goes back to its responsible (an activity); the decision stays
        final until a manager reopens it."""
        self._check_customer_partner(partner)
        reason = self._check_customer_text(reason, self.env._("Reason"))
        if not reason:
            raise UserError(self.env._("Tell us why you disagree with the decision."))
        for claim in self:
            if not claim._customer_can_dispute():
                raise UserError(
                    self.env._(
                        "Claim %(name)s has no decision to dispute.", name=claim.name
                    )
                )
            claim._workflow().write(
                {
                    "customer_disputed": True,
                    "date_disputed": fields.Datetime.now(),
                    "dispute_reason": reason,
                }
            )
            claim._post_customer_message(
                partner,
                self.env._("I dispute the decision: %(reason)s", reason=reason),
            )
            responsible = (
                claim.user_id
                or claim.claim_type_id.user_id
                or claim._get_dispatchers()[:1]
            )
            if responsible:
                claim.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=responsible.id,
                    summary=self.env._("The customer disputes the decision"),
                    note=reason,
                )
        return True

    def _action_reopen(self, reason):
        res = super()._action_reopen(reason)
        self.filtered("customer_disputed")._workflow().write(
            {"customer_disputed": False}
        )
        return res
