from odoo import api, fields, models


class ClaimStageHistory(models.Model):
    """Time each claim spent in each stage, stored for reporting."""

    _name = "claim.stage.history"
    _inherit = ["claim.group.order.mixin"]
    _description = "Claim Time per Stage"
    _order = "claim_id, date_in, id"

    claim_id = fields.Many2one(
        "claim.claim", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="claim_id.company_id", store=True, precompute=True, index=True
    )
    claim_type_id = fields.Many2one(
        related="claim_id.claim_type_id", store=True, precompute=True
    )
    stage_id = fields.Many2one(
        "claim.stage", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one("res.users", string="Responsible")
    date_in = fields.Datetime(required=True)
    date_out = fields.Datetime(index="btree_not_null")
    days = fields.Float(
        compute="_compute_days", store=True, precompute=True, aggregator="avg"
    )
    planned_date = fields.Date(string="Planned End")
    late = fields.Boolean(compute="_compute_days", store=True, precompute=True)

    @api.depends("date_in", "date_out", "planned_date")
    def _compute_days(self):
        for history in self:
            if history.date_in and history.date_out:
                history.days = (
                    history.date_out - history.date_in
                ).total_seconds() / 86400.0
                history.late = bool(
                    history.planned_date
                    and fields.Date.to_date(history.date_out) > history.planned_date
                )
            else:
                history.days = 0.0
                history.late = False
