from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common_documents import ClaimDocumentCommon

# What the New Claim wizard gives a claim and its lines: a claim created by
# any other channel from the same document must have the same.
CLAIM_FIELDS = ("partner_id", "company_id", "invoice_id", "picking_id", "sale_order_id")
LINE_FIELDS = (
    "product_id",
    "move_id",
    "sale_line_id",
    "invoice_line_id",
    "lot_id",
    "uom_id",
    "price_unit",
    "doc_price_unit",
    "doc_currency_id",
    "delivery_date",
    "packer_id",
    "warranty_end_date",
    "in_warranty",
    "cost_price",
    "amount",
)


@tagged("post_install", "-at_install")
class TestClaimIntakeService(ClaimDocumentCommon):
    """Claims created through create() (JSON-2, JSON-RPC, import, e-mail) from
    a document and bare lines are completed like wizard claims."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot = cls.env["stock.lot"].create(
            {"name": "SVC-001", "product_id": cls.product_lot.id}
        )
        cls.lot_not_delivered = cls.env["stock.lot"].create(
            {"name": "SVC-002", "product_id": cls.product_lot.id}
        )
        cls.serial = cls.env["stock.lot"].create(
            {"name": "SN-001", "product_id": cls.product_serial.id}
        )
        cls._stock(cls.product_a, 20)
        cls._stock(cls.product_lot, 3, cls.lot)
        cls.order = cls._sale(
            [(cls.product_a, 5, 100.0, 10.0), (cls.product_lot, 3, 80.0)]
        )
        cls.delivery = cls._deliver(
            cls.order.picking_ids, lots={cls.product_lot: [(cls.lot, 3)]}
        )
        cls.invoice = cls._invoice(cls.order)
        cls.other_order = cls._sale(
            [(cls.product_a, 2, 100.0)], partner=cls.other_customer
        )
        cls._deliver(cls.other_order.picking_ids)
        cls.other_invoice = cls._invoice(cls.other_order)

    def _move(self, product):
        return self.delivery.move_ids.filtered(lambda m: m.product_id == product)

    def _invoice_line(self, product, invoice=None):
        return (invoice or self.invoice).invoice_line_ids.filtered(
            lambda line: line.product_id == product
        )

    def _api_claim(self, lines, **documents):
        """A claim as an API client creates it: a document, no customer, lines
        with only what the client knows."""
        return (
            self.env["claim.claim"]
            .with_user(self.operator)
            .create(
                {
                    "claim_type_id": self.type_quantity.id,
                    "channel": "api",
                    **{name: document.id for name, document in documents.items()},
                    "line_ids": [Command.create(vals) for vals in lines],
                }
            )
        )

    def _wizard_claim(self, document):
        wizard = self._open_wizard(document)
        wizard.claim_type_id = self.type_quantity
        wizard.line_ids.write({"quantity": 1.0})
        action = wizard.action_create_claim()
        return self.env["claim.claim"].browse(action["res_id"])

    def _assert_like_wizard_claim(self, claim, document):
        expected = self._wizard_claim(document)
        for name in CLAIM_FIELDS:
            self.assertEqual(claim[name], expected[name], name)
        lines = claim.line_ids.sorted("product_id")
        expected_lines = expected.line_ids.sorted("product_id")
        self.assertEqual(len(lines), 2)
        self.assertEqual(len(expected_lines), 2)
        for line, expected_line in zip(lines, expected_lines, strict=True):
            for name in LINE_FIELDS:
                self.assertEqual(line[name], expected_line[name], name)
        chair = lines.filtered(lambda line: line.product_id == self.product_a)
        drill = lines - chair
        self.assertEqual(chair.price_unit, 90.0, "net of the 10% discount")
        self.assertEqual(chair.move_id, self._move(self.product_a))
        self.assertEqual(chair.invoice_line_id, self._invoice_line(self.product_a))
        self.assertEqual(drill.lot_id, self.lot, "the one lot delivered")
        self.assertEqual(drill.packer_id, self.delivery.packer_id)
        self.assertTrue(drill.warranty_end_date)

    def _assert_replaced(self, claim):
        claim = claim.with_user(self.operator)
        claim.action_start()
        claim.action_accept_all()
        claim.action_decide()
        claim.action_create_replacement()
        returns = claim.picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming"
        )
        replacement = claim.picking_ids - returns
        self.assertEqual(returns.return_id, self.delivery)
        self.assertEqual(returns.move_ids.product_id, self.product_a | self.product_lot)
        self.assertEqual(returns.move_line_ids.filtered("lot_id").lot_id, self.lot)
        self.assertEqual(replacement.picking_type_code, "outgoing")
        self.assertEqual(
            sorted(replacement.move_ids.mapped("product_uom_qty")), [1.0, 1.0]
        )

    # ------------------------------------------------------------------
    # A document and bare lines make a complete claim
    # ------------------------------------------------------------------

    def test_invoice_and_products(self):
        claim = self._api_claim(
            [
                {"product_id": self.product_a.id, "quantity": 1.0},
                {"product_id": self.product_lot.id, "quantity": 1.0},
            ],
            invoice_id=self.invoice,
        )
        self.assertEqual(claim.partner_id, self.customer, "from the invoice")
        self._assert_like_wizard_claim(claim, self.invoice)
        self._assert_replaced(claim)

    def test_invoice_lines(self):
        claim = self._api_claim(
            [
                {"invoice_line_id": line.id, "quantity": 1.0}
                for line in self.invoice.invoice_line_ids
            ],
            invoice_id=self.invoice,
        )
        self._assert_like_wizard_claim(claim, self.invoice)
        self._assert_replaced(claim)

    def test_delivery_and_moves(self):
        claim = self._api_claim(
            [{"move_id": move.id, "quantity": 1.0} for move in self.delivery.move_ids],
            picking_id=self.delivery,
        )
        self._assert_like_wizard_claim(claim, self.delivery)
        self._assert_replaced(claim)

    def test_order_and_products(self):
        claim = self._api_claim(
            [
                {"product_id": self.product_a.id, "quantity": 1.0},
                {"product_id": self.product_lot.id, "quantity": 1.0},
            ],
            sale_order_id=self.order,
        )
        self._assert_like_wizard_claim(claim, self.order)
        self._assert_replaced(claim)

    def test_line_added_later_is_completed(self):
        claim = self._api_claim(
            [{"product_id": self.product_a.id, "quantity": 1.0}],
            invoice_id=self.invoice,
        )
        line = (
            self.env["claim.line"]
            .with_user(self.operator)
            .create(
                {"claim_id": claim.id, "product_id": self.product_lot.id, "quantity": 2}
            )
        )
        self.assertRecordValues(
            line,
            [
                {
                    "move_id": self._move(self.product_lot).id,
                    "invoice_line_id": self._invoice_line(self.product_lot).id,
                    "lot_id": self.lot.id,
                    "price_unit": 80.0,
                }
            ],
        )

    # ------------------------------------------------------------------
    # What does not match the document is refused, nothing is created
    # ------------------------------------------------------------------

    def _assert_refused(self, message, lines, **documents):
        count = self.env["claim.claim"].search_count([])
        with self.assertRaisesRegex(ValidationError, message), self.cr.savepoint():
            self._api_claim(lines, **documents)
        self.assertEqual(self.env["claim.claim"].search_count([]), count)

    def test_another_customers_invoice_line_is_refused(self):
        foreign = self._invoice_line(self.product_a, self.other_invoice)
        self._assert_refused(
            "Office Chair: the document line given belongs to another customer",
            [{"invoice_line_id": foreign.id, "quantity": 1.0}],
            invoice_id=self.invoice,
        )

    def test_line_of_another_product_is_refused(self):
        self._assert_refused(
            "Drill .*: the document line given is a line of another product "
            r"\(Office Chair\)",
            [
                {
                    "product_id": self.product_lot.id,
                    "invoice_line_id": self._invoice_line(self.product_a).id,
                    "quantity": 1.0,
                }
            ],
            invoice_id=self.invoice,
        )

    def test_lot_of_another_product_or_not_delivered_is_refused(self):
        self._assert_refused(
            "Drill .*: lot SN-001 is a lot of another product",
            [
                {
                    "product_id": self.product_lot.id,
                    "lot_id": self.serial.id,
                    "quantity": 1.0,
                }
            ],
            picking_id=self.delivery,
        )
        self._assert_refused(
            "Drill .*: lot SVC-002 was not delivered",
            [
                {
                    "product_id": self.product_lot.id,
                    "lot_id": self.lot_not_delivered.id,
                    "quantity": 1.0,
                }
            ],
            picking_id=self.delivery,
        )

    def test_more_than_claimable_is_refused(self):
        self._assert_refused(
            "Office Chair: 6.0 Units would be claimed but only 5.0 Units were "
            "delivered",
            [{"product_id": self.product_a.id, "quantity": 6.0}],
            invoice_id=self.invoice,
        )
        self._api_claim(
            [{"product_id": self.product_a.id, "quantity": 4.0}],
            invoice_id=self.invoice,
        )
        self._assert_refused(
            "Office Chair: .* Claimable now: 1.0 Units",
            [{"product_id": self.product_a.id, "quantity": 2.0}],
            sale_order_id=self.order,
        )

    def test_price_differing_from_the_invoice_is_refused(self):
        self._assert_refused(
            "Office Chair: the Unit Price given do not match the document line "
            r"\(90.0 USD per Units\)",
            [{"product_id": self.product_a.id, "quantity": 1.0, "price_unit": 100.0}],
            invoice_id=self.invoice,
        )
        # the document's own price is accepted as given
        claim = self._api_claim(
            [{"product_id": self.product_a.id, "quantity": 1.0, "price_unit": 90.0}],
            invoice_id=self.invoice,
        )
        self.assertEqual(claim.line_ids.move_id, self._move(self.product_a))
