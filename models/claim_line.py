from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_is_zero, formatLang

from .claim_claim import DECISIONS
from .claim_source import forget_source_lines
from .claim_state import is_workflow

# EU Directive 2024/1799 (right to repair): a repair chosen by a consumer
# extends the seller's liability by 12 months.
REPAIR_EXTENSION_MONTHS = 12
CONSUMER_REGIMES = ("pl_consumer", "cz_consumer", "consumer")

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
    "reduction_amount",
    "claim_id",
}
# What an approval of the claim covers: changing it restarts the approval.
APPROVED_LINE_FIELDS = LOCKED_LINE_FIELDS - {"claim_id"}
# Read-only line fields given at creation by the intake (the source document
# lines and their price); checked against the document, frozen afterwards.
SOURCE_FIELDS = {
    "move_id",
    "sale_line_id",
    "invoice_line_id",
    "doc_price_unit",
    "doc_currency_id",
}
# Fields whose changes are logged in the claim's chatter (audit trail).
AUDITED_LINE_FIELDS = (
    "product_id",
    "lot_id",
    "quantity",
    "price_unit",
    "decision",
    "quantity_accepted",
    "reduction_amount",
    "root_cause_id",
)


class ClaimLine(models.Model):
    _name = "claim.line"
    _inherit = [
        "claim.group.order.mixin",
        "claim.group.format.mixin",
        "claim.workflow.mixin",
    ]
    _description = "Claim Line"
    _order = "claim_id, sequence, id"

    # Claims per packer (analysis): only lines that left in a packed delivery.
    _packer_amount_idx = models.Index(
        "(company_id, packer_id) INCLUDE (amount) WHERE packer_id IS NOT NULL"
    )
    # 8D effectiveness check: lines of a product, lot or root cause registered
    # in a period (claim.quality.report._effectiveness_counts), read from the
    # index alone (root cause and company included).
    _product_date_idx = models.Index(
        "(product_id, create_date) INCLUDE (root_cause_id, company_id)"
    )
    _lot_date_idx = models.Index(
        "(lot_id, create_date) INCLUDE (root_cause_id, company_id) "
        "WHERE lot_id IS NOT NULL"
    )
    _root_cause_date_idx = models.Index(
        "(root_cause_id, create_date) INCLUDE (company_id) "
        "WHERE root_cause_id IS NOT NULL"
    )
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
    state = fields.Selection(
        related="claim_id.state", store=True, precompute=True, string="Status"
    )
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
        precompute=True,
        currency_field="currency_id",
    )
    decision = fields.Selection(DECISIONS, index="btree_not_null", copy=False)
    quantity_accepted = fields.Float(
        string="Accepted Quantity",
        compute="_compute_quantity_accepted",
        store=True,
        precompute=True,
        readonly=False,
        copy=False,
        digits="Product Unit",
    )
    amount_accepted = fields.Monetary(
        string="Value Accepted",
        compute="_compute_amounts",
        store=True,
        precompute=True,
        currency_field="currency_id",
    )
    root_cause_id = fields.Many2one(
        "claim.root.cause",
        ondelete="restrict",
        copy=False,
        help="Why the goods failed, as the assessment found it (not what the "
        "customer says: that is the reason). Required for a decision when the "
        "claim type says so.",
    )
    decision_note = fields.Text(
        help="Why this decision was made; shown to the customer."
    )
    reduction_amount = fields.Monetary(
        string="Agreed Reduction",
        currency_field="currency_id",
        copy=False,
        help="Price reduction agreed with the customer for this product, untaxed, "
        "in the company currency: what the credit note credits when the "
        "decision grants a price reduction. Frozen with the decision.",
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
        groups="base.group_user",
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
    warranty_restart_date = fields.Date(
        string="Warranty Restarted On",
        compute="_compute_warranty_changes",
        store=True,
        help="Commercial guarantee: the warranty of replaced goods restarts from "
        "the replacement delivery.",
    )
    warranty_extension_months = fields.Integer(
        string="Warranty Extension (months)",
        compute="_compute_warranty_changes",
        store=True,
        help="Consumer goods repaired under the EU rule: the liability period is "
        "extended.",
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
        groups="base.group_user",
        string="Unit Cost",
        currency_field="currency_id",
        compute="_compute_cost_price",
        store=True,
        readonly=False,
        precompute=True,
        help="Product cost when the claim was registered.",
    )
    amount_cost = fields.Monetary(
        groups="base.group_user",
        string="Cost Value",
        compute="_compute_amounts",
        store=True,
        precompute=True,
        currency_field="currency_id",
    )

    # Resolution: documents resolving the line and the quantities they cover,
    # in the unit of the line. Not locked: the documents change them.
    credit_line_ids = fields.One2many(
        "account.move.line", "claim_line_id", string="Credit Note Lines"
    )
    resolution_move_ids = fields.One2many(
        "stock.move", "claim_line_id", string="Resolution Stock Moves"
    )
    repair_ids = fields.One2many("repair.order", "claim_line_id", string="Repairs")
    qty_credited = fields.Float(
        string="Credited Quantity",
        compute="_compute_resolution",
        store=True,
        digits="Product Unit",
        help="Quantity on posted credit notes.",
    )
    qty_replaced = fields.Float(
        string="Replaced Quantity",
        compute="_compute_resolution",
        store=True,
        digits="Product Unit",
        help="Quantity replaced by done replacement deliveries.",
    )
    qty_returned = fields.Float(
        string="Returned Quantity",
        compute="_compute_resolution",
        store=True,
        digits="Product Unit",
        help="Quantity received back from the customer.",
    )
    qty_resolved = fields.Float(
        string="Resolved Quantity",
        compute="_compute_resolution",
        store=True,
        digits="Product Unit",
        help="Credited, replaced and repaired quantity.",
    )
    qty_to_resolve = fields.Float(
        string="Quantity To Resolve",
        compute="_compute_resolution",
        store=True,
        digits="Product Unit",
        help="Accepted quantity not yet covered by a credit note, a replacement or "
        "a repair that is not cancelled.",
    )
    is_resolved = fields.Boolean(
        string="Resolved",
        compute="_compute_resolution",
        store=True,
        help="The whole accepted quantity is credited, replaced or repaired.",
    )
    amount_credited = fields.Monetary(
        compute="_compute_resolution",
        store=True,
        currency_field="currency_id",
        help="Untaxed amount of the posted credit notes, in the company currency.",
    )
    qty_repaired = fields.Float(
        string="Repaired Quantity",
        compute="_compute_resolution",
        store=True,
        digits="Product Unit",
        help="Quantity of done repairs.",
    )
    amount_repair_cost = fields.Monetary(
        groups="base.group_user",
        string="Repair Cost",
        compute="_compute_resolution",
        store=True,
        currency_field="currency_id",
        help="Product cost of the parts added by the done repairs.",
    )
    amount_replacement_cost = fields.Monetary(
        groups="base.group_user",
        string="Replacement Cost",
        compute="_compute_resolution",
        store=True,
        currency_field="currency_id",
        help="Product cost of the goods delivered as replacement.",
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

    @api.depends(
        "quantity_accepted",
        "uom_id",
        "credit_line_ids.quantity",
        "credit_line_ids.claim_price_reduction",
        "credit_line_ids.parent_state",
        "credit_line_ids.balance",
        "resolution_move_ids.state",
        "resolution_move_ids.quantity",
        "resolution_move_ids.product_uom_qty",
        "resolution_move_ids.claim_quantity",
        "resolution_move_ids.claim_move_kind",
        "resolution_move_ids.claim_cost",
        "repair_ids.state",
        "repair_ids.product_qty",
        "repair_ids.move_ids.quantity",
        "repair_ids.move_ids.claim_cost",
    )
    def _compute_resolution(self):
        for line in self:
            planned, done = line._resolution_quantities()
            rounding = line.uom_id.rounding or 0.01
            accepted = line.quantity_accepted
            line.qty_credited = done["credit"]
            line.qty_replaced = done["replace"]
            line.qty_returned = done["return"]
            line.qty_resolved = done["credit"] + done["replace"] + done["repair"]
            line.qty_to_resolve = max(
                accepted - planned["credit"] - planned["replace"] - planned["repair"],
                0.0,
            )
            line.is_resolved = not float_is_zero(
                accepted, precision_rounding=rounding
            ) and (
                float_compare(line.qty_resolved, accepted, precision_rounding=rounding)
                >= 0
            )
            posted = line.credit_line_ids.filtered(
                lambda aml: aml.parent_state == "posted"
            )
            line.amount_credited = sum(posted.mapped("balance"))
            line.amount_replacement_cost = done["replace_cost"]
            line.qty_repaired = done["repair"]
            line.amount_repair_cost = done["repair_cost"]

    def _resolution_quantities(self):
        """(planned, done) quantities per resolution kind, in the line's unit.

        Planned counts documents that are not cancelled, done the posted credit
        notes, done replacement deliveries and returns, and done repairs.
        """
        self.ensure_one()
        keys = (
            "credit",
            "replace",
            "return",
            "send_back",
            "repair",
            "replace_cost",
            "repair_cost",
        )
        planned = dict.fromkeys(keys, 0.0)
        done = dict.fromkeys(keys, 0.0)
        for credit_line in self.credit_line_ids:
            if credit_line.parent_state == "cancel":
                continue
            if credit_line.claim_price_reduction:
                # the agreed reduction settles the whole accepted quantity
                qty = self.quantity_accepted
            else:
                qty = credit_line.product_uom_id._compute_quantity(
                    credit_line.quantity, self.uom_id or credit_line.product_uom_id
                )
            planned["credit"] += qty
            if credit_line.parent_state == "posted":
                done["credit"] += qty
        kinds = {"return": "return", "replacement": "replace", "send_back": "send_back"}
        for move in self.resolution_move_ids:
            if move.claim_move_kind == "replacement_return" and move.state == "done":
                # the customer sent the replacement back: not replaced any more
                qty = move._claim_line_quantity(self, done=True)
                planned["replace"] -= qty
                done["replace"] -= qty
                done["replace_cost"] -= move._claim_cost_value()
                continue
            kind = kinds.get(move.claim_move_kind)
            if move.state == "cancel" or not kind:
                continue
            planned[kind] += move._claim_line_quantity(self, done=False)
            if move.state == "done":
                qty = move._claim_line_quantity(self, done=True)
                done[kind] += qty
                if kind == "replace":
                    done["replace_cost"] += move._claim_cost_value()
        for repair in self.repair_ids.filtered(lambda r: r.state != "cancel"):
            qty = repair.product_uom._compute_quantity(
                repair.product_qty, self.uom_id or repair.product_uom
            )
            planned["repair"] += qty
            if repair.state == "done":
                done["repair"] += qty
                done["repair_cost"] += sum(
                    part._claim_cost_value()
                    for part in repair.move_ids.filtered(
                        lambda m: m.repair_line_type == "add" and m.state == "done"
                    )
                )
        return planned, done

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
        "resolution_move_ids.state",
        "resolution_move_ids.date",
        "resolution_move_ids.claim_move_kind",
        "repair_ids.state",
        "claim_id.claim_type_id.legal_basis",
        "claim_id.legal_regime",
        "company_id.claim_repair_extends_warranty",
    )
    def _compute_warranty_changes(self):
        for line in self:
            restart = False
            if line.claim_id.claim_type_id.legal_basis == "commercial":
                replaced = line.resolution_move_ids.filtered(
                    lambda m: m.claim_move_kind == "replacement" and m.state == "done"
                )
                if replaced:
                    restart = fields.Date.to_date(max(replaced.mapped("date")))
            line.warranty_restart_date = restart
            line.warranty_extension_months = (
                REPAIR_EXTENSION_MONTHS
                if (
                    line.company_id.claim_repair_extends_warranty
                    and line.claim_id.legal_regime in CONSUMER_REGIMES
                    and any(r.state == "done" for r in line.repair_ids)
                )
                else 0
            )

    @api.depends(
        "delivery_date",
        "warranty_restart_date",
        "warranty_extension_months",
        "product_id.claim_warranty_months",
        "company_id.claim_statutory_warranty_months",
        "claim_id.date_received",
    )
    def _compute_warranty(self):
        for line in self:
            company = line.company_id or self.env.company
            original_end = line.product_id._claim_warranty_end_date(
                line.delivery_date, company
            )
            end = original_end
            if line.warranty_restart_date:
                end = line.product_id._claim_warranty_end_date(
                    line.warranty_restart_date, company
                )
            if end and line.warranty_extension_months:
                end += relativedelta(months=line.warranty_extension_months)
            line.warranty_end_date = end
            received = line.claim_id.date_received
            # whether the claim was in warranty: by the original delivery
            line.in_warranty = bool(
                original_end
                and (not received or fields.Date.to_date(received) <= original_end)
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

    @api.constrains("decision", "root_cause_id")
    def _check_root_cause(self):
        for line in self:
            if (
                line.decision
                and not line.root_cause_id
                and line.claim_id.claim_type_id.root_cause_required
            ):
                raise ValidationError(
                    self.env._(
                        "Claim %(claim)s: give the root cause of %(product)s before "
                        "deciding on it (required by claim type %(type)s).",
                        claim=line.claim_id.name,
                        product=line.product_id.display_name,
                        type=line.claim_id.claim_type_id.name,
                    )
                )

    @api.constrains("reduction_amount", "decision", "quantity_accepted", "price_unit")
    def _check_reduction_amount(self):
        for line in self.filtered("reduction_amount"):
            currency = line.currency_id
            if currency.compare_amounts(line.reduction_amount, 0.0) < 0:
                raise ValidationError(
                    self.env._(
                        "The agreed price reduction of %(product)s cannot be negative.",
                        product=line.product_id.display_name,
                    )
                )
            if line.decision not in ("accepted", "partially_accepted"):
                raise ValidationError(
                    self.env._(
                        "%(product)s is not accepted: no price reduction can be "
                        "agreed for it.",
                        product=line.product_id.display_name,
                    )
                )
            # from its terms: amount_accepted may be recomputed after this check
            accepted = line.quantity_accepted * line.price_unit
            if currency.compare_amounts(line.reduction_amount, accepted) > 0:
                raise ValidationError(
                    self.env._(
                        "The agreed price reduction of %(product)s (%(amount)s) "
                        "exceeds its accepted value (%(accepted)s).",
                        product=line.product_id.display_name,
                        amount=formatLang(
                            self.env, line.reduction_amount, currency_obj=currency
                        ),
                        accepted=formatLang(self.env, accepted, currency_obj=currency),
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

    def action_create_quality_report(self):
        """Open a new 8D report on these lines (list of claimed products)."""
        return self.env["claim.quality.report"]._action_create_from_lines(self)

    def _check_source_matches(self):
        """The source document must be a delivered or invoiced sale of this
        claim's customer and company, for this product."""
        self.ensure_one()
        claim = self.claim_id
        move, invoice_line = self.move_id, self.invoice_line_id
        document = move.picking_id or invoice_line.move_id
        if move:
            partner = (
                self.env["claim.source"]._document_customer(move.picking_id)
                or move.partner_id
            )
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
                    "%(product)s: %(document)s belongs to another customer or "
                    "company than claim %(claim)s.",
                    product=self.product_id.display_name,
                    document=document.display_name,
                    claim=claim.name,
                )
            )

    def _get_credit_invoice_line(self):
        """The customer invoice line to credit: the line's own, else the
        invoice line of its sales order line or of the claim's invoice."""
        self.ensure_one()
        invoice_line = self.invoice_line_id
        if not invoice_line:
            candidates = self.sale_line_id.invoice_lines | (
                self.claim_id.invoice_id.invoice_line_ids.filtered(
                    lambda aml: aml.product_id == self.product_id
                )
            )
            invoice_line = candidates.filtered(
                lambda aml: (
                    aml.move_id.move_type == "out_invoice"
                    and aml.move_id.state == "posted"
                )
            )[:1]
        if invoice_line and invoice_line.move_id.state != "posted":
            raise UserError(
                self.env._(
                    "Invoice %(invoice)s of claim %(claim)s is no longer posted: "
                    "it cannot be credited.",
                    invoice=invoice_line.move_id.display_name,
                    claim=self.claim_id.name,
                )
            )
        return invoice_line

    def _quantity_to_return(self, quantity):
        """Part of `quantity` to replace whose goods are not received yet
        (goods received for expertise are not returned twice)."""
        self.ensure_one()
        planned, _done = self._resolution_quantities()
        received = max(planned["return"] - planned["replace"], 0.0)
        return max(quantity - received, 0.0)

    def _check_replaceable(self, with_return):
        self.ensure_one()
        if self.decision not in ("accepted", "partially_accepted"):
            raise UserError(
                self.env._(
                    "%(product)s was rejected on claim %(claim)s: it cannot be "
                    "replaced.",
                    product=self.product_id.display_name,
                    claim=self.claim_id.name,
                )
            )
        if with_return and (not self.move_id or self.move_id.state != "done"):
            raise UserError(
                self.env._(
                    "%(product)s on claim %(claim)s has no done delivery to return "
                    "the goods from: replace it without a return.",
                    product=self.product_id.display_name,
                    claim=self.claim_id.name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        claim_ids = {vals.get("claim_id") for vals in vals_list}
        claims = self.env["claim.claim"].browse(claim_ids - {None})
        claims._check_lines_editable()
        if not is_workflow(self.env):
            owned = self._workflow_owned_fields() - SOURCE_FIELDS
            for vals in vals_list:
                self._refuse_owned_fields(owned.intersection(vals))
        # the intake service reads the documents as superuser: only callers
        # who may create lines get that far
        self.check_access("create")
        vals_list = self.env["claim.source"]._complete_claim_lines(vals_list)
        forget_source_lines(self.env)
        lines = super().create(vals_list)
        # lines added to an existing claim are logged; those of a new claim
        # are part of its registration
        added = lines.filtered(
            lambda line: line.claim_id.create_date != line.create_date
        )
        added._log_lines(self.env._("Product added"))
        added.claim_id._restart_approval_after_change(
            self.env._("The claimed products")
        )
        return lines

    def write(self, vals):
        forget_source_lines(self.env)
        if not is_workflow(self.env):
            owned = self._workflow_owned_fields() | {"cost_price"}
            self._refuse_owned_fields(owned.intersection(vals))
        if LOCKED_LINE_FIELDS.intersection(vals):
            self.claim_id._check_lines_editable()
            if vals.get("claim_id"):
                self.env["claim.claim"].browse(vals["claim_id"])._check_lines_editable()
        audited = [name for name in AUDITED_LINE_FIELDS if name in vals]
        before = (
            {line.id: line._audit_values(audited) for line in self} if audited else {}
        )
        res = super().write(vals)
        if audited:
            self._log_changes(before, audited)
        if APPROVED_LINE_FIELDS.intersection(vals):
            self.claim_id._restart_approval_after_change(
                self.env._("The claimed products")
            )
        return res

    # Audit trail -------------------------------------------------------------

    def _audit_values(self, names):
        self.ensure_one()
        values = {}
        for name in names:
            field = self._fields[name]
            value = self[name]
            if field.type == "many2one":
                value = value.display_name or ""
            elif field.type == "selection":
                value = dict(field._description_selection(self.env)).get(value, "")
            values[name] = value
        return values

    def _log_changes(self, before, names):
        """One note per claim listing what changed on its lines."""
        rows_by_claim = {}
        for line in self:
            after = line._audit_values(names)
            old = before[line.id]
            changes = [
                Markup("%s: %s → %s")
                % (
                    self._fields[name]._description_string(self.env),
                    old[name],
                    after[name],
                )
                for name in names
                if old[name] != after[name]
            ]
            if changes:
                rows_by_claim.setdefault(line.claim_id, []).append(
                    Markup("<li>%s: %s</li>")
                    % (line.product_id.display_name, Markup("; ").join(changes))
                )
        for claim, rows in rows_by_claim.items():
            claim._message_log(
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (self.env._("Claimed products changed:"), Markup("").join(rows))
            )

    def _log_lines(self, what):
        for claim in self.claim_id:
            lines = self.filtered(lambda line, c=claim: line.claim_id == c)
            claim._message_log(
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (
                    what,
                    Markup("").join(
                        Markup("<li>%s %s</li>")
                        % (line.quantity, line.product_id.display_name)
                        for line in lines
                    ),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self.claim_id._check_lines_editable()

    def unlink(self):
        forget_source_lines(self.env)
        self._log_lines(self.env._("Product removed"))
        claims = self.claim_id
        res = super().unlink()
        claims.exists()._restart_approval_after_change(
            self.env._("The claimed products")
        )
        return res

    def _quantity_text(self, quantity=None):
        """A quantity as people write it, for e-mails and pages: "1", "2.5"
        (no trailing zeros, the customer's language), with its unit."""
        self.ensure_one()
        quantity = self.quantity if quantity is None else quantity
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        digits = self.env["decimal.precision"].precision_get("Product Unit")
        text = formatLang(self.env, quantity, digits=digits)
        if lang and lang.decimal_point and lang.decimal_point in text:
            text = text.rstrip("0").rstrip(lang.decimal_point)
        return f"{text} {self.uom_id.name or ''}".strip()

    def _api_line_values(self):
        """What an API client sees of a claimed product (see claim.claim's
        ``_api_values``): never costs, packers or internal notes."""
        self.ensure_one()
        return {
            "id": self.id,
            "product": {
                "id": self.product_id.id,
                "default_code": self.product_id.default_code or None,
                "name": self.product_id.display_name,
            },
            "description": self.name,
            "quantity": self.quantity,
            "uom": self.uom_id.name,
            "lot": self.lot_id.name or None,
            "price_unit": self.price_unit,
            "invoice_line_id": self.invoice_line_id.id or None,
            "sale_line_id": self.sale_line_id.id or None,
            "move_id": self.move_id.id or None,
            "warranty_end": fields.Date.to_string(self.warranty_end_date) or None,
            "decision": self.decision or None,
            "quantity_accepted": self.quantity_accepted,
            "amount_accepted": self.amount_accepted,
            "reduction_amount": self.reduction_amount,
        }
