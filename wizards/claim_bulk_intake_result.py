from odoo import fields, models


class ClaimBulkIntakeResult(models.TransientModel):
    """One outcome of a chain's file: a claim created or found again, or an
    error of a row (its number in the file, the column and the message)."""

    _name = "claim.bulk.intake.result"
    _description = "Claims Import Result"
    _order = "row, id"

    wizard_id = fields.Many2one(
        "claim.bulk.intake", required=True, ondelete="cascade", index=True
    )
    row = fields.Integer(readonly=True)
    kind = fields.Selection(
        [("created", "Created"), ("existing", "Already Imported"), ("error", "Error")],
        string="Result",
        readonly=True,
    )
    column = fields.Char(readonly=True)
    message = fields.Char(readonly=True)
    claim_id = fields.Many2one("claim.claim", readonly=True)
