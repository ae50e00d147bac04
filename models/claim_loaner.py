from datetime import timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from .claim_link_guard import as_workflow
from .claim_locks import remind_in_locked_batches, serialize_on
from .claim_picking_tools import validate_with_move_lines
from .claim_state import is_workflow

# States in which the serial number is taken by this lending.
ACTIVE_STATES = ("draft", "lent")
# Fields a client may give while the lending is a draft.
DRAFT_FIELDS = {"claim_id", "product_id", "lot_id"}
# Default lending time when nobody gives a due date.
DEFAULT_LOAN_DAYS = 14


class ClaimLoaner(models.Model):
    """One lending of a loaner unit (a serial number of a loaner product) to
    the customer of a claim while their goods are away.

    Lending is a real delivery from the warehouse's loaner location to the
    customer, taking back a real receipt into it. Both are validated at once:
    the unit is handed over (or shipped) when the operator lends it. A unit
    may be lent while its claim is open, or later while a repair of the claim
    is still running (the customer waits for the repaired goods).
    """

    _name = "claim.loaner"
    _description = "Claim Loaner"
    _inherit = ["mail.thread", "mail.activity.mixin", "claim.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True

    claim_id = fields.Many2one(
        "claim.claim",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        related="claim_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        related="claim_id.partner_id", store=True, index=True, string="Customer"
    )
    user_id = fields.Many2one(related="claim_id.user_id", string="Responsible")
    product_id = fields.Many2one(
        "product.product",
        string="Loaner Product",
        required=True,
        domain=[("claim_is_loaner", "=", True)],
        tracking=True,
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial Number",
        required=True,
        index=True,
        check_company=True,
        domain="[('product_id', '=', product_id), ('claim_loaner_available', '=', True)]",
        tracking=True,
    )
    date_due = fields.Date(
        string="Due Back On",
        required=True,
        default=lambda self: (
            fields.Date.context_today(self) + timedelta(days=DEFAULT_LOAN_DAYS)
        ),
        tracking=True,
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("lent", "Lent"),
            ("returned", "Returned"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Draft: the unit is reserved for the customer. Lent: the customer has "
        "it (its delivery is done). Returned: it is back in the loaner location.",
    )
    date_lent = fields.Datetime(string="Lent On", readonly=True, copy=False)
    date_returned = fields.Datetime(string="Returned On", readonly=True, copy=False)
    lend_picking_id = fields.Many2one(
        "stock.picking", string="Delivery", readonly=True, copy=False
    )
    return_picking_id = fields.Many2one(
        "stock.picking", string="Receipt", readonly=True, copy=False
    )
    overdue_reminded = fields.Boolean(
        readonly=True,
        copy=False,
        help="The overdue reminder of the current due date was sent.",
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue")

    _lot_active_uniq = models.UniqueIndex(
        "(lot_id) WHERE state IN ('draft', 'lent')",
        "This serial number is already lent or reserved for another loan.",
    )

    @api.depends("claim_id.name", "lot_id.name")
    def _compute_display_name(self):
        for loaner in self:
            loaner.display_name = " / ".join(
                name for name in (loaner.claim_id.name, loaner.lot_id.name) if name
            )

    @api.depends("state", "date_due")
    @api.depends_context("tz")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for loaner in self:
            loaner.is_overdue = loaner.state == "lent" and loaner.date_due < today

    # ------------------------------------------------------------------
    # Create and write: the model decides, whatever the client
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not is_workflow(self.env):
            for vals in vals_list:
                self._refuse_owned_fields(
                    self._workflow_owned_fields().intersection(vals)
                )
        for vals in vals_list:
            self._check_lot_free(vals.get("lot_id"))
        loaners = super().create(vals_list)
        loaners.claim_id._check_can_lend()
        loaners._check_loaner_unit()
        return loaners

    def write(self, vals):
        if not is_workflow(self.env):
            self._refuse_owned_fields(self._workflow_owned_fields().intersection(vals))
            self._refuse_fixed_fields(
                vals,
                DRAFT_FIELDS,
                ("draft",),
                self.env._(
                    "The claim, product and serial number of a loan are fixed "
                    "once the unit is lent."
                ),
            )
            self._refuse_fixed_fields(
                vals,
                {"date_due"},
                ACTIVE_STATES,
                self.env._("The due date of a finished loan cannot change."),
            )
        if vals.get("lot_id"):
            self._check_lot_free(vals["lot_id"], exclude=self)
        if "date_due" in vals:
            # a new due date gets its own reminder
            vals = dict(vals, overdue_reminded=False)
        res = super().write(vals)
        if DRAFT_FIELDS.intersection(vals):
            self.claim_id._check_can_lend()
            self._check_loaner_unit()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        if any(loaner.state not in ("draft", "cancelled") for loaner in self):
            raise UserError(self.env._("A loan whose unit was lent cannot be deleted."))

    @api.model
    def _check_lot_free(self, lot_id, exclude=None):
        """Refuse a serial number another active loan holds (the unique
        index stays the guard against two transactions at once)."""
        if not lot_id:
            return
        domain = Domain("lot_id", "=", lot_id) & Domain("state", "in", ACTIVE_STATES)
        if exclude:
            domain &= Domain("id", "not in", exclude.ids)
        # sudo: loans of claims the user cannot read hold the unit too
        if self.sudo().search_count(domain, limit=1):
            raise ValidationError(
                self.env._(
                    "Serial number %(lot)s is already lent or reserved for "
                    "another loan.",
                    lot=self.env["stock.lot"].browse(lot_id).sudo().name,
                )
            )

    def _check_loaner_unit(self):
        for loaner in self:
            if not loaner.product_id.claim_is_loaner:
                raise ValidationError(
                    self.env._(
                        "%(product)s is not a loaner product.",
                        product=loaner.product_id.display_name,
                    )
                )
            if loaner.lot_id.product_id != loaner.product_id:
                raise ValidationError(
                    self.env._(
                        "Serial number %(lot)s is not one of %(product)s.",
                        lot=loaner.lot_id.name,
                        product=loaner.product_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_lend(self):
        """Deliver the units to the customers (a validated delivery)."""
        loaners = self._lock_loaners()
        for loaner in loaners:
            if loaner.state != "draft":
                raise UserError(
                    self.env._(
                        "Loan %(name)s is not a draft: its unit was already lent.",
                        name=loaner.display_name,
                    )
                )
        loaners.claim_id._check_can_lend()
        for loaner in loaners:
            loaner._lend()
        return True

    def action_return(self):
        """Take the units back into the loaner location (a validated receipt)."""
        loaners = self._lock_loaners()
        for loaner in loaners:
            if loaner.state != "lent":
                raise UserError(
                    self.env._(
                        "Loan %(name)s cannot be taken back: its unit was not lent.",
                        name=loaner.display_name,
                    )
                )
        for loaner in loaners:
            loaner._take_back()
        return True

    def action_cancel(self):
        loaners = self._lock_loaners()
        if any(loaner.state != "draft" for loaner in loaners):
            raise UserError(
                self.env._(
                    "Only a draft loan can be cancelled: take a lent unit back instead."
                )
            )
        loaners._workflow().write({"state": "cancelled"})
        return True

    def action_view_pickings(self):
        self.ensure_one()
        return self.env["claim.claim"]._action_open_documents(
            self.lend_picking_id | self.return_picking_id, self.env._("Transfers")
        )

    def _lock_loaners(self):
        """Lock the rows: two workers lending the same draft make one delivery."""
        self.check_access("write")
        return serialize_on(self)

    # ------------------------------------------------------------------
    # Pickings
    # ------------------------------------------------------------------

    def _lend(self):
        self.ensure_one()
        location = self.company_id._claim_loaner_location()
        warehouse = self.company_id._claim_loaner_warehouse(location)
        # sudo: the unit's stock is read whatever the operator's stock rights
        available = (
            self.env["stock.quant"]
            .sudo()
            ._get_available_quantity(self.product_id, location, lot_id=self.lot_id)
        )
        if available < 1:
            raise UserError(
                self.env._(
                    "Serial number %(lot)s is not available in %(location)s.",
                    lot=self.lot_id.name,
                    location=location.display_name,
                )
            )
        picking = self._loaner_picking(
            warehouse.out_type_id,
            location,
            self.claim_id.partner_id.property_stock_customer,
        )
        self._workflow().write(
            {
                "state": "lent",
                "lend_picking_id": picking.id,
                "date_lent": fields.Datetime.now(),
            }
        )
        # sudo: the lot shows where the unit is (stock.lot is not the
        # operator's to write)
        as_workflow(self.lot_id.sudo()).write({"claim_loaner_id": self.id})
        self.claim_id._log_documents(self.env._("Loaner lent:"), picking)

    def _take_back(self):
        self.ensure_one()
        location = self.company_id._claim_loaner_location()
        warehouse = self.company_id._claim_loaner_warehouse(location)
        picking = self._loaner_picking(
            warehouse.in_type_id,
            self.claim_id.partner_id.property_stock_customer,
            location,
        )
        self._workflow().write(
            {
                "state": "returned",
                "return_picking_id": picking.id,
                "date_returned": fields.Datetime.now(),
            }
        )
        # sudo: see _lend
        as_workflow(self.lot_id.sudo()).write({"claim_loaner_id": False})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        self.claim_id._log_documents(self.env._("Loaner returned:"), picking)

    def _loaner_picking(self, picking_type, source, destination):
        """A validated transfer of the loaner unit between two locations."""
        # sudo: claims operators hand loaners over and take them back; they
        # need no inventory rights for that (as for the claims' repairs)
        picking = (
            self.env["stock.picking"]
            .sudo()
            .create(self._prepare_picking_vals(picking_type, source, destination))
        )
        picking.action_confirm()
        validate_with_move_lines(
            picking,
            [
                (
                    picking.move_ids,
                    {
                        "product_id": self.product_id.id,
                        "lot_id": self.lot_id.id,
                        "quantity": 1,
                    },
                )
            ],
            self.env._(
                "The transfer of serial number %(lot)s could not be validated.",
                lot=self.lot_id.name,
            ),
        )
        return picking.with_env(self.env)

    def _prepare_picking_vals(self, picking_type, source, destination):
        return {
            "picking_type_id": picking_type.id,
            "partner_id": self.claim_id.partner_id.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "origin": self.claim_id.name,
            "company_id": self.company_id.id,
            "claim_loaner_id": self.id,
            "move_ids": [
                Command.create(
                    {
                        "product_id": self.product_id.id,
                        "product_uom_qty": 1,
                        "product_uom": self.product_id.uom_id.id,
                        "location_id": source.id,
                        "location_dest_id": destination.id,
                        "company_id": self.company_id.id,
                    }
                )
            ],
        }

    # ------------------------------------------------------------------
    # Overdue reminders
    # ------------------------------------------------------------------

    @api.model
    def _cron_claim_loaner_overdue(self, batch_size=200):
        """Remind the claims' responsibles of loaners past their due date:
        an activity on the loan and a note on the claim, once per due date.
        Batches other workers skip, each committed with its progress."""
        today = fields.Date.context_today(self)
        domain = (
            Domain("state", "=", "lent")
            & Domain("date_due", "<", today)
            & Domain("overdue_reminded", "=", False)
        )
        remind_in_locked_batches(self, domain, batch_size)

    def _remind_overdue(self):
        for loaner in self:
            summary = self.env._(
                "Loaner %(lot)s was due back on %(date)s",
                lot=loaner.lot_id.name,
                date=loaner.date_due,
            )
            loaner.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=fields.Date.context_today(self),
                summary=summary,
                user_id=(loaner.claim_id.user_id or self.env.user).id,
            )
            loaner.claim_id.message_post(
                body=Markup("<p>%s</p>") % summary, subtype_xmlid="mail.mt_note"
            )
