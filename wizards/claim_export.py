import csv
import io
import json
import tempfile

import xlsxwriter

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

# A text cell starting with one of these is run as a formula by spreadsheets
# (CSV injection, OWASP): such text gets a leading quote.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Claims read, written and dropped from the cache per batch: the memory an
# export uses does not grow with the number of claims.
EXPORT_BATCH_SIZE = 1000
CLAIM_FIELDS = [
    "name",
    "date_received",
    "partner_id",
    "commercial_partner_id",
    "company_id",
    "claim_type_id",
    "reason_id",
    "requested_remedy",
    "granted_remedy",
    "properties",
    "stage_id",
    "state",
    "user_id",
    "decision",
    "amount_claimed",
    "currency_id",
    "resolution_deadline",
    "source_document",
    "customer_ref",
    "tag_ids",
]
LINE_FIELDS = [
    "claim_id",
    "sequence",
    "product_id",
    "lot_id",
    "quantity",
    "uom_id",
    "price_unit",
    "amount",
    "decision",
    "quantity_accepted",
    "decision_note",
    "reduction_amount",
    "warranty_end_date",
    "packer_id",
]


class ClaimExport(models.TransientModel):
    _name = "claim.export"
    _description = "Claims: Export"

    scope = fields.Selection(
        [
            ("selected", "Selected claims"),
            ("filter", "All claims of the current filter"),
        ],
        required=True,
        default="selected",
    )
    claim_ids = fields.Many2many("claim.claim", string="Claims")
    domain = fields.Char(
        default="[]", help="Filter of the claims list, as JSON (scope 'filter')."
    )
    file_format = fields.Selection(
        [("xlsx", "Excel (XLSX)"), ("csv", "CSV")], required=True, default="xlsx"
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") != "claim.claim":
            return values
        if context.get("active_ids"):
            values["claim_ids"] = [Command.set(context["active_ids"])]
        else:
            values["scope"] = "filter"
        if context.get("active_domain") is not None:
            values["domain"] = json.dumps(context["active_domain"])
        return values

    def _get_claims_domain(self):
        self.ensure_one()
        if self.scope == "selected":
            return Domain("id", "in", self.claim_ids.ids)
        try:
            return Domain(json.loads(self.domain or "[]"))
        except (TypeError, ValueError) as error:
            raise UserError(self.env._("The claims filter is not valid.")) from error

    def action_export(self):
        self.ensure_one()
        if self.scope == "selected" and not self.claim_ids:
            raise UserError(self.env._("Select the claims to export."))
        extension = self.file_format
        with tempfile.TemporaryFile() as output:
            self._write_export(self._get_claims_domain(), output, extension)
            output.seek(0)
            attachment = self.env["ir.attachment"].create(
                {
                    "name": f"claims.{extension}",
                    "raw": output.read(),
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }

    # ------------------------------------------------------------------
    # Writing the file
    # ------------------------------------------------------------------

    @api.model
    def _write_export(self, domain, output, file_format):
        """Write the claims matching `domain`, read with the user's rights, to
        the binary file `output`. Returns the number of claims written."""
        if file_format == "xlsx":
            return self._write_xlsx(domain, output)
        return self._write_csv(domain, output)

    def _iter_batches(self, domain):
        """Claims and their lines, by batch, in the order of the claims list."""
        claim_ids = self.env["claim.claim"].search(domain).ids
        for start in range(0, len(claim_ids), EXPORT_BATCH_SIZE):
            claims = self.env["claim.claim"].browse(
                claim_ids[start : start + EXPORT_BATCH_SIZE]
            )
            claims.fetch(CLAIM_FIELDS)
            lines = self.env["claim.line"].search_fetch(
                [("claim_id", "in", claims.ids)], LINE_FIELDS
            )
            lines_by_claim = {}
            for line in lines:
                lines_by_claim.setdefault(line.claim_id.id, []).append(line)
            yield [(claim, lines_by_claim.get(claim.id, [])) for claim in claims]
            # drop what the batch loaded into the cache; the export modifies
            # nothing, but the transaction may hold pending computations (of
            # the claims and partners it created), which must be written, not
            # dropped
            self.env.invalidate_all()

    def _claim_columns(self):
        states = self._selection_labels("claim.claim", "state")
        decisions = self._selection_labels("claim.claim", "decision")
        remedies = self._selection_labels("claim.claim", "requested_remedy")
        return [
            (self.env._("Number"), "text", lambda c: c.name),
            (
                self.env._("Received On"),
                "datetime",
                lambda c: self._local(c, c.date_received),
            ),
            (self.env._("Customer"), "text", lambda c: c.partner_id.display_name),
            (
                self.env._("Commercial Entity"),
                "text",
                lambda c: c.commercial_partner_id.name,
            ),
            (self.env._("Company"), "text", lambda c: c.company_id.name),
            (self.env._("Type"), "text", lambda c: c.claim_type_id.name),
            (self.env._("Reason"), "text", lambda c: c.reason_id.name),
            (
                self.env._("Requested Remedy"),
                "text",
                lambda c: remedies.get(c.requested_remedy),
            ),
            (self.env._("Properties"), "text", lambda c: c._properties_text()),
            (self.env._("Stage"), "text", lambda c: c.stage_id.name),
            (self.env._("Status"), "text", lambda c: states.get(c.state)),
            (self.env._("Responsible"), "text", lambda c: c.user_id.name),
            (self.env._("Decision"), "text", lambda c: decisions.get(c.decision)),
            (
                self.env._("Remedy Granted"),
                "text",
                lambda c: remedies.get(c.granted_remedy),
            ),
            (self.env._("Value Claimed"), "number", lambda c: c.amount_claimed),
            (self.env._("Currency"), "text", lambda c: c.currency_id.name),
            (
                self.env._("Resolution Deadline"),
                "date",
                lambda c: c.resolution_deadline,
            ),
            (self.env._("Documents"), "text", lambda c: c.source_document),
            (self.env._("Customer Reference"), "text", lambda c: c.customer_ref),
            (self.env._("Tags"), "text", lambda c: ", ".join(c.tag_ids.mapped("name"))),
        ]

    def _line_columns(self):
        decisions = self._selection_labels("claim.line", "decision")
        return [
            (self.env._("Claim"), "text", lambda li: li.claim_id.name),
            (self.env._("Product"), "text", lambda li: li.product_id.display_name),
            (self.env._("Lot/Serial Number"), "text", lambda li: li.lot_id.name),
            (self.env._("Quantity"), "number", lambda li: li.quantity),
            (self.env._("Unit"), "text", lambda li: li.uom_id.name),
            (self.env._("Unit Price"), "number", lambda li: li.price_unit),
            (self.env._("Value"), "number", lambda li: li.amount),
            (self.env._("Decision"), "text", lambda li: decisions.get(li.decision)),
            (
                self.env._("Accepted Quantity"),
                "number",
                lambda li: li.quantity_accepted,
            ),
            (self.env._("Decision Note"), "text", lambda li: li.decision_note),
            (
                self.env._("Agreed Reduction"),
                "number",
                lambda li: li.reduction_amount,
            ),
            (self.env._("Warranty End"), "date", lambda li: li.warranty_end_date),
            (self.env._("Packed By"), "text", lambda li: li.packer_id.name),
        ]

    def _selection_labels(self, model, field_name):
        return dict(
            self.env[model]._fields[field_name]._description_selection(self.env)
        )

    @staticmethod
    def _local(record, value):
        """A UTC datetime in the user's time zone, naive (as spreadsheets want)."""
        if not value:
            return value
        return fields.Datetime.context_timestamp(record, value).replace(tzinfo=None)

    @staticmethod
    def _safe_text(value):
        """``value`` as the text of a cell that no spreadsheet runs as a
        formula: a leading quote when it starts like one. Used by both
        writers for every text cell; numbers and dates are no text."""
        text = str(value)
        if text.startswith(FORMULA_PREFIXES):
            return f"'{text}"
        return text

    def _write_xlsx(self, domain, output):
        # text is written as text, never read as a formula
        workbook = xlsxwriter.Workbook(
            output, {"constant_memory": True, "strings_to_formulas": False}
        )
        bold = workbook.add_format({"bold": True})
        formats = {
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        }
        sheets = []
        for title, columns in (
            (self.env._("Claims"), self._claim_columns()),
            (self.env._("Lines"), self._line_columns()),
        ):
            sheet = workbook.add_worksheet(title)
            for col, column in enumerate(columns):
                sheet.write_string(0, col, self._safe_text(column[0]), bold)
            sheet.freeze_panes(1, 0)
            sheets.append([sheet, columns, 1])
        count = 0
        for batch in self._iter_batches(domain):
            for claim, lines in batch:
                self._write_xlsx_row(sheets[0], claim, formats)
                for line in lines:
                    self._write_xlsx_row(sheets[1], line, formats)
                count += 1
        workbook.close()
        return count

    @classmethod
    def _write_xlsx_row(cls, sheet_state, record, formats):
        sheet, columns, row = sheet_state
        for col, (_label, kind, getter) in enumerate(columns):
            value = getter(record)
            if value is False or value is None:
                continue
            if kind in formats:
                sheet.write_datetime(row, col, value, formats[kind])
            elif kind == "number":
                sheet.write_number(row, col, value)
            else:
                sheet.write_string(row, col, cls._safe_text(value))
        sheet_state[2] = row + 1

    def _write_csv(self, domain, output):
        """One row per claim line, the claim's columns first; a claim without
        lines gives one row."""
        text = io.TextIOWrapper(output, encoding="utf-8", newline="")
        writer = csv.writer(text)
        claim_columns, line_columns = self._claim_columns(), self._line_columns()[1:]
        writer.writerow([self._safe_text(c[0]) for c in claim_columns + line_columns])
        count = 0
        for batch in self._iter_batches(domain):
            for claim, lines in batch:
                claim_values = self._csv_values(claim_columns, claim)
                for line in lines or [None]:
                    line_values = (
                        self._csv_values(line_columns, line)
                        if line
                        else [""] * len(line_columns)
                    )
                    writer.writerow(claim_values + line_values)
                count += 1
        text.flush()
        # the caller owns `output`: do not let the wrapper close it
        text.detach()
        return count

    @classmethod
    def _csv_values(cls, columns, record):
        values = []
        for _label, kind, getter in columns:
            value = getter(record)
            if value is False or value is None:
                values.append("")
            elif kind == "datetime":
                values.append(value.strftime("%Y-%m-%d %H:%M:%S"))
            elif kind == "number":
                values.append(value)
            elif kind == "date":
                values.append(str(value))
            else:
                values.append(cls._safe_text(value))
        return values
