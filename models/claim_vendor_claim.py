from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .claim_link_guard import as_workflow
from .claim_state import is_workflow

VENDOR_STATES = [
    ("draft", "Draft"),
    ("sent", "Sent to Vendor"),
    ("accepted", "Accepted"),
    ("partial", "Partially Accepted"),
    ("refused", "Refused"),
    ("settled", "Settled"),
    ("cancel", "Cancelled"),
]
# Which state each action may leave: the only way the state changes.
VENDOR_TRANSITIONS = {
    "send": ("draft",),
    "decide": ("sent",),
    "settle": ("accepted", "partial", "refused"),
    "cancel": ("draft", "sent"),
    "draft": ("cancel",),
}
# States in which the vendor's accepted goods may be returned, credited or
# replaced.
RECOVERY_STATES = ("sent", "accepted", "partial")


class ClaimVendorClaim(models.Model):
    """A claim we make to a vendor for goods it supplied: damaged or missing
    on arrival, or claimed by our customers."""

    _name = "claim.vendor.claim"
    _description = "Vendor Claim"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "claim.workflow.mixin",
        "claim.group.format.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", readonly=True, copy=False, default="/", index="trigram"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Vendor",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        domain=[("share", "=", False)],
    )
    vendor_reference = fields.Char(tracking=True)
    note = fields.Html()
    state = fields.Selection(
        VENDOR_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    date_sent = fields.Date(readonly=True, copy=False)
    line_ids = fields.One2many(
        "claim.vendor.claim.line", "vendor_claim_id", string="Lines", copy=False
    )
    picking_ids = fields.One2many(
        "stock.picking", "vendor_claim_id", string="Transfers", readonly=True
    )
    refund_ids = fields.One2many(
        "account.move", "vendor_claim_id", string="Vendor Credit Notes", readonly=True
    )
    claim_ids = fields.Many2many(
        "claim.claim",
        string="Customer Claims",
        compute="_compute_claim_ids",
        compute_sudo=True,
    )
    claim_count = fields.Integer(compute="_compute_claim_ids", compute_sudo=True)
    picking_count = fields.Integer(compute="_compute_counts", compute_sudo=True)
    refund_count = fields.Integer(compute="_compute_counts", compute_sudo=True)
    amount_claimed = fields.Monetary(
        compute="_compute_amounts", store=True, readonly=True
    )
    amount_recovered = fields.Monetary(
        compute="_compute_amounts",
        store=True,
        readonly=True,
        help="Posted vendor credit notes and the value of the replacement goods "
        "received.",
    )
    amount_customer_cost = fields.Monetary(
        string="Our Cost",
        compute="_compute_amounts",
        store=True,
        readonly=True,
        help="What the customer claims of these goods cost us: credit notes, "
        "replacements and repairs.",
    )
    amount_balance = fields.Monetary(
        string="Recovery Balance",
        compute="_compute_amounts",
        store=True,
        readonly=True,
        help="Recovered amount minus our cost.",
    )
    can_return = fields.Boolean(compute="_compute_can")
    can_refund = fields.Boolean(compute="_compute_can")
    can_replace = fields.Boolean(compute="_compute_can")

    @api.depends("line_ids.claim_line_id")
    def _compute_claim_ids(self):
        for vendor_claim in self:
            claims = vendor_claim.line_ids.claim_line_id.claim_id
            vendor_claim.claim_ids = claims
            vendor_claim.claim_count = len(claims)

    @api.depends("picking_ids", "refund_ids")
    def _compute_counts(self):
        for vendor_claim in self:
            vendor_claim.picking_count = len(vendor_claim.picking_ids)
            vendor_claim.refund_count = len(vendor_claim.refund_ids)

    @api.depends(
        "line_ids.amount",
        "line_ids.amount_recovered",
        "line_ids.amount_customer_cost",
    )
    def _compute_amounts(self):
        for vendor_claim in self:
            lines = vendor_claim.line_ids
            vendor_claim.amount_claimed = sum(lines.mapped("amount"))
            vendor_claim.amount_recovered = sum(lines.mapped("amount_recovered"))
            vendor_claim.amount_customer_cost = sum(
                lines.mapped("amount_customer_cost")
            )
            vendor_claim.amount_balance = (
                vendor_claim.amount_recovered - vendor_claim.amount_customer_cost
            )

    @api.depends(
        "state",
        "line_ids.qty_to_return",
        "line_ids.qty_to_recover",
    )
    def _compute_can(self):
        for vendor_claim in self:
            open_ = vendor_claim.state in RECOVERY_STATES
            lines = vendor_claim.line_ids
            vendor_claim.can_return = open_ and any(
                line.qty_to_return > 0 for line in lines
            )
            recover = vendor_claim.state in ("accepted", "partial") and any(
                line.qty_to_recover > 0 for line in lines
            )
            vendor_claim.can_refund = recover
            vendor_claim.can_replace = recover

    # ------------------------------------------------------------------
    # CRUD: the state and the figures are the actions' own
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not is_workflow(self.env):
            for vals in vals_list:
                self._refuse_owned_fields(
                    self._workflow_owned_fields().intersection(vals) - {"name"}
                )
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .next_by_code("claim.vendor.claim")
                    or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        if not is_workflow(self.env):
            self._refuse_owned_fields(self._workflow_owned_fields().intersection(vals))
            self._refuse_fixed_fields(
                vals,
                {"partner_id", "company_id"},
                ("draft",),
                self.env._(
                    "The vendor and the company of a vendor claim can only "
                    "be changed while it is a draft."
                ),
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft(self):
        if any(vendor_claim.state != "draft" for vendor_claim in self):
            raise UserError(self.env._("Only draft vendor claims can be deleted."))

    # ------------------------------------------------------------------
    # State flow
    # ------------------------------------------------------------------

    def _check_transition(self, action):
        allowed = VENDOR_TRANSITIONS[action]
        for vendor_claim in self:
            if vendor_claim.state not in allowed:
                raise UserError(
                    self.env._(
                        "Vendor claim %(name)s cannot do this in the state %(state)s.",
                        name=vendor_claim.name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[vendor_claim.state],
                    )
                )

    def action_send(self):
        """The claim goes to the vendor: its lines are frozen."""
        self._check_transition("send")
        for vendor_claim in self:
            if not vendor_claim.line_ids:
                raise UserError(
                    self.env._(
                        "Vendor claim %(name)s has no lines to send.",
                        name=vendor_claim.name,
                    )
                )
        self._workflow().write(
            {"state": "sent", "date_sent": fields.Date.context_today(self)}
        )
        return True

    def action_record_decision(self):
        """The vendor answered every line: accepted, partially accepted or
        refused, from the lines' decisions."""
        self._check_transition("decide")
        for vendor_claim in self:
            lines = vendor_claim.line_ids
            if any(not line.vendor_decision for line in lines):
                raise UserError(
                    self.env._(
                        "Record the vendor's decision on every line of %(name)s first.",
                        name=vendor_claim.name,
                    )
                )
            accepted = sum(lines.mapped("quantity_accepted"))
            if not accepted:
                state = "refused"
            elif all(line.quantity_accepted >= line.quantity for line in lines):
                state = "accepted"
            else:
                state = "partial"
            vendor_claim._workflow().write({"state": state})
        return True

    def action_settle(self):
        self._check_transition("settle")
        self._workflow().write({"state": "settled"})
        return True

    def action_cancel(self):
        self._check_transition("cancel")
        if self.picking_ids.filtered(lambda p: p.state != "cancel") or (
            self.refund_ids.filtered(lambda m: m.state != "cancel")
        ):
            raise UserError(
                self.env._(
                    "Cancel the returns, receipts and credit notes of the vendor "
                    "claim first."
                )
            )
        self._workflow().write({"state": "cancel"})
        return True

    def action_draft(self):
        self._check_transition("draft")
        self._workflow().write({"state": "draft", "date_sent": False})
        return True

    # ------------------------------------------------------------------
    # Recovery documents
    # ------------------------------------------------------------------

    def _check_recovery(self, allowed, message):
        for vendor_claim in self:
            if vendor_claim.state not in allowed:
                raise UserError(message)

    def _check_vendor_accepted(self):
        """Credit notes and replacements follow the vendor's acceptance."""
        self._check_recovery(
            ("accepted", "partial"),
            self.env._(
                "Vendor credit notes and replacements are made for what the "
                "vendor accepted: record its decision first."
            ),
        )

    def action_return_to_vendor(self):
        """Return the claimed goods not returned yet to the vendor: through
        Odoo's return wizard on the receipt they came with, else an outgoing
        transfer; from where the goods are: the location the customer's
        goods came back to (the claims location), else stock."""
        self._check_recovery(
            RECOVERY_STATES,
            self.env._("Goods are returned once the vendor claim is sent."),
        )
        self._lock_rows()
        pickings = self.env["stock.picking"]
        for vendor_claim in self:
            lines = vendor_claim.line_ids.filtered(lambda line: line.qty_to_return > 0)
            if not lines:
                continue
            # sudo: purchase users return goods for the warehouse to ship;
            # they need no stock rights for that.
            vendor_sudo = vendor_claim.sudo().with_company(vendor_claim.company_id)
            new = vendor_sudo._create_vendor_returns(lines.sudo())
            vendor_claim._log_documents(self.env._("Return to the vendor:"), new)
            pickings |= new
        if not pickings:
            raise UserError(self.env._("There is nothing left to return."))
        return self._action_open(pickings.with_env(self.env), "stock.picking")

    def _lock_rows(self):
        self.lock_for_update()
        self.invalidate_recordset()
        self.line_ids.invalidate_recordset()
        return self

    def _create_vendor_returns(self, lines):
        self.ensure_one()
        pickings = self.env["stock.picking"]
        by_receipt = defaultdict(lambda: self.env["claim.vendor.claim.line"])
        for line in lines:
            by_receipt[line.move_id.picking_id, line._goods_location()] |= line
        for (receipt, location), receipt_lines in by_receipt.items():
            if receipt:
                picking = self._return_receipt(receipt, receipt_lines, location)
            else:
                picking = self._create_vendor_transfer(
                    receipt_lines, "return", location=location
                )
            picking.move_ids._vendor_claim_set_lots()
            pickings |= picking
        return pickings

    def _return_receipt(self, receipt, lines, location=None):
        wizard = (
            as_workflow(self.env["stock.return.picking"])
            .with_context(active_model="stock.picking", active_id=receipt.id)
            .create(
                {
                    "picking_id": receipt.id,
                    "claim_source_location_id": location.id if location else False,
                }
            )
        )
        wizard.product_return_moves = [Command.clear()] + [
            Command.create(
                {
                    "product_id": line.product_id.id,
                    "move_id": line.move_id.id,
                    "quantity": line.uom_id._compute_quantity(
                        line.qty_to_return, line.move_id.product_uom
                    ),
                    "vendor_claim_line_id": line.id,
                }
            )
            for line in lines
        ]
        picking = as_workflow(wizard)._create_return()
        as_workflow(picking).write({"vendor_claim_id": self.id, "origin": self.name})
        return picking

    def _create_vendor_transfer(self, lines, kind, location=None):
        """An outgoing transfer (``kind`` "return") of ``lines`` from
        ``location`` (default: stock) to the vendor, or an incoming one
        ("replacement") from the vendor."""
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)], limit=1
        )
        vendor_location = self.partner_id.property_stock_supplier
        if kind == "return":
            picking_type = warehouse.out_type_id
            source, destination = location or warehouse.lot_stock_id, vendor_location
            qty_field = "qty_to_return"
        else:
            picking_type = warehouse.in_type_id
            source, destination = vendor_location, warehouse.lot_stock_id
            qty_field = "qty_to_recover"
        picking = as_workflow(self.env["stock.picking"]).create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": self.partner_id.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "origin": self.name,
                "vendor_claim_id": self.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "product_uom_qty": line[qty_field],
                            "product_uom": line.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                            "vendor_claim_line_id": line.id,
                            "vendor_claim_move_kind": kind,
                            "price_unit": line.price_unit,
                        }
                    )
                    for line in lines
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        return picking

    def action_create_refund(self):
        """A draft vendor credit note (in_refund) for the accepted quantity
        not yet credited nor replaced, at the purchase price, reversing the
        vendor bill when there is one. Accountants post it."""
        self._check_vendor_accepted()
        self._lock_rows()
        refunds = self.env["account.move"]
        for vendor_claim in self:
            lines = vendor_claim.line_ids.filtered(lambda line: line.qty_to_recover > 0)
            if not lines:
                continue
            # sudo: purchase users prepare vendor credit notes; accountants
            # post them (Odoo's rights on posting stay theirs).
            refund = (
                self.env["account.move"]
                .sudo()
                .with_company(vendor_claim.company_id)
                .create(vendor_claim._prepare_refund_vals(lines))
            )
            vendor_claim._log_documents(self.env._("Vendor credit note:"), refund)
            refunds |= refund
        if not refunds:
            raise UserError(self.env._("There is nothing left to credit."))
        return self._action_open(refunds.with_env(self.env), "account.move")

    def _prepare_refund_vals(self, lines):
        self.ensure_one()
        bills = lines.purchase_line_id.invoice_lines.move_id.filtered(
            lambda move: move.move_type == "in_invoice" and move.state == "posted"
        )
        return {
            "move_type": "in_refund",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "invoice_date": fields.Date.context_today(self),
            "ref": self.vendor_reference or self.name,
            "invoice_origin": self.name,
            "reversed_entry_id": bills[:1].id,
            "vendor_claim_id": self.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": line.product_id.id,
                        "name": f"{self.name}: {line.product_id.display_name}",
                        "quantity": line.qty_to_recover,
                        "product_uom_id": line.uom_id.id,
                        "price_unit": line.price_unit,
                        "vendor_claim_line_id": line.id,
                    }
                )
                for line in lines
            ],
        }

    def action_create_replacement(self):
        """A receipt of replacement goods from the vendor for the accepted
        quantity not yet credited nor replaced."""
        self._check_vendor_accepted()
        self._lock_rows()
        pickings = self.env["stock.picking"]
        for vendor_claim in self:
            lines = vendor_claim.line_ids.filtered(lambda line: line.qty_to_recover > 0)
            if not lines:
                continue
            # sudo: purchase users announce replacement receipts for the
            # warehouse to receive.
            vendor_sudo = vendor_claim.sudo().with_company(vendor_claim.company_id)
            picking = vendor_sudo._create_vendor_transfer(lines.sudo(), "replacement")
            vendor_claim._log_documents(self.env._("Replacement receipt:"), picking)
            pickings |= picking
        if not pickings:
            raise UserError(self.env._("There is nothing left to replace."))
        return self._action_open(pickings.with_env(self.env), "stock.picking")

    def _log_documents(self, label, documents):
        self.message_post(
            body=Markup("%s %s")
            % (label, Markup(", ").join(doc._get_html_link() for doc in documents)),
            subtype_xmlid="mail.mt_note",
        )

    # ------------------------------------------------------------------
    # Intake: from customer claims' accepted lines or from a receipt
    # ------------------------------------------------------------------

    @api.model
    def _wizard_requests(self, picking=None, claims=None):
        """Values of the wizard's lines: the goods of ``picking`` (a done
        receipt) or the accepted lines of ``claims``, with their vendor and
        purchase price, for the quantity not claimed yet."""
        if picking:
            picking.check_access("read")
            self._check_receipt(picking)
            moves = picking.move_ids.filtered(
                lambda m: m.state == "done" and m.purchase_line_id
            )
            return self._receipt_move_requests(moves)
        claims.check_access("read")
        # sudo: purchase data of the goods, read for claims operators
        lines = claims.line_ids.sudo().filtered(
            lambda line: line.quantity_accepted > 0 and line.product_id.is_storable
        )
        claimed = self._claimed_quantities(claim_lines=lines)
        Line = self.env["claim.vendor.claim.line"]
        receipt_moves = {}
        for company in lines.company_id:
            company_lots = lines.filtered(
                lambda line, company=company: line.company_id == company
            ).lot_id
            receipt_moves.update(Line._find_receipt_moves(company_lots, company))
        requests = []
        for line in lines:
            quantity = line.quantity_accepted - claimed.get(line.id, 0.0)
            if quantity <= 0:
                continue
            source = Line._source_vals(
                line.product_id,
                line.company_id,
                move=self._dropship_move(line)
                or receipt_moves.get(line.lot_id, self.env["stock.move"]),
                quantity=quantity,
            )
            requests.append(
                {
                    "product_id": line.product_id.id,
                    "lot_id": line.lot_id.id,
                    "quantity": quantity,
                    "max_quantity": quantity,
                    "uom_id": line.uom_id.id,
                    "reason": "defective",
                    "partner_id": source["partner_id"],
                    "price_unit": source["price_unit"],
                    "claim_line_id": line.id,
                }
            )
        if not requests:
            raise UserError(
                self.env._(
                    "These claims have no accepted goods left to claim from a vendor."
                )
            )
        return requests

    @api.model
    def _dropship_move(self, claim_line):
        """The vendor's direct delivery (dropship) of a customer claim line:
        its move carries the purchase line, so the vendor and the price are
        known without a receipt."""
        move = claim_line.sudo().move_id
        if move.purchase_line_id and move.picking_type_id.code == "dropship":
            return move
        return self.env["stock.move"]

    @api.model
    def _check_receipt(self, picking):
        if picking.picking_type_code != "incoming" or picking.state != "done":
            raise UserError(
                self.env._(
                    "Vendor claims are made from done receipts; %(name)s is not one.",
                    name=picking.display_name,
                )
            )

    @api.model
    def _receipt_move_requests(self, moves):
        """One request per lot of the receipt ``moves`` (or one per move)."""
        claimed = self._claimed_quantities(moves=moves)
        requests = []
        for move in moves:
            requests += self._receipt_move_lot_requests(move, claimed)
        return requests

    @api.model
    def _receipt_move_lot_requests(self, move, claimed):
        source = self.env["claim.vendor.claim.line"]._source_vals(
            move.product_id, move.company_id, move=move
        )
        parts = [
            (move_line.lot_id, move_line.quantity)
            for move_line in move.move_line_ids
            if move_line.lot_id
        ] or [(self.env["stock.lot"], move.quantity)]
        requests = []
        for lot, quantity in parts:
            quantity -= claimed.get((move.id, lot.id), 0.0)
            if quantity > 0:
                requests.append(
                    {
                        "product_id": move.product_id.id,
                        "lot_id": lot.id,
                        "quantity": 0.0,
                        "max_quantity": quantity,
                        "uom_id": move.product_uom.id,
                        "reason": "damaged",
                        "partner_id": source["partner_id"],
                        "price_unit": source["price_unit"],
                        "move_id": move.id,
                    }
                )
        return requests

    @api.model
    def _claimed_quantities(self, claim_lines=None, moves=None):
        """Quantities already on vendor claims that are not cancelled: by
        customer claim line id, or by (receipt move id, lot id)."""
        Line = self.env["claim.vendor.claim.line"].sudo()
        if claim_lines is not None:
            groups = Line._read_group(
                [("claim_line_id", "in", claim_lines.ids), ("state", "!=", "cancel")],
                ["claim_line_id"],
                ["quantity:sum"],
            )
            return {line.id: quantity for line, quantity in groups}
        groups = Line._read_group(
            [
                ("move_id", "in", moves.ids),
                ("claim_line_id", "=", False),
                ("state", "!=", "cancel"),
            ],
            ["move_id", "lot_id"],
            ["quantity:sum"],
        )
        return {(move.id, lot.id): quantity for move, lot, quantity in groups}

    @api.model
    def _create_from_requests(self, requests):
        """Vendor claims, one per vendor and company, from ``requests``
        (dicts of the wizard's lines: ids and quantities, checked here again
        against their customer claim line or receipt move)."""
        by_vendor = {}
        for request in requests:
            vals = self._checked_line_vals(request)
            company = vals.pop("company_id")
            key = (vals["partner_id"], company)
            by_vendor.setdefault(key, []).append(vals)
        vendor_claims = self.browse()
        for (partner_id, company_id), lines_vals in by_vendor.items():
            for vals in lines_vals:
                vals.pop("partner_id")
            vendor_claims |= self._workflow().create(
                {
                    "partner_id": partner_id,
                    "company_id": company_id,
                    "line_ids": [Command.create(vals) for vals in lines_vals],
                }
            )
        for vendor_claim in vendor_claims:
            vendor_claim.message_post(
                body=self.env._("Vendor claim created."), subtype_xmlid="mail.mt_note"
            )
            # sudo: purchase users tell the customer claims (read-only to
            # them) that their goods are claimed from the vendor.
            for claim in vendor_claim.line_ids.claim_line_id.claim_id.sudo():
                claim._log_documents(self.env._("Vendor claim:"), vendor_claim)
        return vendor_claims.with_env(self.env)

    @api.model
    def _checked_line_vals(self, request):
        Line = self.env["claim.vendor.claim.line"]
        quantity = request.get("quantity") or 0.0
        if request.get("claim_line_id"):
            claim_line = self.env["claim.line"].browse(request["claim_line_id"])
            claim_line.check_access("read")
            claim_line = claim_line.sudo()
            available = claim_line.quantity_accepted - self._claimed_quantities(
                claim_lines=claim_line
            ).get(claim_line.id, 0.0)
            product, lot = claim_line.product_id, claim_line.lot_id
            company, uom = claim_line.company_id, claim_line.uom_id
            source = Line._source_vals(
                product,
                company,
                lot=lot,
                move=self._dropship_move(claim_line) or None,
                quantity=quantity,
            )
            links = {"claim_line_id": claim_line.id}
        elif request.get("move_id"):
            move = self.env["stock.move"].browse(request["move_id"])
            move.check_access("read")
            move = move.sudo()
            self._check_receipt(move.picking_id)
            lot = self.env["stock.lot"].browse(request.get("lot_id") or [])
            parts = {
                r["lot_id"]: r["max_quantity"]
                for r in self._receipt_move_requests(move)
            }
            available = parts.get(lot.id, 0.0) if move.purchase_line_id else 0.0
            product, company, uom = move.product_id, move.company_id, move.product_uom
            source = Line._source_vals(product, company, move=move)
            links = {}
        else:
            raise UserError(
                self.env._(
                    "Vendor claims are made from customer claims or from receipts."
                )
            )
        if quantity <= 0 or quantity > available + 1e-9:
            raise UserError(
                self.env._(
                    "%(product)s: at most %(available)s can be claimed from the "
                    "vendor.",
                    product=product.display_name,
                    available=max(available, 0.0),
                )
            )
        partner = self.env["res.partner"].browse(
            request.get("partner_id") or source["partner_id"]
        )
        if not partner:
            raise UserError(
                self.env._(
                    "Choose the vendor of %(product)s: it has no purchase order "
                    "nor vendor in its purchase tab.",
                    product=product.display_name,
                )
            )
        return {
            **links,
            "company_id": company.id,
            "partner_id": partner.commercial_partner_id.id,
            "product_id": product.id,
            "lot_id": lot.id,
            "quantity": quantity,
            "uom_id": uom.id,
            "reason": request.get("reason") or "defective",
            "price_unit": request.get("price_unit") or source["price_unit"],
            "purchase_line_id": source["purchase_line_id"],
            "move_id": source["move_id"],
            "receipt_date": source["receipt_date"],
        }

    # ------------------------------------------------------------------
    # Smart buttons
    # ------------------------------------------------------------------

    def _action_open(self, records, model, name=None):
        action = {
            "type": "ir.actions.act_window",
            "res_model": model,
            "name": name or records._description,
        }
        if len(records) == 1:
            action.update(view_mode="form", res_id=records.id, views=[(False, "form")])
        else:
            action.update(
                view_mode="list,form",
                domain=[("id", "in", records.ids)],
                views=[(False, "list"), (False, "form")],
            )
        return action

    def action_view_pickings(self):
        self.ensure_one()
        return self._action_open(self.picking_ids, "stock.picking")

    def action_view_refunds(self):
        self.ensure_one()
        return self._action_open(self.refund_ids, "account.move")

    def action_view_claims(self):
        self.ensure_one()
        return self._action_open(self.claim_ids, "claim.claim")
