from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    claim_count = fields.Integer(compute="_compute_claim_count", string="Claims")

    def _compute_claim_count(self):
        counts = dict(
            self.env["claim.claim"]._read_group(
                [("invoice_id", "in", self.ids)], ["invoice_id"], ["__count"]
            )
        )
        for move in self:
            move.claim_count = counts.get(move, 0)

    def action_view_claims(self):
        self.ensure_one()
        return self.env["claim.claim"]._action_view_claims(
            [("invoice_id", "=", self.id)]
        )

    def action_open_claim_wizard(self):
        self.ensure_one()
        return self.env["claim.create.wizard"]._action_open(invoice=self)
