from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ClaimConsentClause(models.Model):
    """A clause the customer must tick before filing a claim on the portal or
    the public form (data processing, terms of the claim procedure...)."""

    _name = "claim.consent.clause"
    _description = "Claim Consent Clause"
    _order = "sequence, id"

    name = fields.Char(
        string="Title", required=True, translate=True, help="Short label, internal."
    )
    text = fields.Text(
        required=True,
        translate=True,
        help="What the customer agrees to, shown next to the tick box. The text "
        "at the moment of ticking is stored with the claim.",
    )
    url = fields.Char(
        string="Document Link",
        help="Where the customer reads the whole document the clause refers to "
        "(privacy policy, claim terms): linked next to the tick box.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    channel = fields.Selection(
        [
            ("all", "Portal and Public Form"),
            ("portal", "Portal Only"),
            ("public", "Public Form Only"),
        ],
        default="all",
        required=True,
        help="Where the customer must tick this clause.",
    )

    @api.constrains("url")
    def _check_url(self):
        for clause in self:
            if clause.url and not clause.url.startswith(("https://", "http://", "/")):
                raise ValidationError(
                    self.env._(
                        "The document link of a consent clause is a web address "
                        "(https://...) or a page of this site (/...)."
                    )
                )

    def _for_channel(self, company, channel):
        """Active clauses a customer of the company must tick on a channel.
        A chain's file imported by our operator carries no customer's ticks:
        the clauses are for the portal and the public form."""
        if channel == "import":
            return self.browse()
        return self.search(
            [
                ("company_id", "=", company.id),
                ("channel", "in", ("all", channel)),
            ]
        )
