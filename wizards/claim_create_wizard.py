from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero, is_html_empty


class ClaimCreateWizard(models.TransientModel):
    _name = "claim.create.wizard"
    _description = "New Claim from a Document"
    _check_company_auto = True

    invoice_id = fields.Many2one("account.move", readonly=True)
    picking_id = fields.Many2one("stock.picking", string="Delivery", readonly=True)
    sale_order_id = fields.Many2one("sale.order", string="Sales Order", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    claim_type_id = fields.Many2one("claim.type", string="Type", check_company=True)
    reason_id = fields.Many2one(
        "claim.reason",
        domain="['|', ('type_ids', '=', False), ('type_ids', 'in', claim_type_id)]",
    )
    description = fields.Html()
    requested_remedy = fields.Selection(
        lambda self: self.env["claim.claim"]._fields["requested_remedy"].selection
    )
    purchase_date = fields.Date()
    attachment_ids = fields.Many2many("ir.attachment", string="Photos and Documents")
    properties = fields.Properties(definition="claim_type_id.properties_definition")
    # the type's settings, for the view (hidden, optional, required)
    lot_field = fields.Selection(
        related="claim_type_id.lot_field", string="Lot/Serial Setting"
    )
    attachment_field = fields.Selection(
        related="claim_type_id.attachment_field", string="Files Setting"
    )
    description_field = fields.Selection(
        related="claim_type_id.description_field", string="Description Setting"
    )
    purchase_date_field = fields.Selection(
        related="claim_type_id.purchase_date_field", string="Purchase Date Setting"
    )
    requested_remedy_field = fields.Selection(
        related="claim_type_id.requested_remedy_field", string="Remedy Setting"
    )
    line_ids = fields.One2many("claim.create.wizard.line", "wizard_id", string="Lines")

    @api.model
    def _action_open(self, invoice=None, picking=None, order=None):
        """Open the wizard on a document, after checking it can be claimed."""
        document = invoice or picking or order
        document.check_access("read")
        self._check_document(invoice, picking, order)
        wizard = self.create(self._prepare_wizard_values(invoice, picking, order))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Claim from %(document)s", document=document.name),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    @api.model
    def _check_document(self, invoice, picking, order):
        self.env["claim.source"]._check_claimable(invoice, picking, order)

    @api.model
    def _prepare_wizard_values(self, invoice, picking, order):
        # sudo: claims users may lack stock or accounting rights; they can read
        # the document itself (checked in _action_open).
        intake = self.env["claim.source"].sudo()
        sources = intake._get_source_lines(
            invoice=invoice, picking=picking, order=order
        )
        return {
            **intake._prepare_claim_document_vals(invoice, picking, order),
            # the document's date; the operator may correct it
            "purchase_date": self._document_purchase_date(invoice, picking, order),
            "line_ids": [
                Command.create({**values, "quantity": 0.0}) for values in sources
            ],
        }

    @api.model
    def _document_purchase_date(self, invoice, picking, order):
        if invoice and invoice.invoice_date:
            return invoice.invoice_date
        if order and order.date_order:
            return order.date_order.date()
        if picking and picking.date_done:
            return picking.date_done.date()
        return False

    def action_create_claim(self):
        self.ensure_one()
        lines = self._check_claim_input()
        claim = self.env["claim.claim"].create(self._prepare_claim_values(lines))
        if self.attachment_ids:
            # the files uploaded in the wizard move to the claim
            self.attachment_ids.write({"res_model": claim._name, "res_id": claim.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "claim.claim",
            "res_id": claim.id,
            "views": [(False, "form")],
            "target": "current",
        }

    def _check_claim_input(self):
        """Everything the claim needs was entered; returns the lines with a
        quantity claimed."""
        if not self.claim_type_id:
            raise UserError(self.env._("Choose the type of the claim."))
        lines = self.line_ids.filtered(
            lambda line: (
                not float_is_zero(
                    line.quantity, precision_rounding=line.uom_id.rounding or 0.01
                )
            )
        )
        if not lines:
            raise UserError(
                self.env._("Enter the quantity claimed on at least one line.")
            )
        self._check_line_quantities(lines)
        self.claim_type_id._check_claim_fields(
            {
                "description": not is_html_empty(self.description),
                "requested_remedy": bool(self.requested_remedy),
                "purchase_date": bool(self.purchase_date),
                "attachment": bool(self.attachment_ids),
            }
        )
        return lines

    @api.model
    def _check_line_quantities(self, lines):
        """Each quantity lies between 0 and the line's claimable quantity."""
        for line in lines:
            rounding = line.uom_id.rounding or 0.01
            if float_compare(line.quantity, 0.0, precision_rounding=rounding) < 0 or (
                float_compare(
                    line.quantity, line.claimable_qty, precision_rounding=rounding
                )
                > 0
            ):
                raise UserError(
                    self.env._(
                        "%(product)s: you can claim between 0 and %(claimable)s %(uom)s.",
                        product=line.product_id.display_name,
                        claimable=line.claimable_qty,
                        uom=line.uom_id.name,
                    )
                )

    def _prepare_claim_values(self, lines):
        return {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "claim_type_id": self.claim_type_id.id,
            "reason_id": self.reason_id.id,
            "description": self.description,
            "requested_remedy": self.requested_remedy,
            "purchase_date": self.purchase_date,
            "properties": self.read(["properties"])[0]["properties"],
            "invoice_id": self.invoice_id.id,
            "picking_id": self.picking_id.id,
            "sale_order_id": self.sale_order_id.id,
            "line_ids": [
                Command.create(line._prepare_claim_line_values()) for line in lines
            ],
        }
