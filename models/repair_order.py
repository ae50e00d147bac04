from odoo import fields, models


class RepairOrder(models.Model):
    _inherit = "repair.order"

    claim_line_id = fields.Many2one(
        "claim.line",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="Claimed product this repair resolves.",
    )
    claim_id = fields.Many2one(
        "claim.claim",
        related="claim_line_id.claim_id",
        store=True,
        index="btree_not_null",
        string="Claim",
    )

    def action_repair_done(self):
        res = super().action_repair_done()
        # sudo: repair users may not read claims; the claims follow
        self.sudo().claim_id._sync_resolution_state()
        return res

    def action_repair_cancel(self):
        res = super().action_repair_cancel()
        self.sudo().claim_id._sync_resolution_state()
        return res
