from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from .claim_locks import serialize_on


class ClaimSource(models.AbstractModel):
    """What a customer can claim from an invoice, a delivery or a sales order.

    A claimable unit is a delivered stock move (per lot) when the goods left
    through Odoo's stock, otherwise an invoice line. Claimable quantity is what
    was delivered (done outgoing moves less their done returns) minus what
    claims that are not cancelled already claim on lines that are not rejected.
    The wizard, the portal and the API all use these methods.
    """

    _name = "claim.source"
    _description = "Claimable Document Lines"

    # ------------------------------------------------------------------
    # Moves and invoice lines of a document
    # ------------------------------------------------------------------

    @api.model
    def _is_claimable_product(self, product):
        return product.type == "consu"

    @api.model
    def _delivered_moves(self, moves):
        return moves.filtered(
            lambda m: (
                m.state == "done"
                and m.location_dest_id.usage == "customer"
                and m.location_id.usage != "customer"
                and self._is_claimable_product(m.product_id)
            )
        )

    @api.model
    def _document_units(self, invoice=None, picking=None, order=None):
        """Return (moves, invoice lines without moves) of a document."""
        moves = self.env["stock.move"]
        invoice_lines = self.env["account.move.line"]
        if invoice:
            product_lines = invoice.invoice_line_ids.filtered(
                lambda line: (
                    line.display_type == "product"
                    and self._is_claimable_product(line.product_id)
                )
            )
            for line in product_lines:
                line_moves = self._delivered_moves(line.sale_line_ids.move_ids)
                if line_moves:
                    moves |= line_moves
                else:
                    invoice_lines |= line
        if picking:
            moves |= self._delivered_moves(picking.move_ids)
        if order:
            moves |= self._delivered_moves(order.order_line.move_ids)
        return moves, invoice_lines

    # ------------------------------------------------------------------
    # Quantities
    # ------------------------------------------------------------------

    @api.model
    def _delivered_quantities(self, moves):
        """Delivered quantity per (move id, lot id) and per move id, in the
        product's unit, less the done returns of each move. One query."""
        returns = self.env["stock.move"].search(
            [("origin_returned_move_id", "in", moves.ids), ("state", "=", "done")]
        )
        per_lot = defaultdict(float)
        per_move = defaultdict(float)
        move_lines = self.env["stock.move.line"].search_fetch(
            [("move_id", "in", (moves | returns).ids)],
            ["move_id", "lot_id", "quantity_product_uom"],
        )
        for move_line in move_lines:
            move = move_line.move_id
            sign = 1.0
            if move.origin_returned_move_id and move in returns:
                move, sign = move.origin_returned_move_id, -1.0
            quantity = sign * move_line.quantity_product_uom
            per_lot[move.id, move_line.lot_id.id] += quantity
            per_move[move.id] += quantity
        return per_lot, per_move

    @api.model
    def _claimed_quantities(self, moves=None, invoice_lines=None, exclude_lines=None):
        """Quantities already claimed, from one grouped read per kind of unit.

        Lines of cancelled claims and rejected lines do not count.
        """
        base = [("state", "!=", "cancelled"), ("decision", "!=", "rejected")]
        if exclude_lines:
            base.append(("id", "not in", exclude_lines.ids))
        per_lot, per_move, per_invoice_line = (
            defaultdict(float),
            defaultdict(float),
            defaultdict(float),
        )
        claim_lines = self.env["claim.line"].sudo()
        if moves:
            groups = claim_lines._read_group(
                [*base, ("move_id", "in", moves.ids)],
                ["move_id", "lot_id"],
                ["quantity:sum"],
            )
            for move, lot, quantity in groups:
                per_lot[move.id, lot.id] += quantity
                per_move[move.id] += quantity
        if invoice_lines:
            groups = claim_lines._read_group(
                [
                    *base,
                    ("invoice_line_id", "in", invoice_lines.ids),
                    ("move_id", "=", False),
                ],
                ["invoice_line_id"],
                ["quantity:sum"],
            )
            for invoice_line, quantity in groups:
                per_invoice_line[invoice_line.id] += quantity
        return per_lot, per_move, per_invoice_line

    @api.model
    def _invoiced_quantity(self, invoice_line):
        return invoice_line.product_uom_id._compute_quantity(
            invoice_line.quantity, invoice_line.product_id.uom_id
        )

    # ------------------------------------------------------------------
    # Source lines offered by the wizard and the portal
    # ------------------------------------------------------------------

    @api.model
    def _get_source_lines(self, invoice=None, picking=None, order=None):
        """One dict per claimable product/lot of the document."""
        moves, invoice_lines = self._document_units(invoice, picking, order)
        delivered_lot, delivered_move = self._delivered_quantities(moves)
        claimed_lot, claimed_move, claimed_invoice_line = self._claimed_quantities(
            moves, invoice_lines
        )
        result = []
        for move in moves:
            lot_ids = [lot for (move_id, lot) in delivered_lot if move_id == move.id]
            for lot_id in lot_ids or [False]:
                delivered = delivered_lot.get((move.id, lot_id), 0.0)
                claimable = min(
                    delivered - claimed_lot.get((move.id, lot_id), 0.0),
                    delivered_move[move.id] - claimed_move.get(move.id, 0.0),
                )
                if float_compare(delivered, 0.0, precision_digits=6) <= 0:
                    continue
                values = self._prepare_move_source_line(move, invoice)
                values.update(
                    lot_id=lot_id,
                    delivered_qty=delivered,
                    claimed_qty=claimed_lot.get((move.id, lot_id), 0.0),
                    claimable_qty=max(claimable, 0.0),
                )
                result.append(values)
        for invoice_line in invoice_lines:
            invoiced = self._invoiced_quantity(invoice_line)
            claimed = claimed_invoice_line.get(invoice_line.id, 0.0)
            values = self._prepare_invoice_source_line(invoice_line)
            values.update(
                lot_id=False,
                delivered_qty=invoiced,
                claimed_qty=claimed,
                claimable_qty=max(invoiced - claimed, 0.0),
            )
            result.append(values)
        return result

    @api.model
    def _prepare_move_source_line(self, move, invoice=None):
        sale_line = move.sale_line_id
        invoice_lines = sale_line.invoice_lines.filtered(
            lambda line: (
                line.move_id.state == "posted"
                and line.move_id.move_type == "out_invoice"
            )
        )
        if invoice:
            invoice_lines = invoice_lines.filtered(lambda line: line.move_id == invoice)
        invoice_line = invoice_lines[:1]
        values = {
            "product_id": move.product_id.id,
            "move_id": move.id,
            "sale_line_id": sale_line.id,
            "invoice_line_id": invoice_line.id,
            "uom_id": move.product_id.uom_id.id,
            "delivery_date": fields.Date.to_date(move.date),
            "sale_date": fields.Date.to_date(sale_line.order_id.date_order),
            "invoice_date": invoice_line.move_id.invoice_date,
            "packer_id": move.picking_id.packer_id.id,
        }
        values.update(self._price_values(move.product_id, invoice_line, sale_line))
        return values

    @api.model
    def _prepare_invoice_source_line(self, invoice_line):
        sale_line = invoice_line.sale_line_ids[:1]
        values = {
            "product_id": invoice_line.product_id.id,
            "move_id": False,
            "sale_line_id": sale_line.id,
            "invoice_line_id": invoice_line.id,
            "uom_id": invoice_line.product_id.uom_id.id,
            "delivery_date": invoice_line.move_id.invoice_date,
            "sale_date": fields.Date.to_date(sale_line.order_id.date_order),
            "invoice_date": invoice_line.move_id.invoice_date,
            "packer_id": False,
        }
        values.update(
            self._price_values(invoice_line.product_id, invoice_line, sale_line)
        )
        return values

    @api.model
    def _price_values(self, product, invoice_line, sale_line):
        """Unit price net of discount per product unit, in the document currency
        and converted to the company currency at the document date."""
        if invoice_line and invoice_line.quantity:
            document = invoice_line.move_id
            currency = document.currency_id
            price = invoice_line.price_subtotal / invoice_line.quantity
            price = invoice_line.product_uom_id._compute_price(price, product.uom_id)
            date = document.invoice_date or fields.Date.context_today(self)
            company = document.company_id
        elif sale_line:
            order = sale_line.order_id
            currency = order.currency_id
            price = sale_line.product_uom_id._compute_price(
                sale_line.price_reduce_taxexcl, product.uom_id
            )
            date = fields.Date.to_date(order.date_order)
            company = order.company_id
        else:
            company = self.env.company
            currency = company.currency_id
            price = product.lst_price
            date = fields.Date.context_today(self)
        company_price = currency._convert(price, company.currency_id, company, date)
        return {
            "doc_currency_id": currency.id,
            "doc_price_unit": price,
            "price_unit": company_price,
        }

    # ------------------------------------------------------------------
    # Checks applied to every claim line, however it is created
    # ------------------------------------------------------------------

    @api.model
    def _lock_units(self, moves, invoice_lines):
        """Serialize concurrent claims on the same delivered goods.

        A concurrent transaction claiming the same move or invoice line
        waits, then is retried by Odoo and sees this claim (claim_locks).
        """
        serialize_on(moves)
        serialize_on(invoice_lines)

    @api.model
    def _check_claim_lines(self, lines):
        """Refuse claim lines that claim more than was delivered, or goods of
        another customer, company or product."""
        # sudo: the rule holds whoever creates the claim (portal, API, a claims
        # user without stock or accounting rights) and counts every claim.
        self = self.sudo()
        lines = lines.sudo().filtered(
            lambda line: (
                line.claim_id.state != "cancelled"
                and line.decision != "rejected"
                and (line.move_id or line.invoice_line_id)
            )
        )
        if not lines:
            return
        for line in lines:
            line._check_source_matches()
        moves = lines.move_id
        invoice_lines = lines.filtered(lambda line: not line.move_id).invoice_line_id
        self._lock_units(moves, invoice_lines)
        delivered_lot, delivered_move = self._delivered_quantities(moves)
        claimed_lot, claimed_move, claimed_invoice_line = self._claimed_quantities(
            moves, invoice_lines
        )
        for line in lines:
            rounding = line.product_id.uom_id.rounding
            if line.move_id:
                move = line.move_id
                over = float_compare(
                    claimed_move[move.id],
                    delivered_move[move.id],
                    precision_rounding=rounding,
                ) > 0 or (
                    line.lot_id
                    and float_compare(
                        claimed_lot[move.id, line.lot_id.id],
                        delivered_lot[move.id, line.lot_id.id],
                        precision_rounding=rounding,
                    )
                    > 0
                )
                delivered = (
                    delivered_lot[move.id, line.lot_id.id]
                    if line.lot_id
                    else delivered_move[move.id]
                )
                claimed = (
                    claimed_lot[move.id, line.lot_id.id]
                    if line.lot_id
                    else claimed_move[move.id]
                )
            else:
                delivered = self._invoiced_quantity(line.invoice_line_id)
                claimed = claimed_invoice_line[line.invoice_line_id.id]
                over = (
                    float_compare(claimed, delivered, precision_rounding=rounding) > 0
                )
            if over:
                raise ValidationError(
                    self.env._(
                        "%(product)s: %(claimed)s %(uom)s would be claimed but only "
                        "%(delivered)s %(uom)s were delivered (%(document)s). "
                        "Claimable now: %(claimable)s %(uom)s.",
                        product=line.product_id.display_name,
                        claimed=claimed,
                        delivered=delivered,
                        uom=line.product_id.uom_id.name,
                        document=line.move_id.picking_id.name
                        or line.invoice_line_id.move_id.name,
                        claimable=max(delivered - (claimed - line.quantity), 0.0),
                    )
                )
