from odoo import api, fields, models
from odoo.exceptions import UserError

from .claim_state import OPEN_STATES

# Repairs still running: the customer waits for the repaired goods.
RUNNING_REPAIR_STATES = ("draft", "confirmed", "under_repair")


class ClaimClaim(models.Model):
    """Loaner units lent to the claim's customer (claim_loaner.py)."""

    _inherit = "claim.claim"

    loaner_ids = fields.One2many(
        "claim.loaner", "claim_id", string="Loaners", readonly=True
    )
    # sudo: the count shows on the claim form of every reader (accountants
    # too); the loans themselves stay behind their access rules
    loaner_count = fields.Integer(compute="_compute_loaner_count", compute_sudo=True)
    can_lend_loaner = fields.Boolean(compute="_compute_can_lend_loaner")

    @api.depends("loaner_ids")
    def _compute_loaner_count(self):
        counts = dict(
            self.env["claim.loaner"]._read_group(
                [("claim_id", "in", self.ids)], ["claim_id"], ["__count"]
            )
        )
        for claim in self:
            claim.loaner_count = counts.get(claim, 0)

    @api.depends("state", "repair_ids.state")
    def _compute_can_lend_loaner(self):
        for claim in self:
            claim.can_lend_loaner = claim._lending_allowed()

    def _lending_allowed(self):
        """A unit is lent while the claim is open, or while one of its
        repairs still runs (the claim is resolved by the repair order, the
        customer still waits for the goods)."""
        self.ensure_one()
        # sudo: claims users may not read repair orders
        repairs = self.sudo().repair_ids
        return self.state in OPEN_STATES or any(
            repair.state in RUNNING_REPAIR_STATES for repair in repairs
        )

    def _check_can_lend(self):
        for claim in self:
            if not claim._lending_allowed():
                raise UserError(
                    self.env._(
                        "Claim %(name)s is not open and none of its repairs is "
                        "running: no loaner is lent for it.",
                        name=claim.name,
                    )
                )

    def action_lend_loaner(self):
        """A new loan of this claim, to fill in (serial, due date) and lend."""
        self.ensure_one()
        self._check_can_lend()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Lend a Loaner"),
            "res_model": "claim.loaner",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {"default_claim_id": self.id},
        }

    def action_view_loaners(self):
        self.ensure_one()
        return self._action_open_documents(self.loaner_ids, self.env._("Loaners"))
