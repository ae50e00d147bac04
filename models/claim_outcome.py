from odoo import fields, models


class ClaimOutcome(models.Model):
    """The company's own list of how claims end (e.g. "goods repaired by the
    supplier", "goodwill voucher", "customer withdrew"), chosen per claim by
    operators beside the fixed decision, which stays the legal one."""

    _name = "claim.outcome"
    _description = "Claim Outcome"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Offer this outcome only in this company. Empty: in every company.",
    )
    customer_visible = fields.Boolean(
        string="Shown to the Customer",
        help="The outcome shows on the claim's portal page and its decision "
        "protocol. Otherwise it stays internal.",
    )
    description = fields.Text(translate=True)

    _name_company_uniq = models.Constraint(
        "UNIQUE(name, company_id)", "An outcome of this name exists already."
    )
