from odoo import api, fields, models


class ClaimLine(models.Model):
    _inherit = "claim.line"

    vendor_claim_line_ids = fields.One2many(
        "claim.vendor.claim.line",
        "claim_line_id",
        string="Vendor Claim Lines",
        groups="purchase.group_purchase_user,claim_management.group_claim_operator",
    )


class ClaimClaim(models.Model):
    """Smart button: the vendor claims made for this claim's goods."""

    _inherit = "claim.claim"

    vendor_claim_count = fields.Integer(
        compute="_compute_vendor_claim_count",
        groups="purchase.group_purchase_user,claim_management.group_claim_operator",
    )

    @api.depends_context("uid")
    def _compute_vendor_claim_count(self):
        if not self.env["claim.vendor.claim"].has_access("read"):
            self.vendor_claim_count = 0
            return
        groups = self.env["claim.vendor.claim.line"]._read_group(
            [("claim_id", "in", self.ids), ("state", "!=", "cancel")],
            ["claim_id"],
            ["vendor_claim_id:count_distinct"],
        )
        counts = {claim.id: count for claim, count in groups}
        for claim in self:
            claim.vendor_claim_count = counts.get(claim.id, 0)

    def action_view_vendor_claims(self):
        self.ensure_one()
        vendor_claims = self.env["claim.vendor.claim"].search(
            [("line_ids.claim_id", "=", self.id)]
        )
        return vendor_claims._action_open(vendor_claims, "claim.vendor.claim")

    def action_open_vendor_claim_wizard(self):
        """Claim the accepted goods of these claims from their vendors."""
        return self.env["claim.vendor.claim.wizard"]._action_open(claims=self)
