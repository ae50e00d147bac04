from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, float_is_zero

from .claim_claim import DECISIONS

# Line fields that make up what was claimed and decided: frozen once the
# claim's decision is final.
LOCKED_LINE_FIELDS = {
    "product_id",
    "lot_id",
    "quantity",
    "uom_id",
    "price_unit",
    "decision",
    "quantity_accepted",
    "claim_id",
}


class ClaimLine(models.Model):
    _name = "claim.line"
    _description = "Claim Line"
    _order = "claim_id, sequence, id"
    _check_company_auto = True

    claim_id = fields.Many2one(
        "claim.claim",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        related="claim_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="claim_id.currency_id")
    commercial_partner_id = fields.Many2one(
        related="claim_id.commercial_partner_id",
        store=True,
        index=True,
        string="Commercial Entity",
    )
    state = fields.Selection(related="claim_id.state", store=True, string="Status")
    product_id = fields.Many2one(
        "product.product",
        required=True,
        index=True,
        check_company=True,
        ondelete="restrict",
    )
    name = fields.Char(
        string="Description",
        compute="_compute_name",
        store=True,
        readonly=False,
        precompute=True,
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        index="btree_not_null",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    quantity = fields.Float(required=True, default=1.0, digits="Product Unit")
    uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_uom_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    price_unit = fields.Monetary(
        string="Unit Price",
        currency_field="currency_id",
        help="Price the customer paid per unit, net of discount, in the company currency.",
    )
    amount = fields.Monetary(
        string="Value",
        compute="_compute_amounts",
        store=True,
        currency_field="currency_id",
    )
    decision = fields.Selection(DECISIONS, index="btree_not_null", copy=False)
    quantity_accepted = fields.Float(
        string="Accepted Quantity",
        compute="_compute_quantity_accepted",
        store=True,
        readonly=False,
        copy=False,
        digits="Product Unit",
    )
    amount_accepted = fields.Monetary(
        string="Value Accepted",
        compute="_compute_amounts",
        store=True,
        currency_field="currency_id",
    )
    decision_note = fields.Text(
        help="Why this decision was made; shown to the customer."
    )

    _quantity_positive = models.Constraint(
        "CHECK(quantity > 0)", "The claimed quantity must be positive."
    )

    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            if line.product_id and not line.name:
                line.name = line.product_id.display_name

    @api.depends("product_id")
    def _compute_uom_id(self):
        for line in self:
            if line.product_id and not line.uom_id:
                line.uom_id = line.product_id.uom_id

    @api.depends("decision", "quantity")
    def _compute_quantity_accepted(self):
        for line in self:
            if line.decision == "accepted":
                line.quantity_accepted = line.quantity
            elif line.decision in ("rejected", False):
                line.quantity_accepted = 0.0

    @api.depends("quantity", "quantity_accepted", "price_unit")
    def _compute_amounts(self):
        for line in self:
            line.amount = line.quantity * line.price_unit
            line.amount_accepted = line.quantity_accepted * line.price_unit

    @api.constrains("decision", "quantity_accepted", "quantity")
    def _check_quantity_accepted(self):
        for line in self:
            if line.decision != "partially_accepted":
                continue
            rounding = line.uom_id.rounding or 0.01
            if float_is_zero(line.quantity_accepted, precision_rounding=rounding) or (
                float_compare(
                    line.quantity_accepted, line.quantity, precision_rounding=rounding
                )
                >= 0
            ):
                raise ValidationError(
                    self.env._(
                        "A partially accepted line needs an accepted quantity above zero "
                        "and below the claimed quantity (%(product)s).",
                        product=line.product_id.display_name,
                    )
                )

    @api.constrains("lot_id", "product_id")
    def _check_lot_product(self):
        for line in self:
            if line.lot_id and line.lot_id.product_id != line.product_id:
                raise ValidationError(
                    self.env._(
                        "Lot %(lot)s does not belong to product %(product)s.",
                        lot=line.lot_id.name,
                        product=line.product_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        claim_ids = {vals.get("claim_id") for vals in vals_list}
        self.env["claim.claim"].browse(claim_ids - {None})._check_lines_editable()
        return super().create(vals_list)

    def write(self, vals):
        if LOCKED_LINE_FIELDS.intersection(vals):
            self.claim_id._check_lines_editable()
            if vals.get("claim_id"):
                self.env["claim.claim"].browse(vals["claim_id"])._check_lines_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self.claim_id._check_lines_editable()
