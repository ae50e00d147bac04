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

    def action_view_claim(self):
        self.ensure_one()
        return self.env["claim.claim"]._action_view_claims(
            [("id", "=", self.claim_id.id)]
        )

    def action_repair_done(self):
        res = super().action_repair_done()
        # sudo: repair users may not read claims; the claims follow
        self.sudo().claim_id._sync_resolution_state()
        self._claim_post_cost_entries()
        return res

    def _claim_post_cost_entries(self):
        """Post the claim cost entries of done claim repairs: the parts they
        added. Idempotent. A done repair cannot be cancelled in Odoo, so the
        entry is never taken back."""
        moves_by_repair = {}
        for repair in self.filtered(lambda r: r.state == "done" and r.claim_line_id):
            parts = repair.move_ids.filtered(
                lambda m: m.state == "done" and m._is_claim_cost_move()
            )
            if parts:
                moves_by_repair[repair] = parts
        return self.env["claim.claim"]._post_cost_entries(
            self.browse([r.id for r in moves_by_repair]), moves_by_repair
        )

    def action_repair_cancel(self):
        res = super().action_repair_cancel()
        self.sudo().claim_id._sync_resolution_state()
        return res
