from odoo import Command, api, fields, models


class ClaimMergeWizard(models.TransientModel):
    """Asks which of the selected claims to keep; claim.claim._merge_claims
    checks and merges."""

    _name = "claim.merge.wizard"
    _description = "Merge Duplicate Claims"

    claim_ids = fields.Many2many("claim.claim", string="Claims", required=True)
    target_id = fields.Many2one(
        "claim.claim",
        string="Keep",
        required=True,
        domain="[('id', 'in', claim_ids)]",
        help="The claim that receives the products, messages and files of the "
        "others, which are archived with a link to it.",
    )

    @api.model
    def default_get(self, fields):
        values = super().default_get(fields)
        if self.env.context.get("active_model") == "claim.claim":
            claims = self.env["claim.claim"].browse(
                self.env.context.get("active_ids") or []
            )
            values.setdefault("claim_ids", [Command.set(claims.ids)])
            # the oldest claim is kept by default: it was filed first
            oldest = claims.sorted(lambda c: (c.date_received, c.id))[:1]
            values.setdefault("target_id", oldest.id)
        return values

    def action_merge(self):
        self.ensure_one()
        self.target_id._merge_claims(self.claim_ids - self.target_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "claim.claim",
            "res_id": self.target_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
