from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    claim_warranty_months = fields.Integer(
        string="Commercial Warranty (months)",
        help="Warranty the seller or manufacturer grants on top of the statutory "
        "period. The longer of the two applies to claims.",
    )
    claim_count = fields.Integer(compute="_compute_claim_count", string="Claims")
    claim_is_loaner = fields.Boolean(
        string="Loaner for Claims",
        index="btree_not_null",
        help="Units of this product (tracked by serial number) are lent to "
        "customers while their claimed goods are repaired.",
    )

    @api.constrains("claim_is_loaner", "tracking", "is_storable")
    def _check_claim_is_loaner(self):
        for template in self.filtered("claim_is_loaner"):
            if template.tracking != "serial" or not template.is_storable:
                raise ValidationError(
                    self.env._(
                        "Loaner product %(product)s must be tracked in stock by "
                        "serial number: each unit lent is known by its serial.",
                        product=template.display_name,
                    )
                )

    def _compute_claim_count(self):
        counts = dict(
            self.env["claim.line"]._read_group(
                [("product_id.product_tmpl_id", "in", self.ids)],
                ["product_id"],
                ["claim_id:count_distinct"],
            )
        )
        for template in self:
            template.claim_count = sum(
                counts.get(product, 0) for product in template.product_variant_ids
            )

    def action_view_claims(self):
        self.ensure_one()
        return self.env["claim.claim"]._action_view_claims(
            [("line_ids.product_id.product_tmpl_id", "=", self.id)]
        )
