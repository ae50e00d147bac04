from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class ClaimVendorClaimWizard(models.TransientModel):
    """Choose the goods to claim from their vendors: accepted lines of
    customer claims, or goods of a done receipt (damaged or missing on
    arrival). One vendor claim per vendor."""

    _name = "claim.vendor.claim.wizard"
    _description = "Create Vendor Claims"

    picking_id = fields.Many2one("stock.picking", string="Receipt", readonly=True)
    line_ids = fields.One2many(
        "claim.vendor.claim.wizard.line", "wizard_id", string="Goods"
    )

    @api.model
    def _action_open(self, picking=None, claims=None):
        lines = self.env["claim.vendor.claim"]._wizard_requests(
            picking=picking, claims=claims
        )
        wizard = self.create(
            {
                "picking_id": picking.id if picking else False,
                "line_ids": [Command.create(vals) for vals in lines],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Create Vendor Claims"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def action_create(self):
        self.ensure_one()
        requests = [line._request() for line in self.line_ids if line.quantity > 0]
        if not requests:
            raise UserError(self.env._("Choose a quantity of at least one product."))
        vendor_claims = self.env["claim.vendor.claim"]._create_from_requests(requests)
        return vendor_claims._action_open(vendor_claims, "claim.vendor.claim")
