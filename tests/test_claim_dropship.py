from odoo import Command
from odoo.exceptions import AccessError

from .common_vendor import ClaimVendorCommon


class TestClaimDropship(ClaimVendorCommon):
    """Cross-dock: goods a vendor delivers straight to our customer
    (stock_dropshipping) are claimed like our deliveries, and the vendor
    claim finds the vendor and the price on the dropship's purchase line."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dropship_route = cls.env.ref("stock_dropshipping.route_drop_shipping")
        cls.product_drop = cls.env["product.product"].create(
            {
                "name": "Garden Bench (dropship)",
                "type": "consu",
                "is_storable": True,
                "list_price": 200.0,
                "route_ids": [Command.set(cls.dropship_route.ids)],
                "seller_ids": [
                    Command.create({"partner_id": cls.vendor_2.id, "price": 120.0})
                ],
            }
        )
        cls.drop_order = cls._sale([(cls.product_drop, 4, 200.0)])
        cls.drop_po = cls.drop_order._get_purchase_orders()
        cls.drop_po.button_confirm()
        cls.dropship = cls.drop_po.picking_ids
        cls._deliver(cls.dropship)
        cls.drop_invoice = cls._invoice(cls.drop_order)

    def test_dropship_is_claimable(self):
        self.assertEqual(self.dropship.picking_type_code, "dropship")
        self.assertEqual(self.dropship.state, "done")
        # the vendor is the dropship's partner; the customer is the order's
        self.assertEqual(self.dropship.partner_id, self.vendor_2)
        self.assertEqual(self.dropship._claim_customer_address(), self.customer)
        source = self.env["claim.source"]
        self.assertEqual(source._claimable(self.dropship), self.dropship)
        wizard = self._open_wizard(self.dropship)
        line = self._wizard_line(wizard, self.product_drop)
        self.assertEqual(line.claimable_qty, 4.0)
        line.quantity = 2
        wizard.claim_type_id = self.type_quantity
        claim = self.env["claim.claim"].browse(wizard.action_create_claim()["res_id"])
        self.assertEqual(claim.picking_id, self.dropship)
        self.assertEqual(claim.partner_id, self.customer)
        self.assertEqual(claim.invoice_id, self.drop_invoice)
        self.assertEqual(claim.line_ids.move_id, self.dropship.move_ids)
        self.assertEqual(claim.line_ids.price_unit, 200.0)
        # nobody of ours packed it: no packer is blamed
        self.assertFalse(self.dropship.packer_id)
        self.assertFalse(claim.line_ids.packer_id)

    def test_dropship_from_customer_document_domain(self):
        """The portal and the API find the dropship among the customer's
        deliveries; another customer does not."""
        Claim = self.env["claim.claim"]
        self.assertEqual(
            Claim._customer_document(
                self.customer_contact, "stock.picking", self.dropship.id
            ),
            self.dropship,
        )
        with self.assertRaises(AccessError):
            Claim._customer_document(
                self.other_customer, "stock.picking", self.dropship.id
            )

    def test_vendor_claim_takes_the_dropship_vendor_and_price(self):
        wizard = self._open_wizard(self.dropship)
        self._wizard_line(wizard, self.product_drop).quantity = 3
        wizard.claim_type_id = self.type_quantity
        claim = self.env["claim.claim"].browse(wizard.action_create_claim()["res_id"])
        claim.description = "<p>Broken slats.</p>"
        claim.action_start()
        claim.line_ids.write({"decision": "accepted"})
        claim.action_decide()
        # the vendor's list names another vendor and price: the purchase
        # line of the dropship wins
        self.product_drop.seller_ids.write({"price": 99.0})
        vendor_claims = self._vendor_claims_from(claim)
        self.assertEqual(len(vendor_claims), 1)
        self.assertEqual(vendor_claims.partner_id, self.vendor_2)
        line = vendor_claims.line_ids
        self.assertEqual(line.quantity, 3.0)
        self.assertEqual(line.purchase_line_id, self.drop_po.order_line)
        self.assertEqual(line.price_unit, self.drop_po.order_line.price_unit)
        self.assertEqual(line.move_id, self.dropship.move_ids)
