from datetime import timedelta

from odoo import api, fields, models


class ClaimVisitWizard(models.TransientModel):
    """Plan a technician's visit at the customer of a claim."""

    _name = "claim.visit.wizard"
    _description = "Plan a Technician Visit"

    claim_id = fields.Many2one("claim.claim", required=True, readonly=True)
    company_id = fields.Many2one(related="claim_id.company_id")
    partner_id = fields.Many2one(related="claim_id.partner_id", string="Customer")
    user_id = fields.Many2one(
        "res.users",
        string="Technician",
        domain=lambda self: [
            ("group_ids", "in", self.env.ref("claim_management.group_claim_user").ids),
            ("share", "=", False),
        ],
    )
    start = fields.Datetime(
        default=lambda self: (
            fields.Datetime.now().replace(minute=0, second=0) + timedelta(days=1)
        ),
    )
    duration = fields.Float(default=1.0, help="Hours")
    address = fields.Char(compute="_compute_address")

    @api.depends("claim_id")
    def _compute_address(self):
        for wizard in self:
            wizard.address = wizard.claim_id and wizard.claim_id._visit_address()

    def action_plan(self):
        self.ensure_one()
        visit = self.claim_id._plan_visit(self.user_id, self.start, self.duration)
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": visit.id,
            "view_mode": "form",
            "views": [
                (self.env.ref("claim_management.claim_visit_view_form").id, "form")
            ],
        }
