from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import float_compare

from .claim_state import is_workflow

# Orders that hold quantities of their claim lines (see claim_service_order).
HOLDING_STATES = ("draft", "sent", "at_partner", "returned")


class ClaimServiceOrderLine(models.Model):
    """A quantity of one claim line sent to a service partner.

    Keeps, stored, what the service analysis groups by: partner, product,
    lot and month, and whether the unit went to service before."""

    _name = "claim.service.order.line"
    _description = "Claim Service Order Line"
    _inherit = ["claim.workflow.mixin"]
    _order = "order_id desc, id"
    _check_company_auto = True

    order_id = fields.Many2one(
        "claim.service.order",
        string="Service Order",
        required=True,
        index=True,
        ondelete="cascade",
    )
    claim_line_id = fields.Many2one(
        "claim.line",
        string="Claimed Product",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('claim_id', '=', parent.claim_id)]",
    )
    company_id = fields.Many2one(
        related="order_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        related="order_id.partner_id", string="Service Partner", store=True, index=True
    )
    state = fields.Selection(related="order_id.state", store=True, string="Status")
    date_sent = fields.Datetime(related="order_id.date_sent", store=True)
    product_id = fields.Many2one(
        related="claim_line_id.product_id", store=True, index=True
    )
    lot_id = fields.Many2one(
        related="claim_line_id.lot_id", store=True, index="btree_not_null"
    )
    uom_id = fields.Many2one(related="claim_line_id.uom_id")
    quantity = fields.Float(required=True, default=1.0, digits="Product Unit")
    is_repeat = fields.Boolean(
        string="Repeated Unit",
        readonly=True,
        copy=False,
        help="This product and lot went to service before, within the company's "
        "repeat period.",
    )

    @api.depends("order_id.name", "product_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = " / ".join(
                name
                for name in (line.order_id.name, line.product_id.display_name)
                if name
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not is_workflow(self.env):
            for vals in vals_list:
                self._refuse_owned_fields(
                    self._workflow_owned_fields().intersection(vals)
                )
        lines = super().create(vals_list)
        lines._check_order_draft()
        lines._check_quantity()
        return lines

    def write(self, vals):
        if not is_workflow(self.env):
            self._refuse_owned_fields(self._workflow_owned_fields().intersection(vals))
            self._check_order_draft()
        res = super().write(vals)
        if {"quantity", "claim_line_id", "order_id"}.intersection(vals):
            self._check_quantity()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        self._check_order_draft()

    def _check_order_draft(self):
        if not is_workflow(self.env) and any(
            line.order_id.state != "draft" for line in self
        ):
            raise UserError(
                self.env._("The goods of a service order are fixed once they are sent.")
            )

    @api.model
    def _held_quantities(self, claim_lines, exclude=None):
        """{claim line id: quantity held by service orders not finished}."""
        domain = Domain("claim_line_id", "in", claim_lines.ids) & Domain(
            "state", "in", HOLDING_STATES
        )
        if exclude:
            domain &= Domain("id", "not in", exclude.ids)
        # sudo: orders of other users hold the quantities too
        return {
            line.id: quantity
            for line, quantity in self.sudo()._read_group(
                domain, ["claim_line_id"], ["quantity:sum"]
            )
        }

    def _check_quantity(self):
        if not self:
            return
        for line in self:
            if line.claim_line_id.claim_id != line.order_id.claim_id:
                raise ValidationError(
                    self.env._(
                        "%(product)s is not a product of claim %(claim)s.",
                        product=line.claim_line_id.display_name,
                        claim=line.order_id.claim_id.name,
                    )
                )
            if line.quantity <= 0:
                raise ValidationError(
                    self.env._("The quantity sent to service must be positive.")
                )
        held = self._held_quantities(self.claim_line_id)
        for claim_line in self.claim_line_id:
            if (
                float_compare(
                    held.get(claim_line.id, 0.0),
                    claim_line.quantity,
                    precision_rounding=claim_line.uom_id.rounding or 0.01,
                )
                > 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(product)s: service orders would hold %(held)s, more "
                        "than the %(claimed)s claimed.",
                        product=claim_line.product_id.display_name,
                        held=held[claim_line.id],
                        claimed=claim_line.quantity,
                    )
                )

    def _check_in_stock(self, location):
        """Refuse to ship goods that are not in ``location``."""
        needed = defaultdict(float)
        for line in self:
            if line.product_id.tracking != "none" and not line.lot_id:
                raise UserError(
                    self.env._(
                        "%(product)s is tracked by lots or serial numbers: the "
                        "claimed product needs one before it goes to service.",
                        product=line.product_id.display_name,
                    )
                )
            needed[line.product_id, line.lot_id] += line.quantity
        # sudo: the goods' stock is read whatever the operator's stock rights
        Quant = self.env["stock.quant"].sudo()
        for (product, lot), quantity in needed.items():
            available = Quant._get_available_quantity(
                product, location, lot_id=lot or None, strict=bool(lot)
            )
            if (
                float_compare(
                    available, quantity, precision_rounding=product.uom_id.rounding
                )
                < 0
            ):
                raise UserError(
                    self.env._(
                        "%(quantity)s of %(product)s %(lot)s are not in %(location)s: "
                        "receive the claimed goods first.",
                        quantity=quantity,
                        product=product.display_name,
                        lot=lot.name or "",
                        location=location.display_name,
                    )
                )

    def _mark_repeats(self, date_sent):
        """Flag the units (product and lot) that went to service before,
        within the company's repeat period."""
        lines = self.filtered("lot_id")
        if not lines:
            return
        days = lines.company_id[:1].claim_service_repeat_days
        domain = (
            Domain("id", "not in", lines.ids)
            & Domain("lot_id", "in", lines.lot_id.ids)
            & Domain("state", "not in", ("draft", "cancelled"))
            & Domain("company_id", "in", lines.company_id.ids)
        )
        if days:
            domain &= Domain("date_sent", ">=", date_sent - timedelta(days=days))
        # sudo: units of claims the user cannot read count too
        seen = {
            (product.id, lot.id)
            for product, lot in self.sudo()._read_group(
                domain, ["product_id", "lot_id"]
            )
        }
        repeats = lines.filtered(
            lambda line: (line.product_id.id, line.lot_id.id) in seen
        )
        repeats._workflow().write({"is_repeat": True})
