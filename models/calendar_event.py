from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .claim_link_guard import check_claim_links_create, check_claim_links_write
from .claim_state import is_workflow

# What planning a visit sets: only claims operators change it afterwards.
VISIT_PLAN_FIELDS = {
    "user_id",
    "start",
    "stop",
    "duration",
    "allday",
    "partner_ids",
    "attendee_ids",
    "res_model_id",
    "res_model",
    "res_id",
    "location",
}


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    claim_id = fields.Many2one(
        "claim.claim",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="cascade",
        help="Claim this technician's visit is for.",
    )
    claim_company_id = fields.Many2one(
        "res.company",
        related="claim_id.company_id",
        store=True,
        index="btree_not_null",
        string="Claim Company",
    )
    claim_partner_id = fields.Many2one(
        "res.partner",
        related="claim_id.partner_id",
        string="Customer",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # visits are planned by the claim (claim.claim._plan_visit)
        check_claim_links_create(self, vals_list, ["claim_id"])
        return super().create(vals_list)

    def write(self, vals):
        check_claim_links_write(self, vals, ["claim_id"])
        visits = self.filtered("claim_id")
        if visits and VISIT_PLAN_FIELDS.intersection(vals):
            visits._check_can_plan_visits()
            if vals.get("start") and not is_workflow(self.env):
                visits._check_start_not_past(fields.Datetime.to_datetime(vals["start"]))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_visit_of_operator(self):
        self.filtered("claim_id")._check_can_plan_visits()

    def _check_can_plan_visits(self):
        if not self.env.su and not self.env.user.has_group(
            "claim_management.group_claim_operator"
        ):
            raise AccessError(
                self.env._("Only claims operators plan and change technician visits.")
            )

    @api.model
    def _check_start_not_past(self, start):
        if start and start < fields.Datetime.now():
            raise UserError(self.env._("A visit cannot be planned in the past."))

    @api.constrains("claim_id", "user_id")
    def _check_claim_technician(self):
        for visit in self.filtered("claim_id"):
            self._check_visit_technician(visit.claim_id, visit.user_id)

    @api.model
    def _check_visit_technician(self, claim, technician):
        if not technician:
            raise ValidationError(self.env._("A visit needs a technician."))
        if technician.share or not technician.has_group(
            "claim_management.group_claim_user"
        ):
            raise ValidationError(
                self.env._("%(user)s is not a claims technician.", user=technician.name)
            )
        if claim.company_id not in technician.company_ids:
            raise ValidationError(
                self.env._(
                    "%(user)s does not work for %(company)s, the company of "
                    "claim %(claim)s.",
                    user=technician.name,
                    company=claim.company_id.name,
                    claim=claim.name,
                )
            )

    def action_open_claim(self):
        self.ensure_one()
        return self.env["claim.claim"]._action_view_claims(
            [("id", "=", self.claim_id.id)]
        )
