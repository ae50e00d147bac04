from odoo import fields, models


class ClaimConsent(models.Model):
    """A consent clause ticked by the customer, kept with the claim as it read
    at the time (the clause may be reworded or archived later)."""

    _name = "claim.consent"
    _description = "Claim Consent"
    _order = "claim_id, id"

    claim_id = fields.Many2one(
        "claim.claim", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="claim_id.company_id", store=True)
    clause_id = fields.Many2one("claim.consent.clause", ondelete="set null")
    text = fields.Text(required=True, readonly=True)
    date_accepted = fields.Datetime(string="Accepted On", required=True, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Accepted By", readonly=True)
    email = fields.Char(readonly=True, help="E-mail of the person who ticked it.")
    ip_address = fields.Char(string="IP Address", readonly=True)
    terms_url = fields.Char(
        string="Claim Terms Link",
        readonly=True,
        help="The company's claim terms the customer was shown, in their language.",
    )
    terms_version = fields.Char(string="Claim Terms Version", readonly=True)
