from odoo import api, fields, models
from odoo.fields import Domain


class AccountMove(models.Model):
    _inherit = "account.move"

    claim_count = fields.Integer(compute="_compute_claim_count", string="Claims")
    claim_ids = fields.Many2many(
        "claim.claim",
        "claim_claim_credit_note_rel",
        "move_id",
        "claim_id",
        string="Claims Credited",
        copy=False,
        readonly=True,
        help="Claims this credit note resolves.",
    )

    claim_cost_claim_id = fields.Many2one(
        "claim.claim",
        string="Claim Cost Of",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="Claim whose replacement or repair cost this entry posts.",
    )
    claim_cost_picking_id = fields.Many2one(
        "stock.picking",
        string="Claim Cost Transfer",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="Replacement delivery (or its return) whose cost this entry posts.",
    )
    claim_cost_repair_id = fields.Many2one(
        "repair.order",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="Repair whose parts cost this entry posts.",
    )

    # one claim cost entry per document, also with two workers at once
    _claim_cost_picking_uniq = models.UniqueIndex(
        "(claim_cost_picking_id) WHERE claim_cost_picking_id IS NOT NULL",
        "A transfer has one claim cost entry.",
    )
    _claim_cost_repair_uniq = models.UniqueIndex(
        "(claim_cost_repair_id) WHERE claim_cost_repair_id IS NOT NULL",
        "A repair has one claim cost entry.",
    )

    def _claims_domain(self):
        return Domain("invoice_id", "in", self.ids) | Domain(
            "credit_note_ids", "in", self.ids
        )

    @api.depends_context("uid")
    def _compute_claim_count(self):
        if not self.env["claim.claim"].has_access("read"):
            self.claim_count = 0
            return
        claims = self.env["claim.claim"].search(self._claims_domain())
        for move in self:
            move.claim_count = len(
                claims.filtered(
                    lambda c, m=move: c.invoice_id == m or m in c.credit_note_ids
                )
            )

    def action_view_claims(self):
        self.ensure_one()
        return self.env["claim.claim"]._action_view_claims(self._claims_domain())

    def action_open_claim_wizard(self):
        self.ensure_one()
        return self.env["claim.create.wizard"]._action_open(invoice=self)

    # ------------------------------------------------------------------
    # The claims follow their credit notes
    # ------------------------------------------------------------------

    # sudo: whoever posts or cancels a credit note may not read claims; the
    # claims follow their documents all the same.

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted.sudo().claim_ids._sync_resolution_state()
        return posted

    def button_draft(self):
        res = super().button_draft()
        self.sudo().claim_ids._sync_resolution_state()
        return res

    def button_cancel(self):
        res = super().button_cancel()
        self.sudo().claim_ids._sync_resolution_state()
        return res
