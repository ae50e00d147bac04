from datetime import timedelta

from odoo import fields

from .common_resolution import ClaimResolutionCommon


class ClaimFieldCommon(ClaimResolutionCommon):
    """A technician with a van holding parts, a warehouse user, the
    customer's delivery address."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.technician = cls._new_user(
            "field_technician", "claim_management.group_claim_user"
        )
        cls.technician.name = "Tessa Field"
        cls.technician_b = cls._new_user(
            "field_technician_b",
            "claim_management.group_claim_user",
            company=cls.company_2,
        )
        cls.stock_user = cls._new_user("field_stock_user", "stock.group_stock_user")
        cls.part = cls.env["product.product"].create(
            {
                "name": "Chair Wheel",
                "type": "consu",
                "is_storable": True,
                "standard_price": 12.0,
            }
        )
        cls._stock(cls.part, 40)
        cls.customer.write(
            {"street": "Office Street 1", "city": "Warsaw", "zip": "00-001"}
        )
        cls.delivery_address = cls.env["res.partner"].create(
            {
                "name": "Acme Warehouse",
                "type": "delivery",
                "parent_id": cls.customer.id,
                "street": "Depot Road 7",
                "city": "Krakow",
                "zip": "30-001",
            }
        )
        cls.van = (
            cls.env["claim.van"]
            .with_user(cls.manager)
            .create({"name": "Van of Tessa", "user_id": cls.technician.id})
            .sudo()
        )

    @classmethod
    def _load_van(cls, product, quantity):
        cls.env["stock.quant"]._update_available_quantity(
            product, cls.van.location_id, quantity
        )

    def _tomorrow(self, hours=10):
        return fields.Datetime.now().replace(
            hour=hours, minute=0, second=0, microsecond=0
        ) + timedelta(days=1)
