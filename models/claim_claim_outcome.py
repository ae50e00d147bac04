from odoo import fields, models
from odoo.exceptions import AccessError

from .claim_state import is_workflow


class ClaimClaim(models.Model):
    """The company's own outcome of a claim (claim.outcome), beside the fixed
    decision: set by claims operators and managers."""

    _inherit = "claim.claim"

    outcome_id = fields.Many2one(
        "claim.outcome",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        ondelete="restrict",
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
        help="How the claim ended, from the company's own list; the decision "
        "stays the legal answer.",
    )

    def _check_create_values(self, vals_list):
        res = super()._check_create_values(vals_list)
        if any(vals.get("outcome_id") for vals in vals_list):
            self._check_can_set_outcome()
        return res

    def _check_write_values(self, vals):
        res = super()._check_write_values(vals)
        if "outcome_id" in vals and any(
            claim.outcome_id.id != (vals["outcome_id"] or False) for claim in self
        ):
            self._check_can_set_outcome()
        return res

    def _check_can_set_outcome(self):
        if is_workflow(self.env) or self.env.user.has_group(
            "claim_management.group_claim_operator"
        ):
            return
        raise AccessError(
            self.env._("Only claims operators and managers choose a claim's outcome.")
        )

    def _customer_outcome(self):
        """The outcome the customer may see (portal, protocol), if any."""
        self.ensure_one()
        # sudo: the portal page and the protocol render for customers
        outcome = self.sudo().outcome_id
        return outcome if outcome.customer_visible else outcome.browse()
