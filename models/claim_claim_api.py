"""The claims API: the public methods e-shops and customers' systems call over
Odoo's JSON-2 (``POST /json/2/claim.claim/<method>``, bearer API key).

Two kinds of callers (``_api_caller``):

* an **integration** (a user of the "Claims: API" group, or a claims
  operator): files claims for any customer of its companies and reads what a
  customer may see of them, plus their number and state;
* a **customer** (a portal user's own API key, when the company allows portal
  API keys): exactly what their portal shows, through the same record rules
  and the same checks as the portal.

Every claim goes through the customer intake (``_create_customer_claim``):
the same checks of documents, quantities, texts and files as the portal and
the public form, nothing created when one fails. docs/API.md documents the
calls with examples.
"""

import base64
import binascii
from contextlib import contextmanager
from datetime import datetime

import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, ConcurrencyError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import float_compare, html2plaintext

from .claim_source import keep_source_lines
from .claim_type import CLAIM_TYPE_FIELDS

# document kinds an API client names, and the model behind each
API_DOCUMENT_MODELS = {
    "invoice": "account.move",
    "delivery": "stock.picking",
    "order": "sale.order",
}
API_SOURCE_LINE_FIELDS = ("invoice_line_id", "sale_line_id", "move_id")
API_MAX_CHANGED = 1000
API_MAX_BATCH = 100
# what an item of api_submit_batch may give: api_submit's arguments
API_SUBMIT_ARGUMENTS = frozenset(
    {
        "document",
        "document_type",
        "lines",
        "client_ref",
        "customer_ref",
        "customer_id",
        "claim_type",
        "reason",
        "description",
        "requested_remedy",
        "purchase_date",
        "customer_product",
        "attachments",
        "consent_ids",
        "properties",
    }
)


@contextmanager
def client_ref_race(env):
    """Two requests filing the same claim (a client's retries) at once: the
    second waits on the unique client reference, then fails with a
    ConcurrencyError; Odoo runs its request again, and it finds the claim
    the first one filed."""
    try:
        yield
    except psycopg2.errors.UniqueViolation as error:
        if error.diag.constraint_name != "claim_claim_client_ref_unique":
            raise
        raise ConcurrencyError(
            env._("The claim is being filed by another request.")
        ) from error


class ClaimClaim(models.Model):
    _inherit = "claim.claim"

    client_ref = fields.Char(
        string="Client Reference",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The reference the filing system gave the claim (e.g. the "
        "e-shop's return number). Unique per company and customer: a system "
        "that files the same claim again gets this claim back.",
    )
    customer_ref = fields.Char(
        string="Customer Reference",
        copy=False,
        tracking=True,
        index="trigram",
        help="The customer's own number of the claim, quoted in their correspondence.",
    )

    _client_ref_unique = models.UniqueIndex(
        "(company_id, commercial_partner_id, client_ref) WHERE client_ref IS NOT NULL",
        "This client reference is already used by another claim of the customer.",
    )
    # "claims changed since": the sync listing reads claims in this order
    _write_date_idx = models.Index("(write_date, id)")

    # ------------------------------------------------------------------
    # Who calls
    # ------------------------------------------------------------------

    @api.model
    def _api_caller(self):
        """(customer, companies) of the calling user: the portal user's
        contact and no companies for a customer, no customer and the
        user's companies for an integration; AccessError for anybody else."""
        user = self.env.user
        if user._is_public():
            raise AccessError(self.env._("Sign in to use the claims API."))
        if user.share:
            # the company's setting of Odoo's portal: portal users may hold
            # API keys; turning it off closes their keys' door at once
            if (
                not self.env["ir.config_parameter"]
                .sudo()
                .get_param("portal.allow_api_keys")
            ):
                raise AccessError(
                    self.env._("Customers may not use the claims API here.")
                )
            return user.partner_id, self.env["res.company"]
        if user.has_group("claim_management.group_claim_api") or user.has_group(
            "claim_management.group_claim_operator"
        ):
            return self.env["res.partner"], user.company_ids
        raise AccessError(self.env._("Your user is not allowed to use the claims API."))

    @api.model
    def _api_scope_domain(self):
        """The claims the caller may reach through the API."""
        customer, companies = self._api_caller()
        if customer:
            return Domain(
                "commercial_partner_id", "=", customer.commercial_partner_id.id
            ) & Domain("company_id", "in", self.env.user.company_ids.ids)
        return Domain("company_id", "in", companies.ids)

    def _api_check_scope(self):
        """The claims (sudo) if all are within the caller's reach; the same
        AccessError whether a claim exists or not."""
        claims = self.sudo().exists()
        reachable = claims.filtered_domain(self._api_scope_domain())
        if not self.ids or len(reachable) != len(set(self.ids)):
            raise AccessError(self.env._("This claim does not exist or is not yours."))
        return reachable

    # ------------------------------------------------------------------
    # Filing a claim
    # ------------------------------------------------------------------

    @api.model
    def api_submit(
        self,
        document=None,
        document_type=None,
        lines=(),
        client_ref=None,
        customer_ref=None,
        customer_id=None,
        claim_type=None,
        reason=None,
        description="",
        requested_remedy=None,
        purchase_date=None,
        customer_product="",
        attachments=(),
        consent_ids=(),
        properties=None,
    ):
        """File a claim; returns it as ``api_read`` does, with ``created``
        False when ``client_ref`` named a claim filed before (a retry)."""
        existing, request = self._api_submit_request(
            self._api_caller(),
            {
                "document": document,
                "document_type": document_type,
                "lines": lines,
                "client_ref": client_ref,
                "customer_ref": customer_ref,
                "customer_id": customer_id,
                "claim_type": claim_type,
                "reason": reason,
                "description": description,
                "requested_remedy": requested_remedy,
                "purchase_date": purchase_date,
                "customer_product": customer_product,
                "attachments": attachments,
                "consent_ids": consent_ids,
                "properties": properties,
            },
        )
        if existing:
            return dict(existing._api_values()[0], created=False)
        partner, kwargs = request
        with keep_source_lines(self.env):
            claim = self._api_create(partner, **kwargs)
        return dict(claim._api_values()[0], created=True)

    @api.model
    def api_submit_batch(self, claims):
        """File several claims in one call (a queue of returns an e-shop or
        a chain's system sends at once; up to ``API_MAX_BATCH``). Each item
        is an object with ``api_submit``'s arguments. Returns one result per
        item, in order: the claim as ``api_submit`` returns it (``created``
        False for a client reference filed before), or ``{"error":
        message}`` for an item refused, for which nothing is created; the
        other items are filed. The items' claims are created together: a
        batch files claims about three times faster than one call each."""
        if not isinstance(claims, (list, tuple)) or not claims:
            raise ValidationError(self.env._("Send a list of claims."))
        if len(claims) > API_MAX_BATCH:
            raise ValidationError(
                self.env._("At most %(count)s claims per call.", count=API_MAX_BATCH)
            )
        caller = self._api_caller()
        results = [None] * len(claims)
        filed = {}  # item index: (its claim, created by this call)
        requests = []
        refs = set()
        with keep_source_lines(self.env):
            for index, item in enumerate(claims):
                try:
                    existing, request = self._api_submit_request(
                        caller, self._api_batch_item(item)
                    )
                    ref = None
                    if request:
                        partner, kwargs = request
                        ref = self._api_client_ref_key(
                            partner,
                            kwargs["document"],
                            kwargs["extra_values"]["client_ref"],
                        )
                    if ref and ref in refs:
                        raise ValidationError(
                            self.env._(
                                "Client reference %(ref)s is given twice.", ref=ref[2]
                            )
                        )
                except UserError as error:
                    results[index] = {"error": error.args[0]}
                    continue
                if existing:
                    filed[index] = existing, False
                    continue
                refs.add(ref)
                requests.append((index, request))
            created = self._api_create_many([request for __, request in requests])
        for (index, __), claim in zip(requests, created, strict=True):
            if isinstance(claim, UserError):
                results[index] = {"error": claim.args[0]}
            else:
                filed[index] = claim, True
        # read at once (sudo, as api_submit reads its claim)
        claims_read = self.sudo().browse(
            list(dict.fromkeys(claim.id for claim, __ in filed.values()))
        )
        values = dict(zip(claims_read.ids, claims_read._api_values(), strict=True))
        for index, (claim, new) in filed.items():
            results[index] = dict(values[claim.id], created=new)
        return results

    @api.model
    def _api_create_many(self, requests):
        """``_api_create`` for many requests [(partner, arguments)]: per
        request, the claim or the UserError that refused it."""
        with client_ref_race(self.env):
            return self._create_customer_claims(
                [
                    (
                        partner,
                        kwargs["extra_values"],
                        {k: v for k, v in kwargs.items() if k != "extra_values"},
                    )
                    for partner, kwargs in requests
                ]
            )

    @api.model
    def _api_batch_item(self, item):
        """``api_submit``'s arguments from an item of a batch."""
        if not isinstance(item, dict):
            raise ValidationError(self.env._("Each claim is an object."))
        unknown = set(item) - API_SUBMIT_ARGUMENTS
        if unknown:
            raise ValidationError(
                self.env._(
                    "Unknown argument(s): %(names)s.",
                    names=", ".join(sorted(map(str, unknown))),
                )
            )
        return item

    @api.model
    def _api_submit_request(self, caller, arguments):
        """Check what a client sends to file a claim: (the claim filed
        before with this client reference, None), or (empty, the arguments
        of ``_api_create``)."""
        customer, companies = caller
        get = arguments.get
        client_ref = self._customer_text_value(
            get("client_ref"), self.env._("Client reference"), 64
        )
        customer_ref = self._customer_text_value(
            get("customer_ref"), self.env._("Your reference"), 64
        )
        description = self._customer_text_value(
            get("description", ""), self.env._("Description")
        )
        customer_product = self._customer_text_value(
            get("customer_product", ""), self.env._("Product")
        )
        document = self._api_document(
            get("document"), get("document_type"), customer, companies
        )
        partner = self._api_customer(customer, document, get("customer_id"), companies)
        existing = self._api_claim_by_client_ref(partner, document, client_ref)
        if existing:
            return existing, None
        kwargs = {
            "extra_values": {
                "channel": "api",
                "client_ref": client_ref or False,
                "customer_ref": customer_ref or False,
            },
            "document": document,
            "channel": "portal" if customer else "api",
            "claim_type": self._api_claim_type(get("claim_type"), document),
            "quantities": self._api_quantities(document, get("lines") or ()),
            "reason": self._api_record("claim.reason", get("reason")),
            "description": description,
            "requested_remedy": get("requested_remedy"),
            "purchase_date": get("purchase_date"),
            "customer_product": customer_product,
            "files": self._api_files(get("attachments") or ()),
            "consent_ids": get("consent_ids") or (),
            "properties": self._api_properties(get("properties")),
            "email": partner.email,
        }
        return self.browse(), (partner, kwargs)

    @api.model
    def _customer_text_value(self, value, label, size=None):
        """A text the client sent: plain text (as the portal accepts it) of
        at most ``size`` characters, stripped; "" when not given."""
        if value in (None, False):
            return ""
        if not isinstance(value, str):
            raise ValidationError(self.env._("%(field)s: send a text.", field=label))
        value = self._check_customer_text(value, label)
        if size and len(value) > size:
            raise ValidationError(
                self.env._(
                    "%(field)s: at most %(size)s characters.", field=label, size=size
                )
            )
        return value

    @api.model
    def _api_create(self, partner, **kwargs):
        """Create the claim through the customer intake. Two retries of one
        filing at once: the second waits on the unique client reference,
        then its request is retried by Odoo and finds the first claim."""
        # the intake's savepoint rolls the claim back (see
        # _create_customer_claim)
        with client_ref_race(self.env):
            return self._create_customer_claim(partner, **kwargs)

    @api.model
    def _api_client_ref_key(self, partner, document, client_ref):
        """(company id, customer id, client reference) a client reference is
        unique within (``_client_ref_unique``); None without a reference."""
        if not client_ref:
            return None
        company = document.company_id if document else self.env.company
        return company.id, partner.commercial_partner_id.id, client_ref

    @api.model
    def _api_claim_by_client_ref(self, partner, document, client_ref):
        key = self._api_client_ref_key(partner, document, client_ref)
        if not key:
            return self.browse()
        # sudo: the claim is looked up within the caller's customer and
        # company; integrations have no read right on claims.
        return (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("company_id", "=", key[0]),
                    ("commercial_partner_id", "=", key[1]),
                    ("client_ref", "=", key[2]),
                ],
                limit=1,
            )
        )

    @api.model
    def _api_document(self, number, document_type, customer, companies):
        """The claimable document numbered ``number`` (sudo), of the
        customer, or of the integration's companies; None without a number."""
        if not number:
            return None
        if document_type and document_type not in API_DOCUMENT_MODELS:
            raise ValidationError(
                self.env._(
                    "Unknown document type %(type)s: use invoice, delivery or order.",
                    type=document_type,
                )
            )
        kinds = [document_type] if document_type else list(API_DOCUMENT_MODELS)
        found = []
        for kind in kinds:
            model = API_DOCUMENT_MODELS[kind]
            if customer:
                domain = self._customer_document_domain(customer, model) & Domain(
                    "company_id", "in", self.env.user.company_ids.ids
                )
            else:
                domain = self.env["claim.source"]._claimable_domain(model) & Domain(
                    "company_id", "in", companies.ids
                )
            # sudo: customers and integrations cannot read these documents;
            # the domain keeps the customer's own or the companies' ones.
            found.append(
                self.env[model].sudo().search(domain & Domain("name", "=", number))
            )
        found = [document for document in found if document]
        if not found:
            raise AccessError(
                self.env._(
                    "Document %(number)s does not exist, cannot be claimed or is "
                    "not yours.",
                    number=number,
                )
            )
        if len(found) > 1 or len(found[0]) > 1:
            raise ValidationError(
                self.env._(
                    "Several documents are numbered %(number)s: give the "
                    "document type (invoice, delivery or order).",
                    number=number,
                )
            )
        return found[0]

    @api.model
    def _api_customer(self, customer, document, customer_id, companies):
        """Who the claim is for: the customer calling, else the customer of
        the document, else the partner ``customer_id`` an integration names."""
        if customer:
            return customer
        if document:
            partner = self.env["claim.source"]._document_customer(document)
            if (
                customer_id
                and partner.commercial_partner_id.id
                != self._api_id("res.partner", customer_id).commercial_partner_id.id
            ):
                raise ValidationError(
                    self.env._("The document belongs to another customer.")
                )
            return partner
        if not customer_id:
            raise ValidationError(
                self.env._("Give the document number or the customer of the claim.")
            )
        partner = self._api_id("res.partner", customer_id)
        if partner.company_id and partner.company_id not in companies:
            raise AccessError(self.env._("This customer is not one of yours."))
        return partner

    @api.model
    def _api_id(self, model, value):
        """The record of ``model`` with the id ``value`` (sudo); a
        ValidationError for anything that is not an existing id."""
        try:
            record = self.env[model].sudo().browse(int(value)).exists()
        except (TypeError, ValueError):
            record = None
        if not record:
            raise ValidationError(
                self.env._("Unknown %(what)s: %(value)s", what=model, value=value)
            )
        return record

    @api.model
    def _api_record(self, model, value):
        """A claim type or reason the client names by id or code (sudo);
        empty when not given. Whether the customer may choose it is checked
        by the intake."""
        Model = self.env[model].sudo()
        if value in (None, False, ""):
            return Model
        if isinstance(value, int) and not isinstance(value, bool):
            return Model.browse(value).exists()
        return Model.search([("code", "=", str(value))], limit=1)

    @api.model
    def _api_claim_type(self, value, document):
        """The type named by the client, else the first type customers may
        choose in the company."""
        claim_type = self._api_record("claim.type", value)
        if claim_type or value not in (None, False, ""):
            return claim_type
        company = document.company_id if document else self.env.company
        return self._customer_claim_types(company)[:1]

    @api.model
    def _api_quantities(self, document, lines):
        """{line key: quantity} of the customer intake from the client's
        lines: each names a product (id or internal reference) and a
        quantity, optionally the document line (``invoice_line_id``,
        ``sale_line_id`` or ``move_id``) or a lot. A product on several
        lines of the document (lots, deliveries) is spread over them, up to
        what each can still be claimed."""
        if not document:
            if lines:
                raise ValidationError(
                    self.env._("Claimed products need the document they were sold on.")
                )
            return None
        if not isinstance(lines, (list, tuple)) or not lines:
            raise ValidationError(
                self.env._("Give the claimed products and their quantities.")
            )
        sources = self._customer_source_lines(document)
        quantities = {}
        for line in lines:
            if not isinstance(line, dict):
                raise ValidationError(
                    self.env._("Each claimed product is an object with a quantity.")
                )
            matches = self._api_source_matches(document, sources, line)
            quantity = self._parse_customer_quantity(matches[0], line.get("quantity"))
            self._api_spread(matches, quantity, quantities)
        return quantities

    @api.model
    def _api_source_matches(self, document, sources, line):
        """The source lines of ``document`` a client line designates."""
        matches = sources
        for field in API_SOURCE_LINE_FIELDS:
            if line.get(field):
                matches = [s for s in matches if s[field] == line[field]]
        product = line.get("product_id") or line.get("default_code")
        if product:
            matches = [
                s
                for s in matches
                if product in (s["product_id"], s["product"].default_code)
            ]
        elif not any(line.get(field) for field in API_SOURCE_LINE_FIELDS):
            raise ValidationError(self.env._("Give the product of each claimed line."))
        if line.get("lot"):
            matches = [s for s in matches if s["lot"].name == line["lot"]]
        if not matches:
            raise ValidationError(
                self.env._(
                    "%(product)s is not on %(doc)s.",
                    product=product or line.get("lot") or "",
                    doc=document.name,
                )
            )
        return matches

    @api.model
    def _api_spread(self, matches, quantity, quantities):
        """Add ``quantity`` to ``quantities`` over the source lines
        ``matches`` in order, each up to what it can still be claimed."""
        free = [
            max(values["claimable_qty"] - quantities.get(values["key"], 0.0), 0.0)
            for values in matches
        ]
        first = matches[0]
        rounding = first["uom"].rounding or 0.01
        if len(matches) == 1:
            self._check_customer_quantity(
                first, quantities.get(first["key"], 0.0) + quantity
            )
        elif float_compare(quantity, sum(free), precision_rounding=rounding) > 0:
            self._check_customer_quantity(
                dict(first, claimable_qty=sum(free)), quantity
            )
        left = quantity
        for values, available in zip(matches, free, strict=True):
            take = left if len(matches) == 1 else min(left, available)
            if take:
                quantities[values["key"]] = quantities.get(values["key"], 0.0) + take
                left -= take
            if float_compare(left, 0.0, precision_rounding=rounding) <= 0:
                break

    @api.model
    def _api_properties(self, properties):
        """{property name: value} of the claim type's own fields (see
        ``api_form``), checked by the intake like the forms' inputs."""
        if properties in (None, False):
            return None
        if not isinstance(properties, dict):
            raise ValidationError(
                self.env._("Give the claim type's fields as an object.")
            )
        return {
            str(name): value if isinstance(value, (bool, int, float)) else str(value)
            for name, value in properties.items()
            if value is not None
        }

    @api.model
    def _api_files(self, attachments):
        """[(name, bytes)] of the client's ``attachments``: objects with a
        ``name`` and base64 ``datas``; the intake checks them as portal
        uploads."""
        files = []
        for attachment in attachments or ():
            if not isinstance(attachment, dict) or not attachment.get("name"):
                raise ValidationError(
                    self.env._("Each attachment needs a name and its content.")
                )
            try:
                content = base64.b64decode(attachment.get("datas") or "", validate=True)
            except (binascii.Error, TypeError, ValueError):
                raise ValidationError(
                    self.env._(
                        "%(file)s: the content is not base64.", file=attachment["name"]
                    )
                ) from None
            files.append((str(attachment["name"]), content))
        return files

    # ------------------------------------------------------------------
    # What can be claimed
    # ------------------------------------------------------------------

    @api.model
    @api.readonly
    def api_form(self, company_id=None):
        """What a claim form of the caller offers, to build one in the
        e-shop: the claim types customers may choose (with which of the lot,
        files, description, purchase date and requested remedy each hides,
        asks or requires, and its own fields), reasons, remedies, the consent
        clauses the customer must accept and the file rules."""
        customer, companies = self._api_caller()
        company = self._api_company(customer, companies, company_id)
        channel = "portal" if customer else "api"
        choices = self.with_company(company)._customer_form_choices(company, channel)
        rules = choices["upload_rules"]
        return {
            "company": {"id": company.id, "name": company.name},
            "claim_types": [
                {
                    "id": claim_type.id,
                    "code": claim_type.code or None,
                    "name": claim_type.name,
                    "fields": {
                        key: claim_type._claim_field_setting(key)
                        for key in CLAIM_TYPE_FIELDS
                    },
                    "properties": [
                        {
                            key: definition[key]
                            for key in ("name", "string", "type", "selection")
                            if key in definition
                        }
                        for definition in claim_type._customer_properties_definition()
                    ],
                }
                for claim_type in choices["claim_types"]
            ],
            "reasons": [
                {
                    "id": reason.id,
                    "code": reason.code or None,
                    "name": reason.name,
                    "claim_type_ids": reason.type_ids.ids,
                }
                for reason in choices["claim_reasons"]
            ],
            "remedies": [list(item) for item in choices["remedies"]],
            "consent_clauses": [
                {"id": clause.id, "text": clause.text, "url": clause.url or None}
                for clause in choices["consent_clauses"]
            ],
            "upload_rules": {
                "max_bytes": rules["max_bytes"],
                "max_files": rules["max_files"],
                "extensions": sorted(rules["extensions"]),
            },
        }

    @api.model
    def _api_company(self, customer, companies, company_id):
        """The company a form is asked for: the customer's, or one of the
        integration's companies (default: its current one)."""
        if customer:
            return self.env.company
        if not company_id:
            return self.env.company if self.env.company in companies else companies[:1]
        company = companies.filtered(lambda c: c.id == company_id)
        if not company:
            raise AccessError(self.env._("This company is not one of yours."))
        return company

    @api.model
    @api.readonly
    def api_claimable_documents(
        self, document=None, document_type=None, customer_id=None, limit=20
    ):
        """Without ``document``: the documents of the customer a claim may
        start from (posted invoices, done deliveries, confirmed orders),
        newest first, at most ``limit`` (100) of each kind. With
        ``document``: that document's lines with what can still be claimed
        (the lines ``api_submit`` takes)."""
        customer, companies = self._api_caller()
        if document:
            record = self._api_document(document, document_type, customer, companies)
            return {
                "type": self._api_document_type(record),
                "number": record.name,
                "customer": {
                    "id": record.partner_id.id,
                    "name": record.partner_id.display_name,
                },
                "lines": [
                    self._api_source_line_values(values)
                    for values in self._customer_source_lines(record)
                ],
            }
        partner = customer or self._api_customer(None, None, customer_id, companies)
        try:
            limit = max(1, min(int(limit or 20), 100))
        except (TypeError, ValueError):
            raise ValidationError(self.env._("Give the limit as a number.")) from None
        company_ids = self.env.user.company_ids.ids if customer else companies.ids
        result = []
        for kind, model in API_DOCUMENT_MODELS.items():
            domain = self._customer_document_domain(partner, model) & Domain(
                "company_id", "in", company_ids
            )
            # sudo: the domain keeps the customer's claimable documents of
            # the caller's companies
            for record in (
                self.env[model].sudo().search(domain, order="id desc", limit=limit)
            ):
                date = (
                    record.invoice_date
                    if kind == "invoice"
                    else record.date_done
                    if kind == "delivery"
                    else record.date_order
                )
                result.append(
                    {
                        "type": kind,
                        "number": record.name,
                        "date": fields.Date.to_string(date) if date else None,
                    }
                )
        return result

    @api.model
    def _api_document_type(self, record):
        return next(
            kind for kind, model in API_DOCUMENT_MODELS.items() if model == record._name
        )

    @api.model
    def _api_source_line_values(self, values):
        """A claimable line of a document, as ``api_submit`` names it."""
        return {
            "product": {
                "id": values["product"].id,
                "default_code": values["product"].default_code or None,
                "name": values["product"].display_name,
            },
            "lot": values["lot"].name or None,
            "uom": values["uom"].name,
            "claimable_qty": values["claimable_qty"],
            "invoice_line_id": values["invoice_line_id"] or None,
            "sale_line_id": values["sale_line_id"] or None,
            "move_id": values["move_id"] or None,
        }

    # ------------------------------------------------------------------
    # Reading claims
    # ------------------------------------------------------------------

    @api.readonly
    def api_read(self):
        """The claims as their customer may see them: number, state,
        references, dates and deadlines, the lines with their decision, the
        documents (credit notes, deliveries with tracking, repairs) and the
        messages the customer sees."""
        return self._api_check_scope()._api_values()

    @api.model
    @api.readonly
    def api_changed_since(self, since=None, after_id=0, limit=200):
        """Claims changed after ``since`` (UTC, "YYYY-MM-DD HH:MM:SS[.ffffff]"), oldest
        first, at most ``limit`` (1000). To read the next page, call again
        with the ``since`` and ``after_id`` of ``next``."""
        try:
            # microseconds kept: a page must end exactly where the next begins
            since = datetime.fromisoformat(since) if since else datetime.min
            after_id, limit = int(after_id or 0), int(limit or 200)
        except (TypeError, ValueError):
            raise ValidationError(
                self.env._(
                    "Give the time as YYYY-MM-DD HH:MM:SS[.ffffff] (UTC) and whole "
                    "numbers for after_id and limit."
                )
            ) from None
        if since.tzinfo:
            raise ValidationError(
                self.env._("Give the time in UTC, without a time zone.")
            )
        limit = max(1, min(limit, API_MAX_CHANGED))
        domain = self._api_scope_domain() & (
            Domain("write_date", ">", since)
            | (Domain("write_date", "=", since) & Domain("id", ">", after_id))
        )
        # sudo: the scope domain restricts to the caller's claims; only the
        # number, state and time are returned.
        claims = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch(
                domain,
                ["name", "state", "write_date"],
                order="write_date, id",
                limit=limit,
            )
        )
        rows = [
            {
                "id": claim.id,
                "number": claim.name,
                "state": claim.state,
                "changed_on": claim.write_date.isoformat(sep=" "),
            }
            for claim in claims
        ]
        last = rows[-1] if rows else None
        return {
            "claims": rows,
            "next": last and {"since": last["changed_on"], "after_id": last["id"]},
        }

    def _api_values(self):
        """What an API client sees of the claims (sudo records of its scope)."""
        messages = self._api_messages()
        return [claim._api_claim_values(messages.get(claim.id, [])) for claim in self]

    def _api_claim_values(self, messages):
        self.ensure_one()
        return {
            "id": self.id,
            "number": self.name,
            "state": self.state,
            "status": self._portal_status_label(),
            "client_ref": self.client_ref or None,
            "customer_ref": self.customer_ref or None,
            "customer": {
                "id": self.partner_id.id,
                "name": self.partner_id.display_name,
                "commercial_partner_id": self.commercial_partner_id.id,
            },
            "type": self.claim_type_id.code or self.claim_type_id.name,
            "requested_remedy": self.requested_remedy or None,
            "granted_remedy": self.granted_remedy or None,
            "received_on": fields.Datetime.to_string(self.date_received),
            "decided_on": fields.Datetime.to_string(self.date_decided) or None,
            "resolved_on": fields.Datetime.to_string(self.date_resolved) or None,
            "closed_on": fields.Datetime.to_string(self.date_closed) or None,
            "response_deadline": fields.Date.to_string(self.response_deadline) or None,
            "resolution_deadline": fields.Date.to_string(self.resolution_deadline)
            or None,
            "decision": self.decision or None,
            "currency": self.currency_id.name,
            "amount_claimed": self.amount_claimed,
            "amount_accepted": self.amount_accepted,
            "portal_url": self.get_base_url() + self.access_url,
            "lines": [line._api_line_values() for line in self.line_ids],
            "documents": self._api_documents(),
            "messages": messages,
        }

    def _api_documents(self):
        """The claim's documents the customer knows of."""
        self.ensure_one()
        return {
            "invoice": self.invoice_id.name or None,
            "delivery": self.picking_id.name or None,
            "order": self.sale_order_id.name or None,
            "credit_notes": [
                {
                    "number": move.name,
                    "state": move.state,
                    "date": fields.Date.to_string(move.invoice_date) or None,
                    "amount_total": move.amount_total,
                    "currency": move.currency_id.name,
                }
                for move in self.credit_note_ids.filtered(
                    lambda move: move.state == "posted"
                )
            ],
            "transfers": [
                {
                    "number": picking.name,
                    "kind": picking.picking_type_code,
                    "state": picking.state,
                    "date_done": fields.Datetime.to_string(picking.date_done) or None,
                    "carrier": picking.carrier_id.name or None,
                    "tracking_ref": picking.carrier_tracking_ref or None,
                    "tracking_url": picking.carrier_tracking_url or None,
                }
                for picking in self.picking_ids.filtered(
                    lambda picking: picking.state != "cancel"
                )
            ],
            "repairs": [
                {"number": repair.name, "state": repair.state}
                for repair in self.repair_ids
            ],
        }

    def _api_messages(self):
        """{claim id: [message]} of the messages the customer sees, in one
        query for all the claims."""
        # sudo: the domain keeps what the portal chatter shows the customer.
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(self._customer_message_domain(), order="date, id")
        )
        customers = {claim.id: claim.commercial_partner_id for claim in self}
        result = {}
        for message in messages:
            result.setdefault(message.res_id, []).append(
                {
                    "id": message.id,
                    "date": fields.Datetime.to_string(message.date),
                    "author": message.author_id.name or message.email_from or None,
                    "from_customer": message.author_id.commercial_partner_id
                    == customers[message.res_id],
                    "subject": message.subject or None,
                    "body": html2plaintext(message.body or ""),
                    "attachments": [
                        {"id": a.id, "name": a.name, "mimetype": a.mimetype}
                        for a in message.attachment_ids
                    ],
                }
            )
        return result

    # ------------------------------------------------------------------
    # Writing to the customer's claim
    # ------------------------------------------------------------------

    def api_post_message(self, body="", attachments=()):
        """Post a message in the customer's name (plain text, files checked
        as on the portal); returns the message id."""
        claim = self._api_check_scope()
        claim.ensure_one()
        customer, _companies = self._api_caller()
        message = claim._customer_reply(
            customer or claim.partner_id, body or "", self._api_files(attachments)
        )
        return message.id
