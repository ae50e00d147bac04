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
    # Source documents: the delivered move, the sales order line and the
    # invoice line the claimed goods come from.
    move_id = fields.Many2one(
        "stock.move",
        string="Delivery Move",
        index="btree_not_null",
        readonly=True,
        ondelete="restrict",
    )
    picking_id = fields.Many2one(
        "stock.picking", related="move_id.picking_id", string="Delivery"
    )
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Sales Order Line",
        index="btree_not_null",
        readonly=True,
        ondelete="restrict",
    )
    invoice_line_id = fields.Many2one(
        "account.move.line",
        index="btree_not_null",
        readonly=True,
        ondelete="restrict",
    )
    packer_id = fields.Many2one(
        "res.users",
        string="Packed By",
        compute="_compute_packer_id",
        store=True,
        index="btree_not_null",
        help="Who packed the delivery the goods left in.",
    )
    delivery_date = fields.Date(
        compute="_compute_delivery_date",
        store=True,
        readonly=False,
        precompute=True,
        help="When the customer got the goods; the warranty runs from this date.",
    )
    warranty_end_date = fields.Date(
        string="Warranty End",
        compute="_compute_warranty",
        store=True,
    )
    in_warranty = fields.Boolean(
        compute="_compute_warranty",
        store=True,
        help="The claim was received before the warranty ended. Lines out of "
        "warranty are flagged, not refused.",
    )
    doc_currency_id = fields.Many2one(
        "res.currency", string="Document Currency", readonly=True
    )
    doc_price_unit = fields.Monetary(
        string="Document Unit Price",
        currency_field="doc_currency_id",
        readonly=True,
        help="Unit price net of discount in the currency of the source document.",
    )
    cost_price = fields.Monetary(
        string="Unit Cost",
        currency_field="currency_id",
        compute="_compute_cost_price",
        store=True,
        readonly=False,
        precompute=True,
        help="Product cost when the claim was registered.",
    )
    amount_cost = fields.Monetary(
        string="Cost Value",
        compute="_compute_amounts",
        store=True,
        currency_field="currency_id",
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

    @api.depends("quantity", "quantity_accepted", "price_unit", "cost_price")
    def _compute_amounts(self):
        for line in self:
            line.amount = line.quantity * line.price_unit
            line.amount_accepted = line.quantity_accepted * line.price_unit
            line.amount_cost = line.quantity * line.cost_price

    @api.depends("move_id.picking_id.packer_id")
    def _compute_packer_id(self):
        for line in self:
            line.packer_id = line.move_id.picking_id.packer_id

    @api.depends("move_id.date", "invoice_line_id.move_id.invoice_date")
    def _compute_delivery_date(self):
        for line in self:
            if line.move_id.date:
                line.delivery_date = fields.Date.to_date(line.move_id.date)
            elif line.invoice_line_id.move_id.invoice_date:
                line.delivery_date = line.invoice_line_id.move_id.invoice_date

    @api.depends("product_id", "company_id")
    def _compute_cost_price(self):
        for line in self:
            if line.product_id and not line.cost_price:
                product = line.product_id.with_company(
                    line.company_id or self.env.company
                )
                line.cost_price = product.standard_price

    @api.depends(
        "delivery_date",
        "product_id.claim_warranty_months",
        "company_id.claim_statutory_warranty_months",
        "claim_id.date_received",
    )
    def _compute_warranty(self):
        for line in self:
            end = line.product_id._claim_warranty_end_date(
                line.delivery_date, line.company_id or self.env.company
            )
            line.warranty_end_date = end
            received = line.claim_id.date_received
            line.in_warranty = bool(
                end and (not received or fields.Date.to_date(received) <= end)
            )

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

    @api.constrains("quantity", "move_id", "invoice_line_id", "lot_id", "decision")
    def _check_claimable_quantity(self):
        self.env["claim.source"]._check_claim_lines(self)

    def _check_source_matches(self):
        """The source document must be a delivered or invoiced sale of this
        claim's customer and company, for this product."""
        self.ensure_one()
        claim = self.claim_id
        move, invoice_line = self.move_id, self.invoice_line_id
        document = move.picking_id or invoice_line.move_id
        if move:
            partner = move.picking_id.partner_id or move.partner_id
            valid = (
                move.state == "done"
                and move.location_dest_id.usage == "customer"
                and move.product_id == self.product_id
            )
        else:
            partner = invoice_line.move_id.partner_id
            valid = (
                invoice_line.move_id.state == "posted"
                and invoice_line.move_id.move_type == "out_invoice"
                and invoice_line.product_id == self.product_id
            )
        if not valid:
            raise ValidationError(
                self.env._(
                    "%(product)s is not a delivered or invoiced product of %(document)s.",
                    product=self.product_id.display_name,
                    document=document.display_name,
                )
            )
        if (
            partner.commercial_partner_id != claim.commercial_partner_id
            or (move or invoice_line).company_id != claim.company_id
        ):
            raise ValidationError(
                self.env._(
                    "%(document)s belongs to another customer or company than claim "
                    "%(claim)s.",
                    document=document.display_name,
                    claim=claim.name,
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
