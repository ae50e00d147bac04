from contextlib import contextmanager

from odoo.tests import new_test_user


class ClaimServiceMixin:
    """A service partner, a carrier, a claims location, and claims whose goods
    (a lot-tracked drill and chairs) were received back from the customer by
    a real validated receipt."""

    @classmethod
    def _setup_service(cls):
        cls.service_partner = cls.env["res.partner"].create(
            {
                "name": "Drill Service Centre",
                "is_company": True,
                "claim_service_partner": True,
                "claim_service_turnaround_days": 10,
            }
        )
        cls.plain_vendor = cls.env["res.partner"].create(
            {"name": "Plain Vendor", "is_company": True}
        )
        carrier_product = cls.env["product.product"].create(
            {"name": "Courier (service)", "type": "service"}
        )
        cls.carrier = cls.env["delivery.carrier"].create(
            {
                "name": "Service Courier",
                "product_id": carrier_product.id,
                "delivery_type": "fixed",
            }
        )
        cls.claims_location = cls.env["stock.location"].create(
            {
                "name": "Claims (service tests)",
                "usage": "internal",
                "location_id": cls.warehouse.view_location_id.id,
            }
        )
        cls.env.company.claim_location_id = cls.claims_location
        cls.billing_user = new_test_user(
            cls.env,
            login="claim_service_billing",
            groups="base.group_user,account.group_account_invoice",
        )

    @contextmanager
    def _assert_refused(self, exception, regex):
        """assertRaises (which rolls back what the refused call wrote) with
        the message checked."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), regex)

    def _validate(self, pickings):
        for picking in pickings:
            for move in picking.move_ids:
                if not move.move_line_ids:
                    move.quantity = move.product_uom_qty
                move.picked = True
            picking.button_validate()
        return pickings

    def _received_claim(self, quantities=None):
        """An open claim whose goods are back in the claims location."""
        quantities = quantities or {(self.product_lot, self.lot_1): 1}
        return self._receive(self._claim(quantities, decide=False))

    def _receive(self, claim):
        receipt = self.env["stock.picking"].browse(
            claim.action_receive_goods()["res_id"]
        )
        self._validate(receipt)
        self.assertEqual(receipt.state, "done")
        return claim

    def _new_order(self, claim, user=None, **vals):
        values = {"claim_id": claim.id, "partner_id": self.service_partner.id}
        values.update(vals)
        return (
            self.env["claim.service.order"]
            .with_user(user or self.operator)
            .create(values)
            .with_env(self.env)
        )

    def _location_quantity(self, product, location, lot=None):
        return self.env["stock.quant"]._get_available_quantity(
            product, location, lot_id=lot, strict=True
        )
