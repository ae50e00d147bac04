from dateutil.relativedelta import relativedelta

from odoo import models


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _claim_warranty_end_date(self, delivery_date, company):
        """End of the warranty for goods delivered on `delivery_date`: the longer
        of the product's commercial warranty and the company's statutory period."""
        if not self or not delivery_date:
            return False
        self.ensure_one()
        months = max(
            self.claim_warranty_months or 0,
            company.claim_statutory_warranty_months or 0,
        )
        return delivery_date + relativedelta(months=months) if months else False
