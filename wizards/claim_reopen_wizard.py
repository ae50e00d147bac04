from odoo import fields, models


class ClaimReopenWizard(models.TransientModel):
    """Asks the reason of a move back through the workflow: a manager
    reopening a final decision, or a claim in assessment going back to new."""

    _name = "claim.reopen.wizard"
    _description = "Reopen Claim Decision"

    claim_ids = fields.Many2many("claim.claim", string="Claims", required=True)
    mode = fields.Selection(
        [("reopen", "Reopen the Decision"), ("back", "Move Back to New")],
        default="reopen",
        required=True,
    )
    reason = fields.Text(required=True, help="Logged in the chatter of each claim.")

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "back":
            self.claim_ids._action_move_back(self.reason)
        else:
            self.claim_ids._action_reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
