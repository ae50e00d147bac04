from datetime import datetime, time

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_date

from ..models.claim_resolution import ACCEPTED


class ClaimSettlement(models.TransientModel):
    """One credit note per chain and period: the accepted, not yet credited
    lines of every claim of a customer (a retail chain and its stores)
    decided in the period, credited together per company and currency by the
    claims' credit note action."""

    _name = "claim.settlement"
    _description = "Claims: Credit Note for a Period"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        domain="[('is_company', '=', True), ('company_id', 'in', (False, company_id))]",
        help="The chain (commercial partner): the claims of all its stores.",
    )
    date_from = fields.Date(string="Decided From", required=True)
    date_to = fields.Date(string="Decided To", required=True)
    claim_ids = fields.Many2many(
        "claim.claim", string="Claims to Credit", compute="_compute_claim_ids"
    )
    claim_count = fields.Integer(compute="_compute_claim_ids")

    @api.depends("company_id", "partner_id", "date_from", "date_to")
    def _compute_claim_ids(self):
        for wizard in self:
            claims = self.env["claim.claim"]
            if wizard.partner_id and wizard.date_from and wizard.date_to:
                claims = wizard._claims_to_credit()
            wizard.claim_ids = claims
            wizard.claim_count = len(claims)

    def _period_domain(self):
        self.ensure_one()
        start = datetime.combine(self.date_from, time.min)
        end = datetime.combine(self.date_to, time.max)
        return Domain(
            [
                ("commercial_partner_id", "=", self.partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("date_decided", ">=", start),
                ("date_decided", "<=", end),
                ("state", "in", ("decided", "resolved")),
            ]
        )

    def _claims_to_credit(self):
        """Claims of the chain decided in the period with accepted quantities
        neither credited nor otherwise resolved."""
        claims = self.env["claim.claim"].search(
            self._period_domain()
            & Domain("line_ids.decision", "in", ACCEPTED)
            & Domain("line_ids.qty_to_resolve", ">", 0)
        )
        return claims.filtered(
            lambda claim: any(
                line.decision in ACCEPTED and line.qty_to_resolve > 0
                for line in claim.line_ids
            )
        )

    def _check_settlement(self):
        self.ensure_one()
        if not self.env.user.has_group("claim_management.group_claim_operator"):
            raise AccessError(
                self.env._("Only claims operators may credit a period's claims.")
            )
        if self.date_from > self.date_to:
            raise ValidationError(self.env._("The period ends before it starts."))
        if self.partner_id != self.partner_id.commercial_partner_id:
            raise UserError(
                self.env._(
                    "Choose the customer itself (%(customer)s), not one of its "
                    "addresses: the credit note covers all its stores.",
                    customer=self.partner_id.commercial_partner_id.display_name,
                )
            )
        if self.company_id not in self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "You cannot credit claims of %(company)s.",
                    company=self.company_id.name,
                )
            )

    def _refuse_nothing_to_credit(self):
        claims = self.env["claim.claim"].search(self._period_domain())
        # sudo: the credit notes' numbers, for operators without accounting
        credited = claims.sudo().credit_note_ids.filtered(
            lambda note: note.state != "cancel"
        )
        values = {
            "customer": self.partner_id.display_name,
            "start": format_date(self.env, self.date_from),
            "end": format_date(self.env, self.date_to),
        }
        if credited:
            raise UserError(
                self.env._(
                    "The claims of %(customer)s decided between %(start)s and "
                    "%(end)s are already credited: %(notes)s.",
                    notes=", ".join(credited.mapped("name")),
                    **values,
                )
            )
        raise UserError(
            self.env._(
                "%(customer)s has no accepted claim decided between %(start)s and "
                "%(end)s left to credit.",
                **values,
            )
        )

    def action_create_credit_notes(self):
        """Draft credit note(s) of the period, one per company and currency;
        claims credited before are left out, nothing left is refused."""
        self._check_settlement()
        claims = self._claims_to_credit()
        if not claims:
            self._refuse_nothing_to_credit()
        claims = claims._lock_for_resolution()
        lines, _existing = claims._lines_to_resolve("credit_note_ids")
        credit_notes = claims._create_credit_notes(lines, label_lines=True)
        return claims._action_open_documents(
            credit_notes,
            self.env._("Credit Notes"),
            {"default_move_type": "out_refund"},
        )
