from odoo import api, fields, models
from odoo.exceptions import UserError

from .claim_claim import REMEDIES
from .claim_state import EDITABLE_STATES, is_workflow

ACCEPTED = ("accepted", "partially_accepted")


class ClaimClaim(models.Model):
    """The remedy granted with the decision (EU Directive 2019/771: repair,
    replacement, price reduction or withdrawal with a refund).

    Staff set it while the claim is assessed; the decision takes the remedy
    the customer asked for when none was set, and freezes it with the other
    decision fields: changing it needs the decision reopened by a manager.
    A price reduction is settled by the amounts agreed per line
    (``claim.line.reduction_amount``), credited by the credit note action.
    """

    _inherit = "claim.claim"

    granted_remedy = fields.Selection(
        REMEDIES,
        string="Remedy Granted",
        tracking=True,
        copy=False,
        help="What the decision grants the customer. Defaults to the remedy "
        "requested when the claim is decided; frozen with the decision.",
    )
    amount_reduction = fields.Monetary(
        string="Agreed Price Reduction",
        compute="_compute_amount_reduction",
        currency_field="currency_id",
        help="Sum of the price reductions agreed on the lines.",
    )

    @api.depends("line_ids.reduction_amount")
    def _compute_amount_reduction(self):
        for claim in self:
            claim.amount_reduction = sum(claim.line_ids.mapped("reduction_amount"))

    # Hooks of claim.claim's write and workflow -------------------------------

    def _check_write_values(self, vals):
        res = super()._check_write_values(vals)
        if "granted_remedy" in vals and not is_workflow(self.env):
            changed = self.filtered(
                lambda c: c.granted_remedy != (vals["granted_remedy"] or False)
            )
            frozen = changed.filtered(lambda c: c.state not in EDITABLE_STATES)
            if frozen:
                raise UserError(
                    self.env._(
                        "The remedy granted on claim %(name)s is part of its "
                        "decision: it can only change before the claim is decided. "
                        "A claims manager can reopen the decision, giving a reason.",
                        name=frozen[0].name,
                    )
                )
        return res

    def _check_can_decide(self):
        res = super()._check_can_decide()
        for claim in self:
            claim._check_remedy_to_grant(claim._remedy_to_grant())
        return res

    def _on_stage_moved(self, old_stages):
        # before the other concerns (decision e-mail, webhooks) read the claim
        decided = self.filtered(
            lambda c: (
                c.state == "decided"
                and old_stages[c.id].state in EDITABLE_STATES
                and c.granted_remedy != c._remedy_to_grant()
            )
        )
        for claim in decided:
            claim._workflow().write({"granted_remedy": claim._remedy_to_grant()})
        return super()._on_stage_moved(old_stages)

    def _remedy_to_grant(self):
        """The remedy the decision grants: the one staff set, else the one
        requested; nothing when no line is accepted."""
        self.ensure_one()
        if not self.line_ids.filtered(lambda line: line.decision in ACCEPTED):
            return False
        return self.granted_remedy or self.requested_remedy or False

    def _check_remedy_to_grant(self, remedy):
        """A price reduction needs the amount agreed on every accepted line;
        other remedies take no reduction amounts."""
        self.ensure_one()
        accepted = self.line_ids.filtered(lambda line: line.decision in ACCEPTED)
        if remedy == "price_reduction":
            missing = accepted.filtered(
                lambda line: line.currency_id.is_zero(line.reduction_amount)
            )
            if missing:
                raise UserError(
                    self.env._(
                        "Claim %(name)s grants a price reduction: agree the amount "
                        "of the reduction for %(products)s before the decision.",
                        name=self.name,
                        products=", ".join(missing.mapped("product_id.display_name")),
                    )
                )
        elif self.line_ids.filtered("reduction_amount"):
            raise UserError(
                self.env._(
                    "Claim %(name)s has price reductions agreed on its lines but "
                    "does not grant a price reduction: grant it or clear the "
                    "amounts before the decision.",
                    name=self.name,
                )
            )
