from odoo import api, fields, models
from odoo.exceptions import UserError


class ClaimClaim(models.Model):
    """Claimed goods sent to external service partners
    (claim_service_order.py)."""

    _inherit = "claim.claim"

    service_order_ids = fields.One2many(
        "claim.service.order", "claim_id", string="Service Orders", readonly=True
    )
    # sudo: the count shows on the claim form of every reader; the orders
    # themselves stay behind their access rules
    service_order_count = fields.Integer(
        compute="_compute_service_order_count", compute_sudo=True
    )
    can_send_to_service = fields.Boolean(compute="_compute_can_send_to_service")

    @api.depends("service_order_ids")
    def _compute_service_order_count(self):
        counts = dict(
            self.env["claim.service.order"]._read_group(
                [("claim_id", "in", self.ids)], ["claim_id"], ["__count"]
            )
        )
        for claim in self:
            claim.service_order_count = counts.get(claim, 0)

    @api.depends("state")
    def _compute_can_send_to_service(self):
        for claim in self:
            claim.can_send_to_service = claim.state not in ("closed", "cancelled")

    def _check_can_send_to_service(self):
        for claim in self:
            if claim.state in ("closed", "cancelled"):
                raise UserError(
                    self.env._(
                        "Claim %(name)s is closed or cancelled: no goods are sent "
                        "to service for it.",
                        name=claim.name,
                    )
                )

    def action_send_to_service(self):
        """A new service order of this claim, to fill in and send."""
        self.ensure_one()
        self._check_can_send_to_service()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send to Service"),
            "res_model": "claim.service.order",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {"default_claim_id": self.id},
        }

    def action_view_service_orders(self):
        self.ensure_one()
        return self._action_open_documents(
            self.service_order_ids, self.env._("Service Orders")
        )
