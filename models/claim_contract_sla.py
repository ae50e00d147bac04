from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .claim_claim import PRIORITIES

TIME_UNITS = [
    ("hours", "Working Hours"),
    ("days", "Working Days"),
]


class ClaimContractSla(models.Model):
    """The service level of a contract for one claim priority: the working
    time within which the customer gets an answer and the claim is resolved,
    counted on the contract's working calendar from the claim's receipt."""

    _name = "claim.contract.sla"
    _description = "Claim Contract Service Level"
    _order = "contract_id, priority desc, id"

    _contract_priority_uniq = models.UniqueIndex(
        "(contract_id, priority)",
        "A contract has one service level per priority.",
    )

    contract_id = fields.Many2one(
        "claim.contract", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, index=True
    )
    priority = fields.Selection(PRIORITIES, required=True, default="0")
    time_unit = fields.Selection(
        TIME_UNITS,
        string="Unit",
        required=True,
        default="hours",
    )
    response_time = fields.Float(
        help="Working hours or days within which the customer gets our answer. "
        "0: no response time.",
    )
    resolution_time = fields.Float(
        help="Working hours or days within which the claim is resolved. "
        "0: no resolution time.",
    )

    @api.constrains("response_time", "resolution_time", "time_unit")
    def _check_times(self):
        for sla in self:
            if sla.response_time < 0 or sla.resolution_time < 0:
                raise ValidationError(
                    self.env._("Response and resolution times cannot be negative.")
                )
            if sla.time_unit == "days" and (
                sla.response_time % 1 or sla.resolution_time % 1
            ):
                raise ValidationError(
                    self.env._(
                        "Times in working days are whole days; give hours for "
                        "shorter times."
                    )
                )
            if (
                sla.response_time
                and sla.resolution_time
                and sla.resolution_time < sla.response_time
            ):
                raise ValidationError(
                    self.env._(
                        "The resolution time cannot be shorter than the response time."
                    )
                )
