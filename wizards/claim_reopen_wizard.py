from odoo import fields, models


class ClaimReopenWizard(models.TransientModel):
    _name = "claim.reopen.wizard"
    _description = "Reopen Claim Decision"

    claim_ids = fields.Many2many("claim.claim", string="Claims", required=True)
    reason = fields.Text(required=True, help="Logged in the chatter of each claim.")

    def action_confirm(self):
        self.ensure_one()
        self.claim_ids._action_reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
