from odoo import api, fields, models

from .claim_link_guard import (
    as_workflow,
    check_claim_links,
    check_claim_links_write,
)

# What the claim actions say of a move: the claimed product it resolves, how,
# and at what cost. Backorders and returns of such moves keep the link.
MOVE_CLAIM_FIELDS = ("claim_line_id", "claim_move_kind", "claim_quantity", "claim_cost")


class StockMove(models.Model):
    _inherit = "stock.move"

    claim_line_id = fields.Many2one(
        "claim.line",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="Claimed product this return or replacement resolves.",
    )
    claim_move_kind = fields.Selection(
        [
            ("return", "Return"),
            ("replacement", "Replacement"),
            ("send_back", "Sent Back"),
            ("replacement_return", "Replacement Returned"),
        ],
        readonly=True,
        copy=False,
        help="What the move does for its claimed product.",
    )
    claim_quantity = fields.Float(
        digits="Product Unit",
        readonly=True,
        copy=False,
        help="Quantity of the claimed product, in its own unit, that this move "
        "replaces with another product.",
    )

    claim_cost = fields.Monetary(
        currency_field="company_currency_id",
        readonly=True,
        copy=False,
        help="Cost of the goods of this claim replacement or repair part when it "
        "was done: its stock value, or its quantity at the product cost for "
        "goods not valued in stock.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            names = [name for name in MOVE_CLAIM_FIELDS if vals.get(name)]
            if names and not self._is_claim_return_vals(vals):
                check_claim_links(self, names)
        return super().create(vals_list)

    def write(self, vals):
        check_claim_links_write(self, vals, MOVE_CLAIM_FIELDS)
        return super().write(vals)

    @api.model
    def _is_claim_return_vals(self, vals):
        """A replacement the customer sends back (Odoo's return wizard,
        whoever uses it) keeps its claimed product: nothing else may set the
        claim fields of a new move."""
        # sudo: the returned move's link is checked, whoever may read it
        origin = self.sudo().browse(vals.get("origin_returned_move_id") or [])
        return (
            origin.claim_move_kind == "replacement"
            and vals.get("claim_line_id") == origin.claim_line_id.id
            and vals.get("claim_move_kind") == "replacement_return"
            and not vals.get("claim_quantity")
            and not vals.get("claim_cost")
        )

    def _prepare_move_split_vals(self, qty):
        # a backorder of a claim's move resolves the same claimed product
        vals = super()._prepare_move_split_vals(qty)
        if self.claim_line_id:
            vals["claim_line_id"] = self.claim_line_id.id
            vals["claim_move_kind"] = self.claim_move_kind
        return vals

    def _create_backorder(self):
        # the backorder moves keep the claim links (_prepare_move_split_vals)
        return super(StockMove, as_workflow(self))._create_backorder()

    def _claim_line_quantity(self, claim_line, done):
        """Quantity of `claim_line`, in its unit, this move covers."""
        self.ensure_one()
        if self.product_id != claim_line.product_id and self.claim_quantity:
            # another product: the move covers what the wizard said
            return self.claim_quantity
        qty = self.quantity if done else self.product_uom_qty
        return self.product_uom._compute_quantity(
            qty, claim_line.uom_id or self.product_uom
        )

    def _prepare_merge_moves_distinct_fields(self):
        # moves of two claimed products (e.g. two lots) stay apart
        return [*super()._prepare_merge_moves_distinct_fields(), "claim_line_id"]

    def _claim_set_lots(self):
        """Put the claimed lot on the return moves of claim lines."""
        for move in self.filtered(lambda m: m.claim_line_id.lot_id):
            lot = move.claim_line_id.lot_id
            move.move_line_ids.unlink()
            self.env["stock.move.line"].create(
                {
                    "move_id": move.id,
                    "picking_id": move.picking_id.id,
                    "product_id": move.product_id.id,
                    "lot_id": lot.id,
                    "quantity": move.product_uom_qty,
                    "product_uom_id": move.product_uom.id,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                }
            )

    # ------------------------------------------------------------------
    # Claim costs
    # ------------------------------------------------------------------

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        # the frozen cost is the claim's figure, whoever validates the move
        as_workflow(
            moves.filtered(lambda m: m.state == "done" and m._is_claim_cost_move())
        )._claim_set_cost()
        return moves

    def _is_claim_cost_move(self):
        """Replacement goods (or their return) and parts a claim repair added."""
        self.ensure_one()
        if self.claim_line_id:
            return self.claim_move_kind in ("replacement", "replacement_return")
        return self.repair_line_type == "add" and bool(self.repair_id.claim_line_id)

    def _claim_set_cost(self):
        """Freeze the cost of the done moves: what the claim costs and what its
        cost entry posts stay the same when the product cost changes later."""
        for move in self:
            origin = move.origin_returned_move_id
            if move.claim_move_kind == "replacement_return" and origin.product_qty:
                # goods come back at the cost they left at
                cost = origin.claim_cost * move.product_qty / origin.product_qty
            elif move.value:
                # valued in stock: what the stock valuation decreased by
                cost = move.value
            else:
                cost = move._claim_product_cost()
            move.claim_cost = move.company_id.currency_id.round(abs(cost))

    def _claim_cost_value(self):
        """Cost of this done move for its claim: frozen when it was done, or
        (moves done before costs were frozen) at today's product cost."""
        self.ensure_one()
        return self.claim_cost or self._claim_product_cost()

    def _claim_product_cost(self):
        """The move's quantity at today's cost of its product."""
        self.ensure_one()
        product = self.product_id.with_company(self.company_id)
        return self.product_qty * product.standard_price

    def _claim_cost_counterpart_account(self):
        """Account the claims cost account takes the cost of these goods from.

        Odoo 19 posts nothing when goods leave stock for a customer or a
        repair, whatever the valuation: perpetual valuation books the cost of
        goods sold with the customer invoice (replacements and repair parts
        have none), periodic valuation at the stock closing. Both closings
        move the change of the stock value to the stock variation account of
        the product's stock valuation account (or the company's expense
        account), and to the valuation account of a valued location (e.g.
        production). Consumables not valued in stock are expensed on the
        product's expense account when bought. Taking the cost from that
        account leaves the expense where Odoo books it lower by what the
        claims cost account shows, in both valuations.
        """
        self.ensure_one()
        product = self.product_id.with_company(self.company_id)
        accounts = product._get_product_accounts()
        if product.is_storable:
            outside = (
                self.location_dest_id
                if self.location_id._should_be_valued()
                else self.location_id
            )
            account = outside.valuation_account_id or accounts["stock_variation"]
            return account or self.company_id.expense_account_id
        return accounts["expense"] or self.company_id.expense_account_id
