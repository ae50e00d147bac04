from collections import defaultdict
from contextlib import contextmanager

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import float_compare

from .claim_locks import serialize_on

# Claim line fields naming the document line the goods come from.
SOURCE_LINK_FIELDS = ("move_id", "sale_line_id", "invoice_line_id")
# Pickings that bring goods to customers: our deliveries and the vendors'
# direct deliveries (dropship, cross-dock).
CLAIMABLE_PICKING_TYPES = ("outgoing", "dropship")
# Claim line fields the intake fills from the document line when the caller
# gives none. A value given must be the document's (a given delivery date is
# kept: the customer may have received the goods after they left).
FILLED_LINE_FIELDS = (
    "product_id",
    *SOURCE_LINK_FIELDS,
    "lot_id",
    "uom_id",
    "delivery_date",
    "price_unit",
    "doc_price_unit",
    "doc_currency_id",
)

# Key of the cursor's cache holding the source lines computed during one
# intake (see ``keep_source_lines``).
SOURCE_LINES_MEMO = "claim_management.source_lines"


@contextmanager
def keep_source_lines(env):
    """Within the block, the delivered and claimed quantities of the source
    lines of a document are computed once: one intake reads them to check
    what is claimed, to build the claim's lines and to complete them. Any change of claim lines forgets them
    (``forget_source_lines``); the final quantity check under a lock never
    uses them. Kept on the cursor, out of reach of callers' contexts."""
    cache = env.cr.cache
    if SOURCE_LINES_MEMO in cache:  # an outer block keeps them already
        yield
        return
    cache[SOURCE_LINES_MEMO] = {}
    try:
        yield
    finally:
        cache.pop(SOURCE_LINES_MEMO, None)


def forget_source_lines(env):
    """Claimed quantities change: forget the source lines kept."""
    memo = env.cr.cache.get(SOURCE_LINES_MEMO)
    if memo:
        memo.clear()


class ClaimSource(models.AbstractModel):
    """What a customer can claim from an invoice, a delivery or a sales order.

    A claimable unit is a delivered stock move (per lot) when the goods left
    through Odoo's stock, otherwise an invoice line. Claimable quantity is what
    was delivered (done outgoing moves less their done returns) minus what
    claims that are not cancelled already claim on lines that are not rejected.
    The wizard, the portal and the API all use these methods.

    It is also the one intake service: whatever the channel (New Claim
    wizard, portal, public form, e-mail, API, import), a claim given a
    document gets its related documents, customer and company
    (``_complete_claim_vals``), and each of its lines, given a document line
    or only a product, gets its source lines, lot, unit, delivery date and
    prices from that document (``_complete_claim_lines``).
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
    def _unit_quantities(self, moves, invoice_lines):
        """(delivered, claimed) quantities of the units of source lines; kept
        within a ``keep_source_lines`` block."""
        memo = self.env.cr.cache.get(SOURCE_LINES_MEMO)
        key = (
            self.env.uid,
            self.env.su,
            "units",
            tuple(moves.ids),
            tuple(invoice_lines.ids),
        )
        if memo is not None and key in memo:
            return memo[key]
        quantities = (
            self._delivered_quantities(moves),
            self._claimed_quantities(moves, invoice_lines),
        )
        if memo is not None:
            memo[key] = quantities
        return quantities

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
        """One dict per claimable product/lot of the document (kept within a
        ``keep_source_lines`` block; each call gets its own dicts)."""
        memo = self.env.cr.cache.get(SOURCE_LINES_MEMO)
        if memo is None:
            return self._compute_source_lines(invoice, picking, order)
        key = (
            self.env.uid,
            self.env.su,
            "lines",
            invoice.id if invoice else 0,
            picking.id if picking else 0,
            order.id if order else 0,
        )
        if key not in memo:
            memo[key] = self._compute_source_lines(invoice, picking, order)
        return [dict(values) for values in memo[key]]

    @api.model
    def _compute_source_lines(self, invoice=None, picking=None, order=None):
        moves, invoice_lines = self._document_units(invoice, picking, order)
        (
            (delivered_lot, delivered_move),
            (claimed_lot, claimed_move, claimed_invoice_line),
        ) = self._unit_quantities(moves, invoice_lines)
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

    # ------------------------------------------------------------------
    # Intake: a document and its lines turned into a complete claim
    # ------------------------------------------------------------------

    # ------------------------------------------------------------------
    # Which documents can be claimed: the one rule of every channel
    # ------------------------------------------------------------------

    @api.model
    def _claimable_domain(self, model):
        """Documents of ``model`` a claim may start from: posted customer
        invoices, done deliveries (ours or a vendor's dropship), confirmed
        sales orders."""
        if model == "account.move":
            return Domain("move_type", "=", "out_invoice") & Domain(
                "state", "=", "posted"
            )
        if model == "stock.picking":
            return Domain("picking_type_code", "in", CLAIMABLE_PICKING_TYPES) & Domain(
                "state", "=", "done"
            )
        if model == "sale.order":
            return Domain("state", "=", "sale")
        raise ValidationError(
            self.env._("Claims start from invoices, deliveries or sales orders.")
        )

    @api.model
    def _claimable(self, documents):
        """The records of ``documents`` that can be claimed (see above)."""
        if not documents:
            return documents
        return documents.filtered_domain(self._claimable_domain(documents._name))

    @api.model
    def _check_claimable(self, *documents):
        """Refuse documents that cannot be claimed, naming what they must be."""
        expected = {
            "account.move": self.env._("%(doc)s is not a posted customer invoice."),
            "stock.picking": self.env._("%(doc)s is not a done delivery."),
            "sale.order": self.env._("%(doc)s is not a confirmed sales order."),
        }
        problems = [
            expected[document._name] % {"doc": document.display_name}
            for records in documents
            if records
            for document in records - self._claimable(records)
        ]
        if problems:
            raise ValidationError("\n".join(problems))

    @api.model
    def _related_documents(self, invoice, picking, order):
        """Fill the documents that are known from the one the claim starts from."""
        if invoice:
            order = order or invoice.line_ids.sale_line_ids.order_id[:1]
        if picking:
            order = order or picking.sale_id
        if order:
            posted = self._claimable(order.invoice_ids)
            invoice = invoice or (posted[:1] if len(posted) == 1 else invoice)
            deliveries = self._claimable(order.picking_ids)
            picking = picking or (deliveries if len(deliveries) == 1 else picking)
        return invoice, picking, order

    @api.model
    def _document_customer(self, document):
        """The customer (address) of a claimable document; empty for none."""
        if document and document._name == "stock.picking":
            return document._claim_customer_address()
        return document.partner_id if document else self.env["res.partner"]

    @api.model
    def _prepare_claim_document_vals(self, invoice=None, picking=None, order=None):
        """Documents, customer and company of a claim about a document."""
        document = invoice or picking or order
        invoice, picking, order = self._related_documents(invoice, picking, order)
        return {
            "invoice_id": invoice.id if invoice else False,
            "picking_id": picking.id if picking else False,
            "sale_order_id": order.id if order else False,
            "partner_id": self._document_customer(document).id,
            "company_id": document.company_id.id,
        }

    @api.model
    def _complete_claim_vals(self, vals):
        """``vals`` of a new claim with its empty documents, customer and
        company filled from the document it is about. Given values are kept:
        the claim's constraint checks them (``_check_documents``)."""
        # sudo: claims, portal and API users may lack stock or accounting
        # rights; only ids of the given document's relatives are added.
        self = self.sudo()
        documents = [
            self.env[model].browse(vals.get(name) or [])
            for model, name in (
                ("account.move", "invoice_id"),
                ("stock.picking", "picking_id"),
                ("sale.order", "sale_order_id"),
            )
        ]
        if not any(documents):
            return vals
        found = self._prepare_claim_document_vals(*documents)
        return {
            **vals,
            **{name: value for name, value in found.items() if not vals.get(name)},
        }

    @api.model
    def _complete_claim_lines(self, vals_list):
        """Claim line values completed from the claim's documents (or, on a
        claim without documents, from the document line given).

        A line gives a move, a sales order line, an invoice line or only a
        product (and maybe a lot); it gets the claimable unit of the
        document that matches, and the fields of FILLED_LINE_FIELDS it lacks.
        Lines of claims without documents and without a document line are
        left as they are (blank claims). Quantities are checked by the
        lines' constraint (``_check_claim_lines``).
        """
        # sudo: the callers may lack stock or accounting rights; the values
        # come from the claim's own documents and the lines given.
        self = self.sudo()
        vals_list = [dict(vals) for vals in vals_list]
        by_claim = defaultdict(list)
        for vals in vals_list:
            by_claim[vals.get("claim_id")].append(vals)
        for claim_id, claim_vals_list in by_claim.items():
            claim = self.env["claim.claim"].browse(claim_id or [])
            self._complete_lines_of_claim(claim, claim_vals_list)
        return vals_list

    @api.model
    def _complete_lines_of_claim(self, claim, vals_list):
        documents = (claim.invoice_id, claim.picking_id, claim.sale_order_id)
        claim_sources = None
        if any(documents):
            # documents of another customer say so before their lines do
            claim._check_documents()
            claim_sources = self._get_source_lines(*documents)
        assigned = defaultdict(float)
        for vals in vals_list:
            sources = claim_sources
            if sources is None:
                if not any(vals.get(name) for name in SOURCE_LINK_FIELDS):
                    continue
                sources = self._get_source_lines(*self._given_documents(vals))
            source = self._find_source_line(claim, vals, sources, assigned)
            self._check_given_values(claim, vals, source)
            vals.update(self._filled_line_values(vals, source))

    @api.model
    def _filled_line_values(self, vals, source):
        """Fields of FILLED_LINE_FIELDS ``vals`` lacks, from ``source``."""
        names = [name for name in FILLED_LINE_FIELDS if not vals.get(name)]
        if vals.get("price_unit") and not (
            source["invoice_line_id"] or source["sale_line_id"]
        ):
            # a price given for goods no document prices: no document price
            names = [n for n in names if n not in ("doc_price_unit", "doc_currency_id")]
        return {name: source[name] or False for name in names}

    @api.model
    def _given_documents(self, vals):
        """(invoice, delivery, sales order) of the document lines in ``vals``."""
        move = self.env["stock.move"].browse(vals.get("move_id") or [])
        invoice_line = self.env["account.move.line"].browse(
            vals.get("invoice_line_id") or []
        )
        sale_line = self.env["sale.order.line"].browse(vals.get("sale_line_id") or [])
        return invoice_line.move_id, move.picking_id, sale_line.order_id

    @api.model
    def _find_source_line(self, claim, vals, sources, assigned):
        """The source line (see ``_get_source_lines``) of ``vals``: the one
        matching the product, document lines and lot given. Among several
        units, the first with enough claimable quantity left (``assigned``:
        quantity already given to lines of this batch, per unit); the lot
        only when one lot matches."""
        matches = [
            source
            for source in sources
            if all(
                not vals.get(name) or source[name] == vals[name]
                for name in ("product_id", *SOURCE_LINK_FIELDS, "lot_id")
            )
        ]
        if not matches:
            self._raise_no_source_line(claim, vals)
        return self._choose_source_line(matches, vals.get("quantity", 1.0), assigned)

    @api.model
    def _choose_source_line(self, matches, quantity, assigned):
        units = defaultdict(list)
        for source in matches:
            units[source["move_id"] or f"i{source['invoice_line_id']}"].append(source)

        def left(unit):
            return sum(s["claimable_qty"] for s in units[unit]) - assigned[unit]

        unit = next(
            (
                u
                for u in units
                if float_compare(left(u), quantity, precision_digits=6) >= 0
            ),
            max(units, key=left),
        )
        assigned[unit] += quantity
        source = dict(units[unit][0])
        if len(units[unit]) > 1:
            source["lot_id"] = False
        return source

    @api.model
    def _raise_no_source_line(self, claim, vals):
        """Say why no line of the claim's documents matches ``vals``."""
        given = (
            self.env["stock.move"].browse(vals.get("move_id") or [])
            or self.env["account.move.line"].browse(vals.get("invoice_line_id") or [])
            or self.env["sale.order.line"].browse(vals.get("sale_line_id") or [])
        )
        product = (
            self.env["product.product"].browse(vals.get("product_id") or [])
            or given.product_id
        )
        lot = self.env["stock.lot"].browse(vals.get("lot_id") or [])
        raise ValidationError(self._no_source_line_message(claim, given, product, lot))

    @api.model
    def _no_source_line_message(self, claim, given, product, lot):
        values = {
            "product": product.display_name,
            "document": claim.source_document
            or self._source_document(given).display_name,
            "lot": lot.name,
            "other": given.product_id.display_name,
        }
        if given and given.product_id != product:
            message = self.env._(
                "%(product)s is not a delivered or invoiced product of "
                "%(document)s: the document line given is a line of another "
                "product (%(other)s).",
                **values,
            )
        elif given and claim and self._belongs_elsewhere(claim, given):
            message = self.env._(
                "%(product)s: the document line given belongs to another customer "
                "or company.",
                **values,
            )
        elif lot and lot.product_id != product:
            message = self.env._(
                "%(product)s: lot %(lot)s is a lot of another product.", **values
            )
        elif lot:
            message = self.env._(
                "%(product)s: lot %(lot)s was not delivered on %(document)s.",
                **values,
            )
        else:
            message = self.env._(
                "%(product)s is not a delivered or invoiced product of %(document)s.",
                **values,
            )
        return message

    @api.model
    def _source_document(self, given):
        """The document of a move, invoice line or sales order line."""
        if given._name == "stock.move":
            return given.picking_id
        if given._name == "account.move.line":
            return given.move_id
        return given.order_id

    @api.model
    def _belongs_elsewhere(self, claim, given):
        document = self._source_document(given)
        partner = self._document_customer(document) or given.partner_id
        return (
            partner.commercial_partner_id != claim.commercial_partner_id
            or given.company_id != claim.company_id
        )

    @api.model
    def _check_given_values(self, claim, vals, source):
        """A value the caller gave is never replaced: it must be the
        document's (unit, currency and prices). Goods delivered without a
        sales order or invoice have no price on a document: a price given
        is kept, the product's sales price fills a missing one."""
        product = self.env["product.product"].browse(source["product_id"])
        company = claim.company_id or self.env.company
        doc_currency = self.env["res.currency"].browse(source["doc_currency_id"])
        differs = [
            name
            for name in ("uom_id", "doc_currency_id")
            if vals.get(name) and vals[name] != source[name]
        ]
        if source["invoice_line_id"] or source["sale_line_id"]:
            differs += [
                name
                for name, currency in (
                    ("price_unit", company.currency_id),
                    ("doc_price_unit", doc_currency),
                )
                if vals.get(name) and currency.compare_amounts(vals[name], source[name])
            ]
        if differs:
            line = self.env["claim.line"]
            raise ValidationError(
                self.env._(
                    "%(product)s: the %(fields)s given do not match the document "
                    "line (%(price)s %(currency)s per %(uom)s).",
                    product=product.display_name,
                    fields=", ".join(
                        line._fields[name]._description_string(self.env)
                        for name in differs
                    ),
                    price=doc_currency.round(source["doc_price_unit"]),
                    currency=doc_currency.name,
                    uom=product.uom_id.name,
                )
            )
