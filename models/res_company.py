from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    claim_statutory_warranty_months = fields.Integer(
        string="Statutory Warranty (months)",
        default=24,
        help="Period during which the seller is liable for non-conformity of goods "
        "(24 months for consumers in the EU).",
    )
