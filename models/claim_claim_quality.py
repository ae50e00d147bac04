from odoo import api, fields, models


class ClaimClaim(models.Model):
    """8D reports of a claim: the quality problems its lines are part of."""

    _inherit = "claim.claim"

    quality_report_count = fields.Integer(
        string="8D Reports",
        compute="_compute_quality_report_count",
        groups="claim_management.group_claim_user",
    )

    def _compute_quality_report_count(self):
        reports = self.env["claim.quality.report"].search(
            [("claim_line_ids", "in", self.line_ids.ids)]
        )
        for claim in self:
            claim.quality_report_count = len(
                reports.filtered(lambda r, c=claim: r.claim_line_ids & c.line_ids)
            )

    @api.constrains("claim_type_id")
    def _check_lines_root_cause(self):
        self.line_ids._check_root_cause()

    def action_create_quality_report(self):
        """Open an 8D report on this claim's lines."""
        self.ensure_one()
        return self.env["claim.quality.report"]._action_create_from_lines(self.line_ids)

    def action_view_quality_reports(self):
        self.ensure_one()
        name = self.env._("8D Reports")
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "claim.quality.report",
            "view_mode": "list,form",
            "domain": [("claim_line_ids", "in", self.line_ids.ids)],
        }
