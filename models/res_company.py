from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    claim_statutory_warranty_months = fields.Integer(
        string="Statutory Warranty (months)",
        default=24,
        help="Period during which the seller is liable for non-conformity of goods "
        "(24 months for consumers in the EU).",
    )
    claim_consumer_response_days = fields.Integer(
        string="Consumer Response Time (days)",
        default=14,
        help="Calendar days to answer consumer claims where no national rule applies.",
    )
    claim_consumer_resolution_days = fields.Integer(
        string="Consumer Resolution Time (days)",
        default=30,
        help="Calendar days to resolve consumer claims where no national rule applies.",
    )
    claim_due_soon_days = fields.Integer(
        string="Claim Deadline Warning (days)",
        default=3,
        help="A claim is due soon this many days before its deadline; its responsible "
        "gets a reminder.",
    )
