from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .claim_locks import serialize_on

ACCEPTED = ("accepted", "partially_accepted")


class ClaimClaim(models.Model):
    """Resolution of claims: credit notes, replacements, returns.

    Kept apart from claim_claim.py (the claim itself and its workflow) so that
    neither file grows too large. Every action locks the claims' rows first
    and creates documents only for the accepted quantity no document covers
    yet: pressing it twice, or in two workers at once, gives one document.
    """

    _inherit = "claim.claim"

    credit_note_ids = fields.Many2many(
        "account.move",
        "claim_claim_credit_note_rel",
        "claim_id",
        "move_id",
        string="Credit Notes",
        copy=False,
        readonly=True,
    )
    credit_note_count = fields.Integer(
        compute="_compute_resolution_counts", compute_sudo=True
    )
    picking_ids = fields.One2many(
        "stock.picking",
        "resolution_claim_id",
        string="Returns and Replacements",
        readonly=True,
    )
    resolution_picking_count = fields.Integer(
        compute="_compute_resolution_counts", compute_sudo=True
    )
    repair_ids = fields.One2many(
        "repair.order", "claim_id", string="Repairs", readonly=True
    )
    repair_count = fields.Integer(
        compute="_compute_resolution_counts", compute_sudo=True
    )
    repair_part_ids = fields.Many2many(
        "stock.move",
        compute="_compute_repair_part_ids",
        string="Repair Parts",
        help="Parts added, removed or recycled by the claim's repairs.",
    )
    amount_repair_cost = fields.Monetary(
        groups="base.group_user",
        string="Repair Cost",
        compute="_compute_resolution_amounts",
        store=True,
        currency_field="currency_id",
        help="Product cost of the parts the done repairs added.",
    )
    amount_credited = fields.Monetary(
        compute="_compute_resolution_amounts",
        store=True,
        currency_field="currency_id",
        help="Untaxed amount of the posted credit notes.",
    )
    amount_replacement_cost = fields.Monetary(
        groups="base.group_user",
        string="Replacement Cost",
        compute="_compute_resolution_amounts",
        store=True,
        currency_field="currency_id",
        help="Product cost of the goods delivered as replacement.",
    )
    amount_resolution_cost = fields.Monetary(
        groups="base.group_user",
        string="Total Claim Cost",
        compute="_compute_resolution_amounts",
        store=True,
        currency_field="currency_id",
        help="Credited amount plus replacement and repair costs.",
    )
    can_create_resolution = fields.Boolean(
        compute="_compute_can_resolution_actions",
        help="Decided, with accepted quantities no document covers yet.",
    )
    can_receive_goods = fields.Boolean(compute="_compute_can_resolution_actions")
    can_return_to_customer = fields.Boolean(compute="_compute_can_resolution_actions")

    @api.depends("credit_note_ids", "picking_ids", "repair_ids")
    def _compute_resolution_counts(self):
        for claim in self:
            claim.credit_note_count = len(claim.credit_note_ids)
            claim.resolution_picking_count = len(claim.picking_ids)
            claim.repair_count = len(claim.repair_ids)

    @api.depends("repair_ids.move_ids")
    def _compute_repair_part_ids(self):
        for claim in self:
            claim.repair_part_ids = claim.repair_ids.move_ids.filtered(
                "repair_line_type"
            )

    @api.depends(
        "line_ids.amount_credited",
        "line_ids.amount_replacement_cost",
        "line_ids.amount_repair_cost",
    )
    def _compute_resolution_amounts(self):
        for claim in self:
            lines = claim.line_ids
            claim.amount_credited = sum(lines.mapped("amount_credited"))
            claim.amount_replacement_cost = sum(lines.mapped("amount_replacement_cost"))
            claim.amount_repair_cost = sum(lines.mapped("amount_repair_cost"))
            claim.amount_resolution_cost = (
                claim.amount_credited
                + claim.amount_replacement_cost
                + claim.amount_repair_cost
            )

    @api.depends(
        "state",
        "line_ids.qty_to_resolve",
        "line_ids.decision",
        "line_ids.move_id",
        "line_ids.qty_returned",
    )
    def _compute_can_resolution_actions(self):
        for claim in self:
            lines = claim.line_ids
            claim.can_create_resolution = claim.state == "decided" and any(
                line.decision in ACCEPTED and line.qty_to_resolve > 0 for line in lines
            )
            claim.can_receive_goods = claim.state in (
                "new",
                "in_progress",
                "decided",
            ) and any(line.move_id for line in lines)
            claim.can_return_to_customer = claim.state in ("decided", "closed") and any(
                line.decision == "rejected" and line.qty_returned > 0 for line in lines
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_create_credit_note(self):
        """Draft customer credit note(s) for the accepted quantities.

        Claims of one customer are credited together in one credit note.
        Returns the credit notes, also those made by an earlier call.
        """
        claims = self._lock_for_resolution()
        lines, existing = claims._lines_to_resolve("credit_note_ids")
        credit_notes = existing | claims._create_credit_notes(lines)
        return self._action_open_documents(
            credit_notes,
            self.env._("Credit Notes"),
            {"default_move_type": "out_refund"},
        )

    def action_create_replacement(self):
        """Return the accepted goods and deliver the same products again."""
        claims = self._lock_for_resolution()
        lines, existing = claims._lines_to_resolve("picking_ids")
        undelivered = lines.filtered(
            lambda line: not line.move_id or line.move_id.state != "done"
        )
        if undelivered and len(claims) == 1:
            # goods that left outside Odoo cannot be returned from a delivery:
            # offer the replacement without a return instead of a dead end
            return claims._open_replacement_wizard(with_return=False)
        pickings = existing | claims._create_replacements(
            [claims._replacement_request(line) for line in lines], with_return=True
        )
        return self._action_open_documents(pickings, self.env._("Transfers"))

    def action_open_replacement_wizard(self):
        """Replacement with another product, or without a return."""
        self.ensure_one()
        self._check_can_resolve()
        return self._open_replacement_wizard(with_return=True)

    def _open_replacement_wizard(self, with_return):
        self.ensure_one()
        wizard = self.env["claim.replacement.wizard"].create(
            {"claim_id": self.id, "with_return": with_return}
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Replace Products"),
            "res_model": "claim.replacement.wizard",
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def action_create_repair(self):
        """A repair order per accepted line left to resolve."""
        claims = self._lock_for_resolution()
        lines, existing = claims._lines_to_resolve("repair_ids")
        repairs = existing | claims._create_repairs(lines)
        return self._action_open_documents(repairs, self.env._("Repairs"))

    def action_view_repairs(self):
        self.ensure_one()
        return self._action_open_documents(self.repair_ids, self.env._("Repairs"))

    def action_view_credit_notes(self):
        self.ensure_one()
        return self._action_open_documents(
            self.credit_note_ids,
            self.env._("Credit Notes"),
            {"default_move_type": "out_refund"},
        )

    def action_view_resolution_pickings(self):
        self.ensure_one()
        return self._action_open_documents(self.picking_ids, self.env._("Transfers"))

    # ------------------------------------------------------------------
    # Checks and locking
    # ------------------------------------------------------------------

    def _lock_for_resolution(self):
        """Lock the claims' rows for the rest of the transaction: a second
        worker resolving the same claim is retried and returns the documents
        of the first instead of making new ones (claim_locks)."""
        self.check_access("write")
        return serialize_on(self)

    def _check_can_resolve(self):
        for claim in self:
            if claim.state not in ("decided", "resolved", "closed"):
                raise UserError(
                    self.env._(
                        "Claim %(name)s is not decided yet: confirm the decision "
                        "before resolving it.",
                        name=claim.name,
                    )
                )
            if not claim.line_ids.filtered(lambda line: line.decision in ACCEPTED):
                raise UserError(
                    self.env._(
                        "Claim %(name)s was rejected: there is nothing to resolve.",
                        name=claim.name,
                    )
                )

    def _lines_to_resolve(self, documents_field):
        """(lines with accepted quantity left to resolve, existing documents).

        A claim with nothing left returns its documents of that kind (the
        action was pressed again); without any, it is refused.
        """
        self._check_can_resolve()
        lines = self.env["claim.line"]
        existing = self.env[self._fields[documents_field].comodel_name]
        for claim in self:
            to_resolve = claim.line_ids.filtered(
                lambda line: line.decision in ACCEPTED and line.qty_to_resolve > 0
            )
            documents = claim[documents_field].filtered(
                lambda doc: doc.state != "cancel"
            )
            if to_resolve and claim.state == "closed":
                raise UserError(
                    self.env._(
                        "Claim %(name)s is closed: no new documents are made for it.",
                        name=claim.name,
                    )
                )
            if not to_resolve and not documents:
                raise UserError(
                    self.env._(
                        "The accepted quantities of claim %(name)s are already "
                        "resolved by other documents.",
                        name=claim.name,
                    )
                )
            lines |= to_resolve
            if not to_resolve:
                existing |= documents
        return lines, existing

    @api.model
    def _action_open_documents(self, records, name, context=None):
        action = {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": records._name,
            "context": context or {},
        }
        if len(records) == 1:
            action.update(view_mode="form", views=[(False, "form")], res_id=records.id)
        else:
            action.update(
                view_mode="list,form",
                views=[(False, "list"), (False, "form")],
                domain=[("id", "in", records.ids)],
            )
        return action

    # ------------------------------------------------------------------
    # Credit notes
    # ------------------------------------------------------------------

    def _create_credit_notes(self, lines, label_lines=False):
        """One draft credit note per customer, company and currency.
        ``label_lines``: each line names its claim and store (a chain's
        settlement of many claims)."""
        groups = defaultdict(lambda: self.env["claim.line"])
        for line in lines:
            invoice_line = line._get_credit_invoice_line()
            currency = invoice_line.currency_id or line.company_id.currency_id
            key = (line.company_id, line.commercial_partner_id, currency)
            groups[key] |= line
        credit_notes = self.env["account.move"]
        for (company, _partner, _currency), group_lines in groups.items():
            # sudo: claims operators make draft credit notes for accountants to
            # post; they need no accounting rights for that.
            credit_notes |= (
                self.sudo()
                .with_company(company)
                ._create_credit_note(group_lines, label_lines=label_lines)
            )
        for claim in lines.claim_id:
            claim._log_documents(
                self.env._("Credit note created:"),
                credit_notes.filtered(lambda note, c=claim: c in note.claim_ids),
            )
        return credit_notes.with_env(self.env)

    def _create_credit_note(self, lines, label_lines=False):
        """A reversal of the (first) source invoice carrying only the claimed
        lines and accepted quantities; a plain credit note for blank claims."""
        claims = lines.claim_id
        items = [(line, line._get_credit_invoice_line()) for line in lines]
        line_commands = []
        for line, invoice_line in items:
            vals = self._prepare_credit_line_vals(line, invoice_line)
            if label_lines:
                vals["name"] = self._credit_line_label(line, vals["name"])
            line_commands.append(Command.create(vals))
        invoices = self.env["account.move"].union(
            *(invoice_line.move_id for _line, invoice_line in items if invoice_line)
        )
        reason = self.env._("Claims %(names)s", names=", ".join(claims.mapped("name")))
        if not invoices:
            return self.env["account.move"].create(
                self._prepare_credit_note_vals(lines, line_commands, reason)
            )
        main_invoice = invoices[0]
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=main_invoice.ids)
            .create({"reason": reason, "journal_id": main_invoice.journal_id.id})
        )
        reversal.refund_moves()
        credit_note = reversal.new_move_ids
        # the reversal copies every invoice line: keep only the claimed ones
        credit_note.write(
            {
                "invoice_line_ids": [
                    Command.delete(line.id) for line in credit_note.invoice_line_ids
                ]
                + line_commands,
                "claim_ids": [Command.set(claims.ids)],
            }
        )
        return credit_note

    @api.model
    def _credit_line_label(self, line, name):
        """A credit note line naming its claim and store: "CLM/1 (Store
        Krakow): Office Chair"."""
        claim = line.claim_id
        if claim.store_id:
            prefix = f"{claim.name} ({claim.store_id.name})"
        else:
            prefix = claim.name
        return f"{prefix}: {name}"

    @api.model
    def _prepare_credit_note_vals(self, lines, line_commands, reason):
        """Header of a plain credit note, for claim lines without a customer
        invoice to reverse (a reversal takes its header from the invoice:
        ``account.move.reversal._prepare_default_reversal``)."""
        claims = lines.claim_id
        return {
            "move_type": "out_refund",
            "partner_id": claims[0].partner_id.address_get(["invoice"])["invoice"],
            "company_id": lines.company_id.id,
            "invoice_origin": ", ".join(claims.mapped("name")),
            "ref": reason,
            "invoice_line_ids": line_commands,
            "claim_ids": [Command.set(claims.ids)],
        }

    @api.model
    def _prepare_credit_line_vals(self, line, invoice_line):
        """Credit note line for the quantity of `line` left to resolve: at the
        invoiced price, discount, taxes and account, or for blank claims at
        the claim's price and the product's accounts. The company's claims
        account and analytic account, when set, replace them."""
        if line.claim_id.granted_remedy == "price_reduction":
            vals = self._prepare_reduction_line_vals(line, invoice_line)
        else:
            vals = self._prepare_credit_line_source_vals(line, invoice_line)
        company = line.company_id
        if company.claim_credit_account_id:
            vals["account_id"] = company.claim_credit_account_id.id
        if company.claim_analytic_account_id:
            vals["analytic_distribution"] = {
                str(company.claim_analytic_account_id.id): 100.0
            }
        return vals

    @api.model
    def _prepare_credit_line_source_vals(self, line, invoice_line):
        if not invoice_line:
            return {
                "product_id": line.product_id.id,
                "name": line.name,
                "quantity": line.qty_to_resolve,
                "product_uom_id": line.uom_id.id,
                "price_unit": line.price_unit,
                "claim_line_id": line.id,
            }
        return {
            "product_id": invoice_line.product_id.id,
            "name": invoice_line.name,
            "quantity": line.uom_id._compute_quantity(
                line.qty_to_resolve, invoice_line.product_uom_id
            ),
            "product_uom_id": invoice_line.product_uom_id.id,
            "price_unit": invoice_line.price_unit,
            "discount": invoice_line.discount,
            "tax_ids": [Command.set(invoice_line.tax_ids.ids)],
            "account_id": invoice_line.account_id.id,
            "analytic_distribution": invoice_line.analytic_distribution,
            "claim_line_id": line.id,
        }

    @api.model
    def _prepare_reduction_line_vals(self, line, invoice_line):
        """Credit note line for the price reduction agreed on `line`.

        A price reduction gives money back, not goods. A customer credit note
        line with a storable product makes stock_account (Odoo 19, perpetual
        valuation: ``account.move._stock_account_prepare_realtime_out_lines_vals``)
        post COGS lines taking the goods' cost back into stock, and counts as a
        refunded quantity on the sales order. So the reduction is credited on a
        line without product: quantity 1 at the agreed amount, with the taxes,
        income account and analytic distribution of the invoiced product (the
        reduction lowers the taxable base of the sale), converted to the
        currency of the credit note.
        """
        claim = line.claim_id
        company = line.company_id
        name = self.env._(
            "Price reduction: %(product)s (claim %(claim)s)",
            product=line.product_id.display_name,
            claim=claim.name,
        )
        if invoice_line:
            currency = invoice_line.currency_id
            taxes = invoice_line.tax_ids
            account = invoice_line.account_id
            analytic = invoice_line.analytic_distribution
        else:
            currency = company.currency_id
            taxes = line.product_id.taxes_id._filter_taxes_by_company(company)
            account = line.product_id.product_tmpl_id._get_product_accounts()["income"]
            analytic = False
        amount = company.currency_id._convert(
            line.reduction_amount, currency, company, fields.Date.context_today(self)
        )
        included = taxes.filtered("price_include")
        if included:
            # the agreed amount is untaxed: the line's price includes these taxes
            amount = included.compute_all(
                amount, currency=currency, handle_price_include=False
            )["total_included"]
        vals = {
            "name": name,
            "quantity": 1.0,
            "price_unit": amount,
            "tax_ids": [Command.set(taxes.ids)],
            "analytic_distribution": analytic,
            "claim_line_id": line.id,
            "claim_price_reduction": True,
        }
        if account:
            # else the journal's default account
            vals["account_id"] = account.id
        return vals

    # ------------------------------------------------------------------
    # Replacements
    # ------------------------------------------------------------------

    @api.model
    def _replacement_request(self, line, product=None, product_qty=None):
        """What to replace: the claim line, the quantity of it (its unit), and
        the product and quantity (product unit) to deliver instead."""
        product = product or line.product_id
        quantity = line.qty_to_resolve
        if product_qty is None:
            product_qty = line.uom_id._compute_quantity(quantity, product.uom_id)
        return {
            "line": line,
            "quantity": quantity,
            "product": product,
            "product_qty": product_qty,
        }

    def _create_replacements(self, requests, with_return=True):
        """Returns of the goods not received yet (when asked) and replacement
        deliveries."""
        pickings = self.env["stock.picking"]
        for request in requests:
            request["line"]._check_replaceable(with_return)
        by_claim = defaultdict(list)
        for request in requests:
            by_claim[request["line"].claim_id].append(request)
        for claim, claim_requests in by_claim.items():
            # sudo: claims operators make returns and deliveries for the
            # warehouse to process; they need no stock rights for that.
            claim_sudo = claim.sudo().with_company(claim.company_id)
            new_pickings = self.env["stock.picking"]
            to_return = []
            for request in claim_requests if with_return else []:
                quantity = request["line"]._quantity_to_return(request["quantity"])
                if quantity > 0:
                    to_return.append({**request, "quantity": quantity})
            if to_return:
                new_pickings |= claim_sudo._create_returns(to_return)
            new_pickings |= claim_sudo._create_outgoing(claim_requests, "replacement")
            claim._log_documents(self.env._("Replacement created:"), new_pickings)
            pickings |= new_pickings
        return pickings.with_env(self.env)

    def _create_returns(self, requests, location=None):
        """Returns of the source deliveries, one return move per claim line,
        with the claimed lot. `location`: where the goods go (default: the
        return type's location)."""
        self.ensure_one()
        returns = self.env["stock.picking"]
        by_picking = defaultdict(list)
        for request in requests:
            by_picking[request["line"].move_id.picking_id].append(request)
        for picking, picking_requests in by_picking.items():
            wizard = (
                self.env["stock.return.picking"]
                .with_context(active_model="stock.picking", active_id=picking.id)
                .create({"picking_id": picking.id})
            )
            wizard.product_return_moves = [Command.clear()] + [
                Command.create(self._prepare_return_line_vals(request))
                for request in picking_requests
            ]
            return_picking = wizard._create_return()
            return_picking.resolution_claim_id = self
            if location:
                return_picking.write({"location_dest_id": location.id})
                return_picking.move_ids.write({"location_dest_id": location.id})
            return_picking.move_ids._claim_set_lots()
            returns |= return_picking
        return returns

    @api.model
    def _prepare_return_line_vals(self, request):
        """Line of Odoo's return wizard (stock.return.picking.line) returning
        the claimed quantity of ``request`` (see ``_replacement_request``);
        the return picking and its moves come from that wizard and its
        ``_prepare_move_default_values``."""
        line = request["line"]
        return {
            "product_id": line.product_id.id,
            "move_id": line.move_id.id,
            "quantity": line.uom_id._compute_quantity(
                request["quantity"], line.move_id.product_uom
            ),
            "claim_line_id": line.id,
        }

    def _create_outgoing(self, requests, kind, location=None):
        """A delivery to the customer: replacement goods, or claimed goods
        sent back as they are from `location`."""
        self.ensure_one()
        picking = self.env["stock.picking"].create(
            self._prepare_outgoing_picking_vals(requests, kind, location)
        )
        picking.action_confirm()
        picking.action_assign()
        if kind == "send_back":
            picking.move_ids._claim_set_lots()
        return picking

    def _prepare_outgoing_picking_vals(self, requests, kind, location=None):
        """Delivery of ``requests`` to the customer; ``kind``: "replacement"
        (replacement goods) or "send_back" (claimed goods sent back as they
        are from ``location``)."""
        self.ensure_one()
        source = requests[0]["line"].move_id.picking_id
        picking_type = source.picking_type_id
        if not picking_type:
            warehouse = self.env["stock.warehouse"].search(
                [("company_id", "=", self.company_id.id)], limit=1
            )
            picking_type = warehouse.out_type_id
        partner = source.partner_id or self.partner_id
        location = location or picking_type.default_location_src_id
        location_dest = partner.property_stock_customer
        return {
            "picking_type_id": picking_type.id,
            "partner_id": partner.id,
            "location_id": location.id,
            "location_dest_id": location_dest.id,
            "origin": self.name,
            "resolution_claim_id": self.id,
            "move_ids": [
                Command.create(
                    self._prepare_outgoing_move_vals(
                        request, kind, location, location_dest
                    )
                )
                for request in requests
            ],
        }

    @api.model
    def _prepare_outgoing_move_vals(self, request, kind, location, location_dest):
        """Move of ``request`` (see ``_replacement_request``) in a delivery
        made by ``_prepare_outgoing_picking_vals``."""
        product = request["product"]
        return {
            "product_id": product.id,
            "product_uom_qty": request["product_qty"],
            "product_uom": product.uom_id.id,
            "location_id": location.id,
            "location_dest_id": location_dest.id,
            "claim_line_id": request["line"].id,
            "claim_move_kind": kind,
            # another product replaces the line: how much of it it covers
            "claim_quantity": (
                request["quantity"] if product != request["line"].product_id else 0.0
            ),
        }

    def _log_documents(self, label, documents):
        self.message_post(
            body=Markup("%s %s")
            % (label, Markup(", ").join(doc._get_html_link() for doc in documents)),
            subtype_xmlid="mail.mt_note",
        )

    # ------------------------------------------------------------------
    # Receiving goods for expertise, sending them back as they are
    # ------------------------------------------------------------------

    def action_receive_goods(self):
        """Receive the claimed goods into the claims location, before or
        after the decision, for expertise."""
        claims = self._lock_for_resolution()
        pickings = claims._receive_goods()
        return self._action_open_documents(pickings, self.env._("Transfers"))

    def action_return_to_customer(self):
        """Send received goods of rejected lines back to the customer as is."""
        claims = self._lock_for_resolution()
        pickings = claims._return_to_customer()
        return self._action_open_documents(pickings, self.env._("Transfers"))

    def _receive_goods(self):
        pickings = self.env["stock.picking"]
        for claim in self:
            if claim.state in ("closed", "cancelled"):
                raise UserError(
                    self.env._(
                        "Claim %(name)s is closed or cancelled: no goods are "
                        "received for it any more.",
                        name=claim.name,
                    )
                )
            requests = []
            for line in claim.line_ids.filtered(
                lambda line: line.move_id.state == "done"
            ):
                planned, _done = line._resolution_quantities()
                quantity = line.quantity - planned["return"]
                if quantity > 0:
                    requests.append({"line": line, "quantity": quantity})
            existing = claim.picking_ids.filtered(
                lambda p: p.picking_type_code == "incoming" and p.state != "cancel"
            )
            if not requests and not existing:
                raise UserError(
                    self.env._(
                        "Claim %(name)s has no delivered goods to receive.",
                        name=claim.name,
                    )
                )
            if not requests:
                pickings |= existing
                continue
            claim_sudo = claim.sudo().with_company(claim.company_id)
            # sudo: claims operators make receipts for the warehouse to process
            new = claim_sudo._create_returns(
                requests, location=claim.company_id.claim_location_id
            ).with_env(self.env)
            claim._log_documents(self.env._("Goods to receive:"), new)
            pickings |= new
        return pickings

    def _return_to_customer(self):
        pickings = self.env["stock.picking"]
        for claim in self:
            requests = []
            lines = claim.line_ids.filtered(lambda line: line.decision == "rejected")
            if claim.state not in ("decided", "closed") or not lines:
                raise UserError(
                    self.env._(
                        "Only the goods of rejected products of decided claims are "
                        "sent back as they are (claim %(name)s).",
                        name=claim.name,
                    )
                )
            location = self.env["stock.location"]
            for line in lines:
                planned, done = line._resolution_quantities()
                quantity = done["return"] - planned["send_back"]
                if quantity > 0:
                    requests.append(
                        {
                            "line": line,
                            "quantity": quantity,
                            "product": line.product_id,
                            "product_qty": quantity,
                        }
                    )
                    location = line.resolution_move_ids.filtered(
                        lambda m: m.claim_move_kind == "return" and m.state == "done"
                    )[:1].location_dest_id
            existing = claim.picking_ids.filtered(
                lambda p: (
                    p.state != "cancel"
                    and p.move_ids.filtered(lambda m: m.claim_move_kind == "send_back")
                )
            )
            if not requests and not existing:
                raise UserError(
                    self.env._(
                        "No goods of claim %(name)s were received: there is nothing "
                        "to send back.",
                        name=claim.name,
                    )
                )
            if not requests:
                pickings |= existing
                continue
            # sudo: claims operators make deliveries for the warehouse to process
            new = (
                claim.sudo()
                .with_company(claim.company_id)
                ._create_outgoing(requests, "send_back", location=location)
                .with_env(self.env)
            )
            claim._log_documents(self.env._("Goods sent back:"), new)
            pickings |= new
        return pickings

    # ------------------------------------------------------------------
    # Repairs
    # ------------------------------------------------------------------

    def _create_repairs(self, lines):
        # sudo: claims operators order repairs for the workshop; they need no
        # repair rights for that.
        repairs = (
            self.env["repair.order"]
            .sudo()
            .create([self._prepare_repair_vals(line) for line in lines])
        )
        repairs = repairs.with_env(self.env)
        for claim in lines.claim_id:
            claim._log_documents(
                self.env._("Repair created:"),
                repairs.filtered(lambda r, c=claim: r.claim_id == c),
            )
        return repairs

    @api.model
    def _prepare_repair_vals(self, line):
        return {
            "product_id": line.product_id.id,
            "product_qty": line.qty_to_resolve,
            "product_uom": line.uom_id.id,
            "lot_id": line.lot_id.id,
            "partner_id": line.claim_id.partner_id.id,
            "company_id": line.company_id.id,
            "under_warranty": line.in_warranty,
            "internal_notes": line.claim_id.description,
            "claim_line_id": line.id,
        }

    # ------------------------------------------------------------------
    # The claim follows its documents
    # ------------------------------------------------------------------

    def _sync_resolution_state(self):
        """Resolve decided claims whose accepted lines are all resolved, and
        reopen resolved claims when one of their documents is cancelled."""
        # sudo: accountants and warehouse users post, validate and cancel the
        # documents; they cannot write claims, yet the claims follow.
        for claim in self.sudo():
            accepted = claim.line_ids.filtered(lambda line: line.decision in ACCEPTED)
            resolved = bool(accepted) and all(accepted.mapped("is_resolved"))
            if claim.state == "decided" and resolved:
                claim._move_to_state("resolved")
                claim.message_post(
                    body=self.env._(
                        "All accepted products are resolved: the claim is resolved."
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            elif claim.state == "resolved" and not resolved:
                claim._move_to_state("decided")
                claim.date_resolved = False
                claim.message_post(
                    body=self.env._(
                        "A resolution document was cancelled: the claim is open "
                        "again until its accepted products are resolved."
                    ),
                    subtype_xmlid="mail.mt_note",
                )
