import base64
import csv
import io
import zipfile

import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import float_compare

from ..models.claim_source import keep_source_lines

# Limits of one file: larger files are refused before anything is read.
BULK_MAX_BYTES = 2 * 1024 * 1024
BULK_MAX_ROWS = 1000
# The columns of the file, each with the header names it is recognised by
# (lower case; English only: the template gives them).
BULK_COLUMNS = {
    "document": ("document", "invoice", "order", "delivery", "document number"),
    "store": ("store", "store code", "delivery address"),
    "product": ("product", "product code", "barcode", "ean", "sku"),
    "quantity": ("quantity", "qty"),
    "reason": ("reason", "reason code"),
    "reference": ("reference", "chain reference", "client reference"),
    "description": ("description", "comment", "note"),
}
BULK_REQUIRED = ("document", "product", "quantity", "reference")
BULK_DOCUMENT_MODELS = ("account.move", "sale.order", "stock.picking")
# The template the form links to (a static file: no record needed).
BULK_TEMPLATE_PATH = "claim_management/static/templates/claims_import_template.csv"


class ClaimBulkIntake(models.TransientModel):
    """A retail chain's file of claims (CSV or XLSX): one claim per document
    and chain reference, filed through the customer intake every channel
    uses. A claim with an error in any of its rows is not created; its rows
    are reported, the other claims are created. Filing the same file again
    finds the claims by the chain's reference and creates nothing twice."""

    _name = "claim.bulk.intake"
    _description = "Claims Import from a Chain's File"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Chain",
        required=True,
        domain="[('is_company', '=', True), ('company_id', 'in', (False, company_id))]",
        help="The customer (commercial partner) whose stores claim.",
    )
    claim_type_id = fields.Many2one(
        "claim.type",
        required=True,
        domain="[('portal_published', '=', True), "
        "('company_id', 'in', (False, company_id))]",
    )
    file = fields.Binary(attachment=False)
    file_name = fields.Char()
    state = fields.Selection(
        [("upload", "Upload"), ("done", "Done")], default="upload", readonly=True
    )
    result_ids = fields.One2many(
        "claim.bulk.intake.result", "wizard_id", string="Results", readonly=True
    )
    claim_ids = fields.Many2many("claim.claim", string="Claims", readonly=True)
    created_count = fields.Integer(readonly=True)
    existing_count = fields.Integer(readonly=True)
    error_count = fields.Integer(readonly=True)

    # ------------------------------------------------------------------
    # Action
    # ------------------------------------------------------------------

    def action_import(self):
        self.ensure_one()
        self._check_import_allowed()
        rows = self._read_rows()
        self.result_ids.unlink()
        results, claims = self._import_rows(rows)
        self.write(
            {
                "state": "done",
                "result_ids": [fields.Command.create(vals) for vals in results],
                "claim_ids": [fields.Command.set(claims.ids)],
                "created_count": sum(1 for r in results if r["kind"] == "created"),
                "existing_count": sum(1 for r in results if r["kind"] == "existing"),
                "error_count": sum(1 for r in results if r["kind"] == "error"),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def action_view_claims(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Imported Claims"),
            "res_model": "claim.claim",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", self.claim_ids.ids)],
        }

    def _check_import_allowed(self):
        """Operators file claims for customers of their companies."""
        if not self.env.user.has_group("claim_management.group_claim_operator"):
            raise AccessError(self.env._("Only claims operators may import claims."))
        self.env["claim.claim"].check_access("create")
        chain = self.partner_id
        if (
            self.company_id not in self.env.user.company_ids
            or (chain.company_id and chain.company_id != self.company_id)
            or chain != chain.commercial_partner_id
        ):
            raise AccessError(
                self.env._(
                    "You cannot file claims for %(customer)s in %(company)s.",
                    customer=chain.display_name,
                    company=self.company_id.name,
                )
            )
        chain.check_access("read")

    # ------------------------------------------------------------------
    # Reading the file
    # ------------------------------------------------------------------

    def _read_rows(self):
        """[(row number, {column: text})] of the file, after its header."""
        if not self.file:
            raise UserError(self.env._("Upload the chain's file first."))
        content = base64.b64decode(self.file)
        if len(content) > BULK_MAX_BYTES:
            raise UserError(
                self.env._(
                    "The file is too large: at most %(size)s MB.",
                    size=BULK_MAX_BYTES // (1024 * 1024),
                )
            )
        if content[:2] == b"PK":
            table = self._read_xlsx(content)
        else:
            table = self._read_csv(content)
        table = [row for row in table if any(cell.strip() for cell in row)]
        if not table:
            raise UserError(self.env._("The file is empty."))
        header = self._map_header(table[0])
        if len(table) - 1 > BULK_MAX_ROWS:
            raise UserError(
                self.env._(
                    "The file has %(count)s rows: at most %(max)s rows per file.",
                    count=len(table) - 1,
                    max=BULK_MAX_ROWS,
                )
            )
        rows = []
        for number, row in enumerate(table[1:], start=2):
            rows.append(
                (
                    number,
                    {
                        column: (row[index] if index < len(row) else "").strip()
                        for column, index in header.items()
                    },
                )
            )
        return rows

    def _read_csv(self, content):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UserError(
                self.env._("Save the CSV file in UTF-8 encoding and upload it again.")
            ) from None
        first_line = text.split("\n", 1)[0]
        delimiter = max(",;\t", key=first_line.count)
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))

    def _read_xlsx(self, content):
        import openpyxl  # noqa: PLC0415 (Odoo's requirement, needed here only)

        try:
            workbook = openpyxl.load_workbook(
                io.BytesIO(content), read_only=True, data_only=True
            )
        except (zipfile.BadZipFile, KeyError, ValueError, OSError):
            raise UserError(
                self.env._("The file is neither a CSV nor an XLSX workbook.")
            ) from None
        sheet = workbook.worksheets[0]
        table = []
        for values in sheet.iter_rows(values_only=True):
            table.append([self._xlsx_text(value) for value in values])
            if len(table) > BULK_MAX_ROWS + 1:
                # the row count check reports it; read no further
                table.append([])
                break
        workbook.close()
        return table

    @api.model
    def _xlsx_text(self, value):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    def _map_header(self, header):
        """{column: index} from the file's header; refuses a file without
        a required column."""
        names = [cell.strip().lower() for cell in header]
        mapping = {}
        for column, aliases in BULK_COLUMNS.items():
            for index, name in enumerate(names):
                if name in aliases:
                    mapping[column] = index
                    break
        missing = [column for column in BULK_REQUIRED if column not in mapping]
        if missing:
            raise UserError(
                self.env._(
                    "The file has no column %(columns)s. Download the template "
                    "to see the expected columns.",
                    columns=", ".join(missing),
                )
            )
        return mapping

    # ------------------------------------------------------------------
    # Filing the claims
    # ------------------------------------------------------------------

    def _import_rows(self, rows):
        """(result values, claims created or found) for the rows; one claim
        per (document, reference)."""
        groups = {}
        for number, row in rows:
            key = (row["document"], row["reference"])
            groups.setdefault(key, []).append((number, row))
        results = []
        claims = self.env["claim.claim"]
        # stores, products and reasons found once per file: a file names the
        # same few of them on hundreds of rows
        lookups = {}
        with keep_source_lines(self.env):
            for (document, reference), group in groups.items():
                group_results, claim = self._import_group(
                    document, reference, group, lookups
                )
                results += group_results
                claims |= claim
        return results, claims

    def _import_group(self, number, reference, rows, lookups=None):
        """Results of one claim's rows and the claim (empty when refused).
        ``lookups``: the stores, products and reasons found so far."""
        lookups = {} if lookups is None else lookups
        Claim = self.env["claim.claim"]
        first = rows[0][0]
        column = "reference"
        try:
            if not reference:
                raise ValidationError(self.env._("Give the chain's reference."))
            column = "document"
            document = self._find_document(number)
            column = "store"
            store = self._find_store(rows[0][1].get("store"), document, lookups)
        except (ValidationError, AccessError, UserError) as error:
            return [self._error(row, column, error) for row, _values in rows], Claim
        existing = Claim._api_claim_by_client_ref(self.partner_id, document, reference)
        if existing:
            if existing.source_document and document.name not in (
                existing.source_document or ""
            ):
                message = self.env._(
                    "The reference %(reference)s is already used by claim "
                    "%(claim)s of another document.",
                    reference=reference,
                    claim=existing.name,
                )
                return self._reference_errors(rows, message), Claim
            return [
                self._result(
                    first,
                    "existing",
                    self.env._("Already imported as %(claim)s.", claim=existing.name),
                    claim=existing,
                )
            ], existing.with_env(self.env)
        quantities, reason, errors = self._group_lines(document, store, rows, lookups)
        if errors:
            return errors + self._held_rows(rows, errors), Claim
        try:
            with self.env.cr.savepoint():
                claim = Claim._create_customer_claim(
                    self.partner_id,
                    extra_values={
                        "channel": "import",
                        "client_ref": reference,
                        "customer_ref": reference,
                        "store_id": store.id,
                    },
                    channel="import",
                    claim_type=self.claim_type_id,
                    document=document,
                    quantities=quantities,
                    reason=reason,
                    description="\n".join(
                        values["description"]
                        for _row, values in rows
                        if values.get("description")
                    ),
                )
        except (ValidationError, AccessError, UserError) as error:
            return [self._error(row, "", error) for row, _values in rows], Claim
        except psycopg2.errors.UniqueViolation:
            # the same reference filed at this moment by another import
            message = self.env._(
                "The reference %(reference)s is being imported by another user.",
                reference=reference,
            )
            return self._reference_errors(rows, message), Claim
        return [
            self._result(
                first,
                "created",
                self.env._("Claim %(claim)s created.", claim=claim.name),
                claim=claim,
            )
        ], claim.with_env(self.env)

    def _reference_errors(self, rows, message):
        """The rows of one claim refused for their reference."""
        return [
            self._result(row, "error", message, column="reference")
            for row, _values in rows
        ]

    def _held_rows(self, rows, errors):
        """Results of the sound rows of a claim that other rows keep from
        being created."""
        wrong = sorted({error["row"] for error in errors})
        message = self.env._(
            "Not imported: row %(rows)s of this claim is in error.",
            rows=", ".join(str(row) for row in wrong),
        )
        return [
            self._result(row, "error", message)
            for row, _values in rows
            if row not in wrong
        ]

    def _group_lines(self, document, store, rows, lookups=None):
        """({line key: quantity}, reason, row errors) of one claim's rows,
        matched on the document's lines as the API matches them."""
        lookups = {} if lookups is None else lookups
        Claim = self.env["claim.claim"]
        sources = Claim._customer_source_lines(document)
        quantities = {}
        errors = []
        reason = self.env["claim.reason"]
        for number, row in rows:
            column = "product"
            try:
                product = self._find_product(row["product"], lookups)
                matches = Claim._api_source_matches(
                    document, sources, {"product_id": product.id}
                )
                column = "quantity"
                quantity = self._parse_quantity(row["quantity"], product)
                Claim._api_spread(matches, quantity, quantities)
                column = "reason"
                reason = reason or self._find_reason(row.get("reason"), lookups)
                column = "store"
                if self._find_store(row.get("store"), document, lookups) != store:
                    raise ValidationError(
                        self.env._("The rows of one claim name one store.")
                    )
            except (ValidationError, AccessError, UserError) as error:
                errors.append(self._error(number, column, error))
        return quantities, reason, errors

    def _find_document(self, number):
        """The chain's claimable invoice, sales order or delivery numbered
        ``number`` in the wizard's company (sudo: operators may not read
        invoices; the domain keeps the chain's own)."""
        if not number:
            raise ValidationError(self.env._("Give the document number."))
        Claim = self.env["claim.claim"]
        found = self.env["account.move"]
        for model in BULK_DOCUMENT_MODELS:
            domain = (
                Claim._customer_document_domain(self.partner_id, model)
                & Domain("company_id", "=", self.company_id.id)
                & Domain("name", "=", number)
            )
            documents = self.env[model].sudo().search(domain, limit=2)
            if documents:
                found = documents
                break
        if len(found) != 1:
            raise ValidationError(
                self.env._(
                    "Document %(number)s does not exist, cannot be claimed or is "
                    "not of %(customer)s.",
                    number=number,
                    customer=self.partner_id.display_name,
                )
            )
        return found

    @api.model
    def _lookup(self, lookups, key, find):
        """``find()``, once per ``key`` in ``lookups`` (a dict; None: no
        memory). A lookup that raises is not remembered."""
        if lookups is None:
            return find()
        if key not in lookups:
            lookups[key] = find()
        return lookups[key]

    def _find_store(self, value, document, lookups=None):
        """The chain's delivery address named by ``value`` (name, reference
        or id); empty when not given. It must be the address the document
        went to, when the document names a store."""
        if not value:
            return self.env["res.partner"]
        stores = self._lookup(
            lookups, ("store", value), lambda: self._search_store(value)
        )
        invoice, picking, order = self.env["claim.claim"]._customer_document_kinds(
            document
        )
        address = (
            (picking and picking._claim_customer_address())
            or (order and order.partner_shipping_id)
            or (invoice and invoice.partner_shipping_id)
        )
        if address and address != self.partner_id and address != stores:
            raise ValidationError(
                self.env._(
                    "%(document)s was delivered to %(address)s, not to %(store)s.",
                    document=document.name,
                    address=address.display_name,
                    store=stores.display_name,
                )
            )
        return stores

    def _search_store(self, value):
        chain = self.partner_id
        domain = Domain("commercial_partner_id", "=", chain.id) & Domain(
            "id", "!=", chain.id
        )
        name = Domain("name", "=ilike", value) | Domain("ref", "=", value)
        if value.isdigit():
            name |= Domain("id", "=", int(value))
        stores = self.env["res.partner"].search(domain & name, limit=2)
        if len(stores) != 1:
            raise ValidationError(
                self.env._(
                    "Unknown store %(store)s of %(customer)s.",
                    store=value,
                    customer=chain.display_name,
                )
            )
        return stores

    def _find_product(self, value, lookups=None):
        if not value:
            raise ValidationError(self.env._("Give the product code."))
        return self._lookup(
            lookups, ("product", value), lambda: self._search_product(value)
        )

    def _search_product(self, value):
        products = self.env["product.product"].search(
            Domain("default_code", "=", value) | Domain("barcode", "=", value),
            limit=2,
        )
        if len(products) != 1:
            raise ValidationError(
                self.env._("Unknown product code %(code)s.", code=value)
            )
        return products

    def _parse_quantity(self, value, product):
        try:
            quantity = float((value or "").replace(",", "."))
        except ValueError:
            quantity = 0.0
        if (
            float_compare(quantity, 0.0, precision_rounding=product.uom_id.rounding)
            <= 0
        ):
            raise ValidationError(
                self.env._(
                    "%(value)s is not a quantity: enter a number above zero.",
                    value=value,
                )
            )
        return quantity

    def _find_reason(self, value, lookups=None):
        if not value:
            return self.env["claim.reason"]
        return self._lookup(
            lookups, ("reason", value), lambda: self._search_reason(value)
        )

    def _search_reason(self, value):
        Reason = self.env["claim.reason"]
        reason = Reason.search(
            Domain("code", "=ilike", value) | Domain("name", "=ilike", value), limit=1
        )
        if not reason:
            raise ValidationError(
                self.env._("Unknown reason %(reason)s.", reason=value)
            )
        return reason

    # ------------------------------------------------------------------
    # Results
    # ------------------------------------------------------------------

    @api.model
    def _error(self, row, column, error):
        message = error.args[0] if error.args else str(error)
        return self._result(row, "error", message, column=column)

    @api.model
    def _result(self, row, kind, message, column="", claim=None):
        return {
            "row": row,
            "kind": kind,
            "column": column,
            "message": message,
            "claim_id": claim.id if claim else False,
        }
