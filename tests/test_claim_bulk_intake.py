"""Issue 19, retail chains: a chain's file of claims (CSV or XLSX) filed
through the customer intake, one claim per document and chain reference,
errors reported per row, nothing created for a claim in error, the same
file filed twice creating nothing twice."""

import base64
import io

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import file_open

from ..wizards.claim_bulk_intake import BULK_MAX_ROWS, BULK_TEMPLATE_PATH
from .common_documents import ClaimDocumentCommon

HEADER = ("document", "store", "product", "quantity", "reason", "reference")


@tagged("post_install", "-at_install")
class TestClaimBulkIntake(ClaimDocumentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.chain = cls.customer
        cls.store_krakow = cls.env["res.partner"].create(
            {
                "name": "Store Krakow",
                "ref": "S-KRK",
                "parent_id": cls.chain.id,
                "type": "delivery",
            }
        )
        cls.store_brno = cls.env["res.partner"].create(
            {
                "name": "Store Brno",
                "ref": "S-BRN",
                "parent_id": cls.chain.id,
                "type": "delivery",
            }
        )
        cls.product_a.default_code = "CHAIR-1"
        cls.lamp = cls.env["product.product"].create(
            {
                "name": "Floor Lamp",
                "type": "consu",
                "is_storable": True,
                "default_code": "LAMP-2",
                "barcode": "5901234123457",
                "list_price": 50.0,
            }
        )
        cls._stock(cls.product_a, 30)
        cls._stock(cls.lamp, 30)
        cls.order_krakow = cls._store_sale(
            cls.store_krakow, [(cls.product_a, 4, 100.0), (cls.lamp, 3, 50.0)]
        )
        cls._deliver(cls.order_krakow.picking_ids)
        cls.invoice_krakow = cls._invoice(cls.order_krakow)
        cls.order_brno = cls._store_sale(cls.store_brno, [(cls.product_a, 5, 100.0)])
        cls._deliver(cls.order_brno.picking_ids)
        cls.invoice_brno = cls._invoice(cls.order_brno)
        cls.other_order = cls._sale(
            [(cls.product_a, 2, 100.0)], partner=cls.other_customer
        )
        cls._deliver(cls.other_order.picking_ids)
        cls.other_invoice = cls._invoice(cls.other_order)
        # a claims operator and nothing else: no sales, stock or accounting
        cls.chain_operator = cls._new_user(
            "claim_chain_operator", "claim_management.group_claim_operator"
        )
        cls.reason_qty = cls.env.ref("claim_management.reason_missing_quantity")

    @classmethod
    def _store_sale(cls, store, lines):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.chain.id,
                "partner_shipping_id": store.id,
                "order_line": [
                    Command.create(
                        {"product_id": p.id, "product_uom_qty": q, "price_unit": price}
                    )
                    for p, q, price in lines
                ],
            }
        )
        order.action_confirm()
        return order

    def _csv(self, rows, header=HEADER, delimiter=","):
        lines = [delimiter.join(header)] + [
            delimiter.join(str(cell) for cell in row) for row in rows
        ]
        return "\r\n".join(lines).encode()

    def _xlsx(self, rows):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(HEADER)
        for row in rows:
            sheet.append(list(row))
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def _wizard(self, content, user=None, name="chain.csv", **values):
        user = user or self.chain_operator
        return (
            self.env["claim.bulk.intake"]
            .with_user(user)
            .create(
                {
                    "partner_id": self.chain.id,
                    "claim_type_id": self.type_quantity.id,
                    "file": base64.b64encode(content),
                    "file_name": name,
                    **values,
                }
            )
        )

    def _import(self, content, **kwargs):
        wizard = self._wizard(content, **kwargs)
        wizard.action_import()
        return wizard

    def _claims(self, reference):
        return self.env["claim.claim"].search(
            [
                ("commercial_partner_id", "=", self.chain.id),
                ("client_ref", "=", reference),
            ]
        )

    def _good_rows(self):
        return [
            (self.invoice_krakow.name, "S-KRK", "CHAIR-1", 2, "MISSING_QTY", "RMA-1"),
            (self.invoice_krakow.name, "Store Krakow", "5901234123457", 1, "", "RMA-1"),
            (self.order_brno.name, "S-BRN", "CHAIR-1", 3, "", "RMA-2"),
        ]

    def test_csv_one_claim_per_document_and_reference(self):
        wizard = self._import(self._csv(self._good_rows()))
        self.assertEqual(wizard.state, "done")
        self.assertEqual((wizard.created_count, wizard.error_count), (2, 0))
        krakow, brno = self._claims("RMA-1"), self._claims("RMA-2")
        self.assertEqual(wizard.claim_ids, krakow | brno)
        self.assertEqual(krakow.channel, "import")
        self.assertEqual(krakow.customer_ref, "RMA-1")
        self.assertEqual(krakow.store_id, self.store_krakow)
        self.assertEqual(krakow.invoice_id, self.invoice_krakow)
        self.assertEqual(krakow.reason_id, self.reason_qty)
        self.assertEqual(krakow.claim_type_id, self.type_quantity)
        self.assertEqual(
            {(line.product_id, line.quantity) for line in krakow.line_ids},
            {(self.product_a, 2.0), (self.lamp, 1.0)},
        )
        # completed by the intake service from the invoice: price and links
        chair = krakow.line_ids.filtered(lambda line: line.product_id == self.product_a)
        self.assertEqual(chair.price_unit, 100.0)
        self.assertEqual(chair.invoice_line_id.move_id, self.invoice_krakow)
        self.assertEqual(brno.sale_order_id, self.order_brno)
        self.assertEqual(brno.store_id, self.store_brno)
        self.assertEqual(brno.line_ids.quantity, 3.0)
        self.assertEqual(
            wizard.result_ids.mapped("kind"), ["created", "created"], wizard.result_ids
        )

    def test_registration_mails_queued(self):
        """An import files claims by the hundred: their registration e-mails
        (each with its PDF protocol) leave from the scheduled action, once."""
        wizard = self._import(self._csv(self._good_rows()))
        claims = wizard.claim_ids.sudo()
        self.assertEqual(len(claims), 2)
        self.assertTrue(all(claims.mapped("registration_mail_pending")))

        def registered(claim):
            return claim.message_ids.filtered(
                lambda m: "was registered" in (m.subject or "") + (m.body or "")
            )

        self.assertFalse(registered(claims[0]) | registered(claims[1]))
        self.env["claim.claim"]._cron_claim_registration_mails()
        for claim in claims:
            self.assertEqual(len(registered(claim)), 1)
            self.assertEqual(registered(claim).partner_ids, self.chain)
            self.assertIn(
                "Registration Protocol", registered(claim).attachment_ids.name
            )
            self.assertFalse(claim.registration_mail_pending)

    def test_xlsx_and_semicolon_csv(self):
        rows = [(self.invoice_brno.name, "S-BRN", "CHAIR-1", 2, "", "RMA-X")]
        wizard = self._import(self._xlsx(rows), name="chain.xlsx")
        self.assertEqual(wizard.created_count, 1, wizard.result_ids.mapped("message"))
        self.assertEqual(self._claims("RMA-X").line_ids.quantity, 2.0)
        rows = [(self.invoice_brno.name, "S-BRN", "CHAIR-1", "1,5", "", "RMA-Y")]
        wizard = self._import(self._csv(rows, delimiter=";"))
        self.assertEqual(wizard.created_count, 1, wizard.result_ids.mapped("message"))
        self.assertEqual(self._claims("RMA-Y").line_ids.quantity, 1.5)

    def test_row_errors_create_nothing_for_that_claim(self):
        Claim = self.env["claim.claim"]
        before = Claim.search_count([])
        inv = self.invoice_krakow.name
        rows = [
            (inv, "S-KRK", "CHAIR-1", 1, "", "RMA-10"),  # row 2: fine, but
            (inv, "S-KRK", "NO-SUCH", 1, "", "RMA-10"),  # row 3: unknown product
            (inv, "S-KRK", "CHAIR-1", 99, "", "RMA-11"),  # row 4: above invoiced
            (self.other_invoice.name, "", "CHAIR-1", 1, "", "RMA-12"),  # row 5
            (self.invoice_brno.name, "Nowhere", "CHAIR-1", 1, "", "RMA-13"),  # 6
            (self.invoice_brno.name, "S-BRN", "CHAIR-1", "two", "", "RMA-14"),  # 7
            (self.invoice_brno.name, "S-BRN", "CHAIR-1", 1, "NOPE", "RMA-16"),  # 8
            (self.invoice_brno.name, "S-KRK", "CHAIR-1", 1, "", "RMA-17"),  # 9
            (self.invoice_brno.name, "S-BRN", "CHAIR-1", 1, "", ""),  # 10
            (self.invoice_brno.name, "S-BRN", "CHAIR-1", 2, "", "RMA-15"),  # 11: ok
            (self.invoice_brno.name, "", "CHAIR-1", 1, "", "RMA-18"),  # 12: fine, but
            (self.invoice_brno.name, "S-BRN", "CHAIR-1", 1, "", "RMA-18"),  # 13
        ]
        wizard = self._import(self._csv(rows))
        errors = {
            (result.row, result.column or False)
            for result in wizard.result_ids
            if result.kind == "error"
        }
        self.assertEqual(
            errors,
            {
                (2, False),
                (12, False),
                (3, "product"),
                (4, "quantity"),
                (5, "document"),
                (6, "store"),
                (7, "quantity"),
                (8, "reason"),
                (9, "store"),
                (10, "reference"),
                (13, "store"),
            },
        )
        messages = dict((result.row, result.message) for result in wizard.result_ids)
        self.assertIn("NO-SUCH", messages[3])
        self.assertIn("between 0 and 4", messages[4])
        self.assertIn(self.other_invoice.name, messages[5])
        self.assertIn("Nowhere", messages[6])
        self.assertIn("row 3 of this claim", messages[2])
        self.assertEqual(wizard.created_count, 1)
        self.assertEqual(Claim.search_count([]), before + 1)
        for reference in (
            "RMA-10",
            "RMA-11",
            "RMA-12",
            "RMA-13",
            "RMA-14",
            "RMA-16",
            "RMA-18",
        ):
            self.assertFalse(self._claims(reference), reference)
        self.assertEqual(self._claims("RMA-15").line_ids.quantity, 2.0)

    def test_same_file_twice_creates_nothing_twice(self):
        content = self._csv(self._good_rows())
        first = self._import(content)
        second = self._import(content)
        self.assertEqual(second.created_count, 0)
        self.assertEqual(second.existing_count, 2)
        self.assertEqual(second.claim_ids, first.claim_ids)
        self.assertEqual(len(self._claims("RMA-1")), 1)
        # the reference of a claim of another document is refused
        rows = [(self.invoice_brno.name, "S-BRN", "CHAIR-1", 1, "", "RMA-1")]
        third = self._import(self._csv(rows))
        self.assertEqual(third.result_ids.mapped("column"), ["reference"])
        self.assertEqual(len(self._claims("RMA-1")), 1)

    def test_file_refusals(self):
        with self.assertRaisesRegex(UserError, "too large"):
            self._import(b"document,product\r\n" + b"x" * (3 * 1024 * 1024))
        rows = [
            (self.invoice_brno.name, "S-BRN", "CHAIR-1", 1, "", f"R{number}")
            for number in range(BULK_MAX_ROWS + 1)
        ]
        with self.assertRaisesRegex(UserError, "at most"):
            self._import(self._csv(rows))
        with self.assertRaisesRegex(UserError, "no column"):
            self._import(self._csv([("a", "b")], header=("document", "store")))
        with self.assertRaisesRegex(UserError, "empty"):
            self._import(b"\r\n")
        with self.assertRaisesRegex(UserError, "UTF-8"):
            self._import("document;produkt\nŻ".encode("cp1250"))
        self.assertFalse(self.env["claim.claim"].search([("channel", "=", "import")]))

    def test_access_refusals(self):
        content = self._csv(self._good_rows())
        with self.assertRaises(AccessError):
            self._import(content, user=self.claim_user)
        # an operator of another company cannot file in this one
        with self.assertRaises(AccessError):
            self._import(content, user=self.operator_b, company_id=self.company.id)
        # a customer of another company
        foreign = self.env["res.partner"].create(
            {
                "name": "Foreign Chain",
                "is_company": True,
                "company_id": self.company_2.id,
            }
        )
        with self.assertRaises(AccessError):
            self._import(content, partner_id=foreign.id)
        # a store is not a chain
        with self.assertRaises(AccessError):
            self._import(content, partner_id=self.store_krakow.id)
        self.assertFalse(self.env["claim.claim"].search([("channel", "=", "import")]))

    def test_template_names_the_columns(self):
        wizard = self._wizard(b"")
        with file_open(BULK_TEMPLATE_PATH) as template_file:
            template = template_file.read()
        header = template.splitlines()[0].split(",")
        mapping = wizard._map_header(header)
        self.assertEqual(set(HEADER) | {"description"}, set(mapping))
