from odoo import fields, models


class ProductSupplierinfo(models.Model):
    _inherit = "product.supplierinfo"

    warranty_months = fields.Integer(
        string="Vendor Warranty (months)",
        help="Months the vendor answers for the goods from their receipt: the "
        "vendor warranty end of vendor claim lines.",
    )

    _warranty_months_not_negative = models.Constraint(
        "CHECK(warranty_months >= 0)", "The vendor warranty cannot be negative."
    )
