from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ClaimClaim(models.Model):
    """The store of a claim: the customer's delivery address the claimed
    goods went to. Retail chains file and settle claims per store, so claims
    are listed, grouped and reported by it."""

    _inherit = "claim.claim"

    store_id = fields.Many2one(
        "res.partner",
        compute="_compute_store_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id), "
        "('id', '!=', commercial_partner_id)]",
        help="The customer's address the goods were delivered to (a store of a "
        "retail chain): from the delivery, else the sales order's or the "
        "invoice's delivery address.",
    )

    @api.depends(
        "picking_id.partner_id",
        "picking_id.sale_id.partner_shipping_id",
        "sale_order_id.partner_shipping_id",
        "invoice_id.partner_shipping_id",
        "commercial_partner_id",
    )
    def _compute_store_id(self):
        for claim in self:
            address = (
                (claim.picking_id and claim.picking_id._claim_customer_address())
                or claim.sale_order_id.partner_shipping_id
                or claim.invoice_id.partner_shipping_id
            )
            claim.store_id = address if claim._is_store_of(address) else False

    def _is_store_of(self, address):
        """An address of the claim's customer other than the customer
        itself."""
        self.ensure_one()
        return bool(
            address
            and address != self.commercial_partner_id
            and address.commercial_partner_id == self.commercial_partner_id
        )

    @api.constrains("store_id", "partner_id")
    def _check_store_id(self):
        for claim in self:
            if claim.store_id and not claim._is_store_of(claim.store_id):
                raise ValidationError(
                    self.env._(
                        "The store of claim %(claim)s must be an address of its "
                        "customer %(customer)s.",
                        claim=claim.name,
                        customer=claim.commercial_partner_id.display_name,
                    )
                )
