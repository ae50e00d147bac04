from odoo.tests import new_test_user


class ClaimLoanerMixin:
    """A loaner product with two serial numbers in stock in the company's
    loaners location (put there by a real inventory adjustment)."""

    @classmethod
    def _setup_loaners(cls):
        cls.loaner_product = cls.env["product.product"].create(
            {
                "name": "Loaner Espresso Machine",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "claim_is_loaner": True,
                "standard_price": 200.0,
            }
        )
        cls.loaner_lot_1, cls.loaner_lot_2 = cls.env["stock.lot"].create(
            [
                {"name": "LOAN-001", "product_id": cls.loaner_product.id},
                {"name": "LOAN-002", "product_id": cls.loaner_product.id},
            ]
        )
        cls.loaner_location = cls.env.company._claim_loaner_location()
        quants = cls.env["stock.quant"].create(
            [
                {
                    "product_id": cls.loaner_product.id,
                    "location_id": cls.loaner_location.id,
                    "lot_id": lot.id,
                    "inventory_quantity": 1,
                }
                for lot in (cls.loaner_lot_1, cls.loaner_lot_2)
            ]
        )
        quants.action_apply_inventory()
        cls.loaner_stock_manager = new_test_user(
            cls.env,
            login="claim_loaner_stock_manager",
            groups="base.group_user,stock.group_stock_manager",
        )

    @classmethod
    def _lot_location(cls, lot):
        quants = cls.env["stock.quant"].search(
            [("lot_id", "=", lot.id), ("quantity", ">", 0)]
        )
        return quants.location_id

    def _new_loan(self, claim, lot=None, user=None, **vals):
        values = {
            "claim_id": claim.id,
            "product_id": self.loaner_product.id,
            "lot_id": (lot or self.loaner_lot_1).id,
        }
        values.update(vals)
        return self.env["claim.loaner"].with_user(user or self.operator).create(values)
