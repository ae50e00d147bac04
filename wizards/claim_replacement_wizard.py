from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class ClaimReplacementWizard(models.TransientModel):
    _name = "claim.replacement.wizard"
    _description = "Replace Claimed Products"

    claim_id = fields.Many2one("claim.claim", required=True, ondelete="cascade")
    with_return = fields.Boolean(
        string="Return the Claimed Goods",
        default=True,
        help="Untick when the goods were destroyed or the customer keeps them.",
    )
    line_ids = fields.One2many(
        "claim.replacement.wizard.line",
        "wizard_id",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.depends("claim_id")
    def _compute_line_ids(self):
        for wizard in self:
            lines = wizard.claim_id.line_ids.filtered(
                lambda line: (
                    line.decision in ("accepted", "partially_accepted")
                    and line.qty_to_resolve > 0
                )
            )
            wizard.line_ids = [Command.clear()] + [
                Command.create(
                    {
                        "claim_line_id": line.id,
                        "product_id": line.product_id.id,
                        "quantity": line.qty_to_resolve,
                        "product_qty": line.qty_to_resolve,
                    }
                )
                for line in lines
            ]

    def action_confirm(self):
        self.ensure_one()
        claim = self.claim_id._lock_for_resolution()
        claim._check_can_resolve()
        requests = []
        for wizard_line in self.line_ids.filtered("quantity"):
            line = wizard_line.claim_line_id
            if wizard_line.quantity > line.qty_to_resolve:
                raise UserError(
                    self.env._(
                        "Only %(qty)s of %(product)s are left to resolve on claim "
                        "%(claim)s.",
                        qty=line.qty_to_resolve,
                        product=line.product_id.display_name,
                        claim=claim.name,
                    )
                )
            request = claim._replacement_request(
                line, wizard_line.product_id, wizard_line.product_qty
            )
            request["quantity"] = wizard_line.quantity
            requests.append(request)
        if not requests:
            raise UserError(self.env._("Give a quantity to replace."))
        pickings = claim._create_replacements(requests, with_return=self.with_return)
        return claim._action_open_documents(pickings, self.env._("Transfers"))


class ClaimReplacementWizardLine(models.TransientModel):
    _name = "claim.replacement.wizard.line"
    _description = "Replace Claimed Products: Line"

    wizard_id = fields.Many2one(
        "claim.replacement.wizard", required=True, ondelete="cascade"
    )
    claim_line_id = fields.Many2one("claim.line", required=True, readonly=True)
    claimed_product_id = fields.Many2one(
        related="claim_line_id.product_id", string="Claimed Product"
    )
    quantity = fields.Float(
        string="Quantity Resolved",
        digits="Product Unit",
        help="Quantity of the claimed product this replacement resolves.",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Replacement Product",
        required=True,
        domain="[('type', '=', 'consu')]",
    )
    product_qty = fields.Float(
        string="Quantity Delivered",
        digits="Product Unit",
        help="Quantity of the replacement product to deliver.",
    )
