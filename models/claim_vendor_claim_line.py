from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from .claim_state import is_workflow

# What the vendor claim asks for: frozen once it is sent.
CLAIMED_FIELDS = {"product_id", "lot_id", "quantity", "uom_id", "price_unit", "reason"}
# The vendor's answer: recorded while the claim waits for it.
DECISION_FIELDS = {"vendor_decision", "quantity_accepted"}


class ClaimVendorClaimLine(models.Model):
    _name = "claim.vendor.claim.line"
    _description = "Vendor Claim Line"
    _inherit = ["claim.workflow.mixin"]
    _order = "vendor_claim_id desc, sequence, id"
    _check_company_auto = True

    vendor_claim_id = fields.Many2one(
        "claim.vendor.claim", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        related="vendor_claim_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        related="vendor_claim_id.partner_id",
        store=True,
        index=True,
        precompute=True,
        string="Vendor",
    )
    state = fields.Selection(
        related="vendor_claim_id.state", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="vendor_claim_id.currency_id")
    product_id = fields.Many2one(
        "product.product", required=True, index=True, check_company=True
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        domain="[('product_id', '=', product_id)]",
        check_company=True,
    )
    reason = fields.Selection(
        [
            ("defective", "Defective"),
            ("damaged", "Damaged on Arrival"),
            ("missing", "Missing on Arrival"),
        ],
        required=True,
        default="defective",
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
    price_unit = fields.Monetary(string="Purchase Price", currency_field="currency_id")
    amount = fields.Monetary(compute="_compute_amount", store=True)
    claim_line_id = fields.Many2one(
        "claim.line",
        string="Customer Claim Line",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
    )
    claim_id = fields.Many2one(
        related="claim_line_id.claim_id", string="Customer Claim", store=True
    )
    purchase_line_id = fields.Many2one(
        "purchase.order.line",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
    )
    move_id = fields.Many2one(
        "stock.move",
        string="Receipt Move",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
    )
    receipt_date = fields.Date(readonly=True)
    vendor_warranty_end = fields.Date(
        compute="_compute_vendor_warranty_end",
        store=True,
        help="Receipt date plus the vendor's warranty months (vendor pricelist "
        "of the product).",
    )
    vendor_decision = fields.Selection(
        [("accepted", "Accepted"), ("refused", "Refused")]
    )
    quantity_accepted = fields.Float(digits="Product Unit")
    stock_move_ids = fields.One2many(
        "stock.move", "vendor_claim_line_id", string="Transfers", readonly=True
    )
    refund_line_ids = fields.One2many(
        "account.move.line",
        "vendor_claim_line_id",
        string="Credit Note Lines",
        readonly=True,
    )
    qty_returned = fields.Float(
        compute="_compute_recovery", store=True, digits="Product Unit"
    )
    qty_to_return = fields.Float(
        compute="_compute_recovery", store=True, digits="Product Unit"
    )
    qty_refunded = fields.Float(
        string="Credited Quantity",
        compute="_compute_recovery",
        store=True,
        digits="Product Unit",
    )
    qty_replaced = fields.Float(
        compute="_compute_recovery", store=True, digits="Product Unit"
    )
    qty_to_recover = fields.Float(
        compute="_compute_recovery",
        store=True,
        digits="Product Unit",
        help="Accepted quantity neither on a vendor credit note nor on a "
        "replacement receipt.",
    )
    amount_recovered = fields.Monetary(compute="_compute_recovery", store=True)
    amount_customer_cost = fields.Monetary(
        string="Our Cost",
        compute="_compute_customer_cost",
        store=True,
        help="Credit notes, replacements and repairs of the customer claim line.",
    )

    _quantity_positive = models.Constraint(
        "CHECK(quantity > 0)", "The claimed quantity must be positive."
    )
    _accepted_not_negative = models.Constraint(
        "CHECK(quantity_accepted >= 0)", "The accepted quantity cannot be negative."
    )

    @api.depends("product_id")
    def _compute_uom_id(self):
        for line in self:
            if not line.uom_id or line.uom_id != line.product_id.uom_id:
                line.uom_id = line.product_id.uom_id

    @api.depends("quantity", "price_unit")
    def _compute_amount(self):
        for line in self:
            line.amount = line.quantity * line.price_unit

    @api.depends(
        "receipt_date",
        "product_id",
        "partner_id",
        "product_id.product_tmpl_id.seller_ids.warranty_months",
    )
    def _compute_vendor_warranty_end(self):
        for line in self:
            months = line._vendor_warranty_months()
            line.vendor_warranty_end = (
                line.receipt_date + relativedelta(months=months)
                if line.receipt_date and months
                else False
            )

    def _goods_location(self):
        """Where the claimed goods are when the customer sent them back to us
        (the claims location, for expertise) and we did not send them back:
        the vendor return takes them from there. Empty otherwise (stock)."""
        self.ensure_one()
        # sudo: the customer claim's transfers, read for purchase users
        moves = self.claim_line_id.sudo().resolution_move_ids.filtered(
            lambda move: move.state == "done"
        )
        received = moves.filtered(lambda move: move.claim_move_kind == "return")
        sent_back = moves.filtered(lambda move: move.claim_move_kind == "send_back")
        location = received.sorted("date")[-1:].location_dest_id
        if location.usage != "internal" or sum(sent_back.mapped("quantity")) >= sum(
            received.mapped("quantity")
        ):
            return self.env["stock.location"]
        return location.with_env(self.env)

    def _vendor_warranty_months(self):
        self.ensure_one()
        return self._warranty_months_of(self.product_id, self.partner_id)

    @api.model
    def _warranty_months_of(self, product, vendor):
        """The warranty ``vendor`` gives on ``product``, in months (its
        vendor price lines; 0 when none says)."""
        # sudo: the vendor price lists, read for claims operators too
        sellers = product.sudo().product_tmpl_id.seller_ids.filtered(
            lambda seller: (
                seller.partner_id.commercial_partner_id == vendor.commercial_partner_id
                and (not seller.product_id or seller.product_id == product)
            )
        )
        return max(sellers.mapped("warranty_months"), default=0)

    @api.depends(
        "reason",
        "quantity",
        "quantity_accepted",
        "price_unit",
        "stock_move_ids.state",
        "stock_move_ids.quantity",
        "stock_move_ids.product_uom_qty",
        "refund_line_ids.parent_state",
        "refund_line_ids.quantity",
        "refund_line_ids.balance",
    )
    def _compute_recovery(self):
        for line in self:
            moves = line.stock_move_ids.filtered(lambda m: m.state != "cancel")
            returns = moves.filtered(lambda m: m.vendor_claim_move_kind == "return")
            replacements = moves - returns
            refunds = line.refund_line_ids.filtered(
                lambda aml: aml.parent_state != "cancel"
            )
            posted = refunds.filtered(lambda aml: aml.parent_state == "posted")
            line.qty_returned = line._moves_qty(returns, done=True)
            line.qty_to_return = (
                0.0
                if line.reason == "missing"
                else max(line.quantity - line._moves_qty(returns, done=False), 0.0)
            )
            line.qty_replaced = line._moves_qty(replacements, done=True)
            line.qty_refunded = sum(
                aml.product_uom_id._compute_quantity(aml.quantity, line.uom_id)
                for aml in posted
            )
            covered = line._moves_qty(replacements, done=False) + sum(
                aml.product_uom_id._compute_quantity(aml.quantity, line.uom_id)
                for aml in refunds
            )
            line.qty_to_recover = max(line.quantity_accepted - covered, 0.0)
            line.amount_recovered = line.qty_replaced * line.price_unit - sum(
                posted.mapped("balance")
            )

    def _moves_qty(self, moves, done):
        self.ensure_one()
        total = 0.0
        for move in moves:
            if done and move.state != "done":
                continue
            qty = move.quantity if move.state == "done" else move.product_uom_qty
            total += move.product_uom._compute_quantity(qty, self.uom_id)
        return total

    @api.depends(
        "claim_line_id.amount_credited",
        "claim_line_id.amount_replacement_cost",
        "claim_line_id.amount_repair_cost",
    )
    def _compute_customer_cost(self):
        for line in self:
            claim_line = line.claim_line_id.sudo()
            line.amount_customer_cost = (
                claim_line.amount_credited
                + claim_line.amount_replacement_cost
                + claim_line.amount_repair_cost
            )

    @api.constrains("quantity_accepted", "quantity", "vendor_decision")
    def _check_quantity_accepted(self):
        for line in self:
            if (
                float_compare(
                    line.quantity_accepted,
                    line.quantity,
                    precision_rounding=line.uom_id.rounding or 0.01,
                )
                > 0
            ):
                raise ValidationError(
                    self.env._(
                        "The vendor cannot accept more of %(product)s than claimed.",
                        product=line.product_id.display_name,
                    )
                )
            if line.vendor_decision == "refused" and line.quantity_accepted:
                raise ValidationError(
                    self.env._(
                        "A refused line of %(product)s has no accepted quantity.",
                        product=line.product_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD: what the form locks, the model locks
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not is_workflow(self.env):
            for vals in vals_list:
                self._refuse_owned_fields(
                    self._workflow_owned_fields().intersection(vals)
                )
        lines = super().create(vals_list)
        if not is_workflow(self.env):
            lines._check_editable(CLAIMED_FIELDS)
        return lines

    def write(self, vals):
        if not is_workflow(self.env):
            self._refuse_owned_fields(self._workflow_owned_fields().intersection(vals))
            self._check_editable(set(vals))
        if vals.get("vendor_decision") and "quantity_accepted" not in vals:
            # accepted: the whole claimed quantity unless said otherwise
            for line in self:
                accepted = line.quantity if vals["vendor_decision"] == "accepted" else 0
                super(ClaimVendorClaimLine, line).write(
                    {**vals, "quantity_accepted": accepted}
                )
            return True
        return super().write(vals)

    def _check_editable(self, names):
        claimed = CLAIMED_FIELDS | {"vendor_claim_id", "sequence"}
        for line in self:
            state = line.vendor_claim_id.state
            if claimed.intersection(names) and state != "draft":
                raise UserError(
                    self.env._(
                        "The lines of vendor claim %(name)s are frozen once it is "
                        "sent.",
                        name=line.vendor_claim_id.name,
                    )
                )
            if DECISION_FIELDS.intersection(names) and state != "sent":
                raise UserError(
                    self.env._(
                        "The vendor's decision on %(name)s is recorded while the "
                        "claim waits for it (sent).",
                        name=line.vendor_claim_id.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if any(line.vendor_claim_id.state != "draft" for line in self):
            raise UserError(
                self.env._("Lines of a sent vendor claim cannot be deleted.")
            )

    # ------------------------------------------------------------------
    # Where the goods came from
    # ------------------------------------------------------------------

    @api.model
    def _find_receipt_moves(self, lots, company):
        """The done receipt move of a purchase order that brought each of
        ``lots`` in (one query for all)."""
        if not lots:
            return {}
        move_lines = (
            self.env["stock.move.line"]
            .sudo()
            .search(
                [
                    ("lot_id", "in", lots.ids),
                    ("state", "=", "done"),
                    ("move_id.purchase_line_id", "!=", False),
                    ("company_id", "=", company.id),
                ],
                order="date desc, id desc",
            )
        )
        result = {}
        for move_line in move_lines:
            result.setdefault(move_line.lot_id, move_line.move_id)
        return result

    @api.model
    def _source_vals(self, product, company, lot=None, move=None, quantity=1.0):
        """Vendor, purchase price, purchase line and receipt move of
        ``product``: from the receipt ``move`` (or, when None, the one that
        brought ``lot`` in), else the product's vendor list. Returns a
        dict."""
        # sudo: purchase users and claims operators find the goods' origin
        # whatever their stock rights. ``move`` given (even empty): no search.
        if move is None:
            move = self.env["stock.move"]
            if lot:
                move = self._find_receipt_moves(lot, company).get(lot, move)
        move = move.sudo()
        if move.purchase_line_id:
            po_line = move.purchase_line_id
            order = po_line.order_id
            price = order.currency_id._convert(
                po_line.price_unit,
                company.currency_id,
                company,
                order.date_approve or fields.Date.context_today(self),
            )
            return {
                "partner_id": order.partner_id.commercial_partner_id.id,
                "price_unit": po_line.product_uom_id._compute_price(
                    price, product.uom_id
                ),
                "purchase_line_id": po_line.id,
                "move_id": move.id,
                "receipt_date": fields.Date.to_date(move.date),
            }
        seller = product.with_company(company).sudo()._select_seller(quantity=quantity)
        return {
            "partner_id": seller.partner_id.commercial_partner_id.id,
            "price_unit": seller.currency_id._convert(
                seller.price, company.currency_id, company, fields.Date.today()
            )
            if seller
            else product.with_company(company).standard_price,
            "purchase_line_id": False,
            "move_id": move.id,
            "receipt_date": fields.Date.to_date(move.date) if move else False,
        }
