from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .claim_state import OPEN_STATES


class ClaimClaim(models.Model):
    """Field technicians: visits at the customer's address (calendar events)
    and repairs whose parts come from the technician's van."""

    _inherit = "claim.claim"

    visit_ids = fields.One2many(
        "calendar.event", "claim_id", string="Visits", readonly=True
    )
    visit_count = fields.Integer(compute="_compute_visit_count")
    can_plan_visit = fields.Boolean(compute="_compute_can_plan_visit")

    @api.depends("state")
    def _compute_can_plan_visit(self):
        for claim in self:
            claim.can_plan_visit = claim.state in OPEN_STATES

    @api.depends("visit_ids")
    def _compute_visit_count(self):
        counts = dict(
            self.env["calendar.event"]._read_group(
                [("claim_id", "in", self.ids)], ["claim_id"], ["__count"]
            )
        )
        for claim in self:
            claim.visit_count = counts.get(claim, 0)

    def action_open_visit_wizard(self):
        self.ensure_one()
        self.env["calendar.event"]._check_can_plan_visits()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Plan Visit"),
            "res_model": "claim.visit.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_claim_id": self.id},
        }

    def action_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "claim_management.claim_visit_action"
        )
        action["domain"] = [("claim_id", "=", self.id)]
        action["context"] = {}
        return action

    def _visit_address(self):
        """The customer's delivery address, on one line."""
        self.ensure_one()
        partner = self.partner_id
        address = partner.browse(partner.address_get(["delivery"])["delivery"])
        lines = address._display_address(without_company=False).splitlines()
        return ", ".join(line.strip() for line in lines if line.strip())

    def _plan_visit(self, technician, start, duration):
        """Plan a technician's visit at the customer's address: a calendar
        event whose invitation the customer and the technician receive."""
        self.ensure_one()
        Event = self.env["calendar.event"]
        Event._check_can_plan_visits()
        self.check_access("write")
        if not self.can_plan_visit:
            raise UserError(self.env._("Visits are planned for open claims only."))
        if not technician:
            raise UserError(self.env._("Choose the technician who visits."))
        if not start:
            raise UserError(self.env._("Choose when the visit starts."))
        if duration <= 0:
            raise UserError(self.env._("A visit lasts some time."))
        Event._check_start_not_past(start)
        Event._check_visit_technician(self, technician)
        # sudo: the claim link is the workflow's (see calendar_event.py); the
        # checks above are the operator's
        visit = Event.sudo().create(
            {
                "name": self.env._("Visit: %(claim)s", claim=self.name),
                "claim_id": self.id,
                "res_model_id": self.env["ir.model"]._get_id("claim.claim"),
                "res_id": self.id,
                "user_id": technician.id,
                "partner_ids": [
                    Command.set((technician.partner_id | self.partner_id).ids)
                ],
                "start": start,
                "stop": start + timedelta(hours=duration),
                "duration": duration,
                "location": self._visit_address(),
            }
        )
        # the technician reads the claim they visit (claims users: followed claims)
        self.message_subscribe(partner_ids=technician.partner_id.ids)
        self._log_documents(self.env._("Visit planned:"), visit)
        return visit.with_env(self.env)

    # ------------------------------------------------------------------
    # Repairs from the technician's van
    # ------------------------------------------------------------------

    @api.model
    def _prepare_repair_vals(self, line):
        vals = super()._prepare_repair_vals(line)
        technician = line.claim_id.user_id
        # sudo: operators order repairs without reading the vans' configuration
        if technician and self.env["claim.van"].sudo().search_count(
            [("user_id", "=", technician.id), ("company_id", "=", line.company_id.id)],
            limit=1,
        ):
            vals["user_id"] = technician.id
        return vals
