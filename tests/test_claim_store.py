"""The store of a claim (issue 19, retail chains): the chain's delivery
address the goods went to, filled from the real documents, checked in the
model, grouped in lists and the analysis, shown on the portal."""

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common_documents import ClaimDocumentCommon


@tagged("post_install", "-at_install")
class TestClaimStore(ClaimDocumentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.is_company = True
        cls.store_krakow = cls.env["res.partner"].create(
            {"name": "Store Krakow", "parent_id": cls.customer.id, "type": "delivery"}
        )
        cls.store_brno = cls.env["res.partner"].create(
            {"name": "Store Brno", "parent_id": cls.customer.id, "type": "delivery"}
        )
        cls.other_store = cls.env["res.partner"].create(
            {
                "name": "Other Chain Store",
                "parent_id": cls.other_customer.id,
                "type": "delivery",
            }
        )
        cls.order_krakow = cls._store_sale(cls.store_krakow)
        cls.delivery_krakow = cls._deliver(cls.order_krakow.picking_ids)
        cls.invoice_krakow = cls._invoice(cls.order_krakow)
        cls.order_brno = cls._store_sale(cls.store_brno)
        cls.delivery_brno = cls._deliver(cls.order_brno.picking_ids)
        # delivered to the chain's own address (else the order takes the
        # first delivery address of the customer)
        cls.order_head = cls._store_sale(cls.customer)
        cls.delivery_head = cls._deliver(cls.order_head.picking_ids)

    @classmethod
    def _store_sale(cls, store):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "partner_shipping_id": store.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product_a.id,
                            "product_uom_qty": 4,
                            "price_unit": 100.0,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        return order

    def _claim_from(self, document, quantity=1):
        wizard = self._open_wizard(document)
        wizard.claim_type_id = self.type_quantity
        self._wizard_line(wizard, self.product_a).quantity = quantity
        action = wizard.action_create_claim()
        return self.env["claim.claim"].browse(action["res_id"])

    def test_store_from_the_delivery_or_the_invoice(self):
        from_delivery = self._claim_from(self.delivery_krakow)
        self.assertEqual(from_delivery.store_id, self.store_krakow)
        self.assertEqual(from_delivery.commercial_partner_id, self.customer)
        from_invoice = self._claim_from(self.invoice_krakow)
        self.assertEqual(from_invoice.store_id, self.store_krakow)
        # goods delivered to the customer's own address: no store
        head = self._claim_from(self.delivery_head)
        self.assertFalse(head.store_id)

    def test_operator_corrects_the_store_within_the_chain_only(self):
        claim = self._claim_from(self.delivery_krakow).with_user(self.operator)
        claim.store_id = self.store_brno
        self.assertEqual(claim.store_id, self.store_brno)
        for wrong in (self.other_store, self.customer):
            with self.assertRaises(ValidationError):
                claim.write({"store_id": wrong.id})
            self.assertEqual(claim.store_id, self.store_brno)
        with self.assertRaises(ValidationError):
            self.env["claim.claim"].with_user(self.operator).create(
                {
                    "partner_id": self.customer.id,
                    "claim_type_id": self.type_quantity.id,
                    "store_id": self.other_store.id,
                }
            )

    def test_store_frozen_with_the_decision(self):
        claim = self._claim_from(self.delivery_krakow)
        claim.action_start()
        claim.action_accept_all()
        claim.action_decide()
        with self.assertRaises(UserError):
            claim.with_user(self.operator).write({"store_id": self.store_brno.id})
        self.assertEqual(claim.store_id, self.store_krakow)

    def test_claims_grouped_per_store(self):
        self._claim_from(self.delivery_krakow)
        self._claim_from(self.delivery_krakow, 2)
        self._claim_from(self.delivery_brno)
        self._claim_from(self.delivery_head)
        Claim = self.env["claim.claim"].with_user(self.operator)
        domain = [("commercial_partner_id", "=", self.customer.id)]
        counts = dict(Claim._read_group(domain, ["store_id"], ["__count"]))
        self.assertEqual(
            counts,
            {
                self.store_krakow: 2,
                self.store_brno: 1,
                self.env["res.partner"]: 1,
            },
        )
        analysis = dict(
            self.env["claim.analysis"]
            .with_user(self.operator)
            ._read_group(domain, ["store_id"], ["quantity:sum"])
        )
        self.assertEqual(analysis[self.store_krakow], 3.0)
        self.assertEqual(Claim.search_count([("store_id", "ilike", "Brno")]), 1)
