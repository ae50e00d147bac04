from odoo import api, fields, models
from odoo.exceptions import AccessError

from .claim_link_guard import check_claim_links_create, check_claim_links_write

# Dates the repair actions stamp: the duration of a claim's repair, which a
# Czech consumer's settlement confirmation states (§19 act 634/1992).
REPAIR_DATE_FIELDS = {"claim_date_repair_start", "claim_date_repair_end"}


class RepairOrder(models.Model):
    _inherit = "repair.order"

    claim_line_id = fields.Many2one(
        "claim.line",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="Claimed product this repair resolves.",
    )
    claim_id = fields.Many2one(
        "claim.claim",
        related="claim_line_id.claim_id",
        store=True,
        index="btree_not_null",
        string="Claim",
    )

    claim_date_repair_start = fields.Datetime(
        string="Repair Started On", readonly=True, copy=False
    )
    claim_date_repair_end = fields.Datetime(
        string="Repair Ended On", readonly=True, copy=False
    )

    # Not on user_id: Odoo keeps a repair's locations when its responsible
    # changes; write() moves a claim's draft repair to the new technician's van.
    @api.depends("picking_type_id", "claim_line_id")
    def _compute_location_id(self):
        """A claim's repair given to a technician with a van in the repair's
        company takes its parts from the van."""
        res = super()._compute_location_id()
        for repair, location in self._claim_van_locations().items():
            repair.location_id = location
        return res

    def _claim_van_locations(self):
        """{repair: van location} of the claim repairs whose responsible has
        a van in the repair's company."""
        repairs = self.filtered(lambda r: r.claim_line_id and r.user_id)
        if not repairs:
            return {}
        # sudo: repair users do not read the vans' configuration
        vans = (
            self.env["claim.van"]
            .sudo()
            .search(
                [
                    ("user_id", "in", repairs.user_id.ids),
                    ("company_id", "in", repairs.company_id.ids),
                ]
            )
        )
        location_by_user = {(v.user_id, v.company_id): v.location_id for v in vans}
        return {
            repair: location_by_user[repair.user_id, repair.company_id]
            for repair in repairs
            if (repair.user_id, repair.company_id) in location_by_user
        }

    @api.model_create_multi
    def create(self, vals_list):
        # a claim's repair is ordered by the claim (its resolved quantities)
        check_claim_links_create(self, vals_list, ["claim_line_id"])
        return super().create(vals_list)

    def write(self, vals):
        check_claim_links_write(self, vals, ["claim_line_id"])
        if REPAIR_DATE_FIELDS.intersection(vals) and not self.env.su:
            raise AccessError(
                self.env._("The repair dates are set by starting and ending it.")
            )
        res = super().write(vals)
        if "user_id" in vals and "location_id" not in vals:
            self.filtered(lambda r: r.state == "draft")._follow_technician_van()
        return res

    def _follow_technician_van(self):
        """Draft claim repairs take their parts from their new responsible's
        van, or from the operation type's source when they leave a van."""
        van_locations = self._claim_van_locations()
        for repair in self.filtered("claim_line_id"):
            location = van_locations.get(repair)
            if not location and repair.location_id.claim_van_id:
                location = repair.picking_type_id.default_location_src_id
            if location and location != repair.location_id:
                repair.location_id = location

    def action_repair_start(self):
        res = super().action_repair_start()
        # sudo: the dates belong to the actions (see write)
        self.sudo().filtered(lambda r: not r.claim_date_repair_start).write(
            {"claim_date_repair_start": fields.Datetime.now()}
        )
        return res

    def action_view_claim(self):
        self.ensure_one()
        return self.env["claim.claim"]._action_view_claims(
            [("id", "=", self.claim_id.id)]
        )

    def action_repair_done(self):
        res = super().action_repair_done()
        # sudo: the dates belong to the actions (see write)
        self.sudo().write({"claim_date_repair_end": fields.Datetime.now()})
        # sudo: repair users may not read claims; the claims follow
        self.sudo().claim_id._sync_resolution_state()
        self._claim_post_cost_entries()
        return res

    def _claim_post_cost_entries(self):
        """Post the claim cost entries of done claim repairs: the parts they
        added. Idempotent. A done repair cannot be cancelled in Odoo, so the
        entry is never taken back."""
        moves_by_repair = {}
        for repair in self.filtered(lambda r: r.state == "done" and r.claim_line_id):
            parts = repair.move_ids.filtered(
                lambda m: m.state == "done" and m._is_claim_cost_move()
            )
            if parts:
                moves_by_repair[repair] = parts
        return self.env["claim.claim"]._post_cost_entries(
            self.browse([r.id for r in moves_by_repair]), moves_by_repair
        )

    def action_repair_cancel(self):
        res = super().action_repair_cancel()
        self.sudo().claim_id._sync_resolution_state()
        return res
