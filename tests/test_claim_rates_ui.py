"""Claim rates in the browser: the product analysis as a claims operator
opens it (the last 12 months by category), a category expanded by product,
and the graph; from real deliveries and a real claim."""

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .common_rates import ClaimRatesCommon


@tagged("post_install", "-at_install")
class TestClaimRatesUi(ClaimRatesCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_a.categ_id = cls.env["product.category"].create(
            {"name": "Rates Seating"}
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product_a, cls.warehouse.lot_stock_id, 10.0
        )
        packer = cls._stock_user("rates_ui_packer", "Ursula Packer")
        # two deliveries of 3 chairs this month, 1 chair of the first claimed
        cls.deliveries = [cls._delivery(packer) for _index in range(2)]
        move = cls.deliveries[0].move_ids[:1]
        cls.env["claim.claim"].with_user(cls.operator).create(
            {
                "partner_id": cls.customer_contact.id,
                "claim_type_id": cls.type_quantity.id,
                "picking_id": cls.deliveries[0].id,
                "line_ids": [
                    Command.create(
                        {
                            "product_id": move.product_id.id,
                            "quantity": 1.0,
                            "move_id": move.id,
                        }
                    )
                ],
            }
        )
        cls.env["claim.rate"]._refresh_company_rates(cls.company, full=True)

    def test_operator_reads_product_rates(self):
        rates = self.env["claim.rate"].search(
            [("kind", "=", "product"), ("product_id", "=", self.product_a.id)]
        )
        self.assertEqual(rates.month, fields.Date.today().replace(day=1))
        self.assertEqual((rates.quantity_delivered, rates.quantity_claimed), (6.0, 1.0))
        self.start_tour(
            "/odoo/claim-rates-products",
            "claim_management_rates_tour",
            login=self.operator.login,
        )
