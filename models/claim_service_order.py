from datetime import timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from .claim_locks import remind_in_locked_batches, serialize_on
from .claim_picking_tools import validate_with_move_lines
from .claim_state import is_workflow

# The goods are away (at the carrier or at the service partner).
AWAY_STATES = ("sent", "at_partner")
# Fields a client may give while the order is a draft.
DRAFT_FIELDS = {"claim_id", "partner_id", "location_id", "line_ids", "carrier_id"}
# Expected turnaround when the service partner has none.
DEFAULT_TURNAROUND_DAYS = 14


class ClaimServiceOrder(models.Model):
    """Claimed goods sent to an external service partner (a manufacturer's
    service centre, a repair shop) and brought back.

    Every move of the goods is a real validated transfer: to the partner's
    vendor location (with carrier and tracking), back into the company's
    location, then on to the customer. The partner's work is paid by a
    vendor bill; the order keeps what the analysis groups by (turnaround,
    cost, repeated units).
    """

    _name = "claim.service.order"
    _description = "Claim Service Order"
    _inherit = ["mail.thread", "mail.activity.mixin", "claim.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", readonly=True, copy=False, default="/", index="trigram"
    )
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
    currency_id = fields.Many2one(related="company_id.currency_id")
    customer_id = fields.Many2one(
        related="claim_id.partner_id", string="Customer", store=True, index=True
    )
    user_id = fields.Many2one(related="claim_id.user_id", string="Responsible")
    partner_id = fields.Many2one(
        "res.partner",
        string="Service Partner",
        required=True,
        index=True,
        check_company=True,
        domain=[("claim_service_partner", "=", True)],
        tracking=True,
    )
    location_id = fields.Many2one(
        "stock.location",
        string="Goods Location",
        required=True,
        check_company=True,
        domain=[("usage", "=", "internal")],
        default=lambda self: self._default_location(),
        help="Where the goods are sent from and come back to.",
    )
    line_ids = fields.One2many(
        "claim.service.order.line", "order_id", string="Goods", copy=False
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent"),
            ("at_partner", "At Partner"),
            ("returned", "Returned"),
            ("forwarded", "Forwarded to Customer"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Sent: the goods left (their delivery is done). At Partner: the partner "
        "confirmed their arrival. Returned: they are back (their receipt is done). "
        "Forwarded: delivered on to the customer.",
    )
    date_expected = fields.Date(
        string="Expected Back On",
        compute="_compute_date_expected",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="From the service partner's turnaround days.",
    )
    carrier_id = fields.Many2one("delivery.carrier", tracking=True)
    tracking_ref = fields.Char(string="Tracking Reference", tracking=True)
    partner_report = fields.Html(
        string="Partner's Report",
        help="What the service partner found and did; attach their documents in "
        "the chatter.",
    )
    date_sent = fields.Datetime(string="Sent On", readonly=True, copy=False)
    date_at_partner = fields.Datetime(string="At Partner On", readonly=True, copy=False)
    date_returned = fields.Datetime(string="Returned On", readonly=True, copy=False)
    date_forwarded = fields.Datetime(string="Forwarded On", readonly=True, copy=False)
    send_picking_id = fields.Many2one(
        "stock.picking", string="Delivery to Partner", readonly=True, copy=False
    )
    return_picking_id = fields.Many2one(
        "stock.picking", string="Receipt from Partner", readonly=True, copy=False
    )
    forward_picking_id = fields.Many2one(
        "stock.picking", string="Delivery to Customer", readonly=True, copy=False
    )
    bill_id = fields.Many2one(
        "account.move", string="Vendor Bill", readonly=True, copy=False, index=True
    )
    cost = fields.Monetary(
        compute="_compute_cost",
        store=True,
        help="Untaxed amount of the posted vendor bill, in the company's currency.",
    )
    turnaround_days = fields.Integer(
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Days between sending the goods and receiving them back.",
    )
    repeat_count = fields.Integer(
        string="Repeated Units",
        compute="_compute_repeat_count",
        store=True,
        help="Units of this order that went to service before, within the company's "
        "repeat period.",
    )
    overdue_reminded = fields.Boolean(
        readonly=True,
        copy=False,
        help="The overdue reminder of the current expected date was sent.",
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue")

    @api.model
    def _default_location(self):
        company = self.env.company
        # sudo: claims operators read no warehouses
        return (
            company.sudo().claim_location_id
            or self._service_warehouse(company).lot_stock_id
        ).id

    @api.model
    def _service_warehouse(self, company, location=None):
        """The warehouse whose delivery and receipt types move the goods."""
        # sudo: claims operators read no warehouses
        warehouse = location and location.sudo().warehouse_id
        if not warehouse:
            warehouse = (
                self.env["stock.warehouse"]
                .sudo()
                .search(
                    [("company_id", "=", company.id)], order="sequence, id", limit=1
                )
            )
        if not warehouse:
            raise UserError(
                self.env._(
                    "Company %(company)s has no warehouse to ship goods to service "
                    "partners from.",
                    company=company.name,
                )
            )
        return warehouse

    @api.depends("partner_id")
    def _compute_date_expected(self):
        today = fields.Date.context_today(self)
        for order in self:
            if order.state != "draft" and order.date_expected:
                continue
            days = (
                order.partner_id.commercial_partner_id.claim_service_turnaround_days
                or DEFAULT_TURNAROUND_DAYS
            )
            order.date_expected = today + timedelta(days=days)

    @api.depends("bill_id.state", "bill_id.amount_untaxed_signed")
    def _compute_cost(self):
        for order in self:
            bill = order.bill_id
            order.cost = (
                abs(bill.amount_untaxed_signed) if bill.state == "posted" else 0.0
            )

    @api.depends("line_ids.is_repeat")
    def _compute_repeat_count(self):
        for order in self:
            order.repeat_count = len(order.line_ids.filtered("is_repeat"))

    @api.depends("state", "date_expected")
    @api.depends_context("tz")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for order in self:
            order.is_overdue = bool(
                order.state in AWAY_STATES
                and order.date_expected
                and order.date_expected < today
            )

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
            if vals.get("name", "/") == "/":
                # sudo: sequences are not readable by claims operators
                vals["name"] = (
                    self.env["ir.sequence"].sudo().next_by_code("claim.service.order")
                    or "/"
                )
        orders = super().create(vals_list)
        orders.claim_id._check_can_send_to_service()
        for order in orders.filtered(lambda o: not o.line_ids):
            order.line_ids = order._default_line_commands()
        orders._check_service_partner()
        orders.line_ids._check_quantity()
        return orders

    def write(self, vals):
        if not is_workflow(self.env):
            self._refuse_owned_fields(self._workflow_owned_fields().intersection(vals))
            self._refuse_fixed_fields(
                vals,
                DRAFT_FIELDS,
                ("draft",),
                self.env._(
                    "The claim, service partner, location, goods and carrier "
                    "of a service order are fixed once the goods are sent."
                ),
            )
            self._refuse_fixed_fields(
                vals,
                {"date_expected", "tracking_ref"},
                ("draft", *AWAY_STATES),
                self.env._(
                    "The expected date and the tracking reference of goods "
                    "already back cannot change."
                ),
            )
        if "date_expected" in vals:
            # a new expected date gets its own reminder
            vals = dict(vals, overdue_reminded=False)
        res = super().write(vals)
        if "claim_id" in vals:
            self.claim_id._check_can_send_to_service()
        if {"claim_id", "partner_id"}.intersection(vals):
            self._check_service_partner()
        if {"claim_id", "line_ids"}.intersection(vals):
            self.line_ids._check_quantity()
        if "tracking_ref" in vals:
            # sudo: the tracking reference follows on the delivery, which
            # claims operators may not write
            self.send_picking_id.sudo().carrier_tracking_ref = vals["tracking_ref"]
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if any(order.state not in ("draft", "cancelled") for order in self):
            raise UserError(
                self.env._("A service order whose goods were sent cannot be deleted.")
            )

    def _check_service_partner(self):
        for order in self:
            if not order.partner_id.commercial_partner_id.claim_service_partner:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not a service partner.",
                        partner=order.partner_id.display_name,
                    )
                )

    def _default_line_commands(self):
        """The claim's lines with the quantities no other order holds."""
        self.ensure_one()
        held = self.env["claim.service.order.line"]._held_quantities(
            self.claim_id.line_ids, exclude=self.line_ids
        )
        return [
            Command.create({"claim_line_id": line.id, "quantity": quantity})
            for line in self.claim_id.line_ids
            if (quantity := line.quantity - held.get(line.id, 0.0)) > 0
        ]

    @api.onchange("claim_id")
    def _onchange_claim_id(self):
        if self.state == "draft" and self.claim_id:
            self.line_ids = [Command.clear(), *self._default_line_commands()]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_send(self):
        """Ship the goods to the service partner (a validated delivery)."""
        orders = self._lock_orders()
        orders._check_state(
            "draft",
            lambda order: self.env._(
                "Service order %(name)s was already sent.", name=order.name
            ),
        )
        orders.claim_id._check_can_send_to_service()
        for order in orders:
            order._send()
        return True

    def action_confirm_at_partner(self):
        """The service partner confirmed the goods arrived."""
        orders = self._lock_orders()
        orders._check_state(
            "sent",
            lambda order: self.env._(
                "The goods of service order %(name)s are not on their way.",
                name=order.name,
            ),
        )
        orders._workflow().write(
            {"state": "at_partner", "date_at_partner": fields.Datetime.now()}
        )
        return True

    def action_receive(self):
        """Take the goods back from the partner (a validated receipt)."""
        orders = self._lock_orders()
        orders._check_state(
            AWAY_STATES,
            lambda order: self.env._(
                "The goods of service order %(name)s were not sent: there is "
                "nothing to receive.",
                name=order.name,
            ),
        )
        for order in orders:
            order._receive()
        return True

    def action_forward(self):
        """Deliver the goods back from service on to the customer."""
        orders = self._lock_orders()
        orders._check_state(
            "returned",
            lambda order: self.env._(
                "The goods of service order %(name)s are not back from the partner.",
                name=order.name,
            ),
        )
        for order in orders:
            order._forward()
        return True

    def action_cancel(self):
        orders = self._lock_orders()
        orders._check_state(
            "draft",
            lambda order: self.env._(
                "Service order %(name)s was sent: receive its goods back instead "
                "of cancelling it.",
                name=order.name,
            ),
        )
        orders._workflow().write({"state": "cancelled"})
        return True

    def action_create_bill(self):
        """A draft vendor bill of the service partner for this order (the
        existing one when it has one)."""
        self.ensure_one()
        order = self._lock_orders(access="read")
        if order.state in ("draft", "cancelled"):
            raise UserError(
                self.env._(
                    "Service order %(name)s sent no goods: there is nothing to bill.",
                    name=order.name,
                )
            )
        if not order.bill_id:
            # the bill is the user's own document: their accounting rights apply
            bill = self.env["account.move"].create(order._prepare_bill_vals())
            # sudo: accountants link the bill they made without the right to
            # edit service orders
            order_sudo = order.sudo()
            order_sudo._workflow().write({"bill_id": bill.id})
            order_sudo.message_post(
                body=Markup("%s %s")
                % (self.env._("Vendor bill created:"), bill._get_html_link()),
                subtype_xmlid="mail.mt_note",
            )
        return self.env["claim.claim"]._action_open_documents(
            order.bill_id, self.env._("Vendor Bill")
        )

    def action_view_pickings(self):
        self.ensure_one()
        return self.env["claim.claim"]._action_open_documents(
            self.send_picking_id | self.return_picking_id | self.forward_picking_id,
            self.env._("Transfers"),
        )

    def _lock_orders(self, access="write"):
        """Lock the rows: two workers sending the same draft make one delivery."""
        self.check_access(access)
        return serialize_on(self)

    def _check_state(self, states, message):
        """Refuse orders not in ``states``: ``message(order)`` says why."""
        states = (states,) if isinstance(states, str) else states
        for order in self:
            if order.state not in states:
                raise UserError(message(order))

    def _prepare_bill_vals(self):
        return {
            "move_type": "in_invoice",
            "partner_id": self.partner_id.commercial_partner_id.id,
            "company_id": self.company_id.id,
            "invoice_origin": self.name,
            "ref": self.name,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": line.product_id.id,
                        "name": f"{self.name} - {line.product_id.display_name}",
                        "quantity": line.quantity,
                    }
                )
                for line in self.line_ids
            ],
        }

    # ------------------------------------------------------------------
    # Pickings
    # ------------------------------------------------------------------

    def _send(self):
        self.ensure_one()
        if not self.line_ids:
            raise UserError(
                self.env._("Service order %(name)s has no goods.", name=self.name)
            )
        self.line_ids._check_in_stock(self.location_id)
        warehouse = self._service_warehouse(self.company_id, self.location_id)
        picking = self._service_picking(
            warehouse.out_type_id,
            self.location_id,
            self._partner_location(),
            self.partner_id,
            carrier=True,
        )
        now = fields.Datetime.now()
        self._workflow().write(
            {"state": "sent", "send_picking_id": picking.id, "date_sent": now}
        )
        self.line_ids._mark_repeats(now)
        self.claim_id._log_documents(self.env._("Goods sent to service:"), picking)

    def _receive(self):
        self.ensure_one()
        warehouse = self._service_warehouse(self.company_id, self.location_id)
        picking = self._service_picking(
            warehouse.in_type_id,
            self._partner_location(),
            self.location_id,
            self.partner_id,
        )
        now = fields.Datetime.now()
        self._workflow().write(
            {
                "state": "returned",
                "return_picking_id": picking.id,
                "date_returned": now,
                "turnaround_days": (now - self.date_sent).days,
            }
        )
        self.activity_unlink(["mail.mail_activity_data_todo"])
        self.claim_id._log_documents(self.env._("Goods back from service:"), picking)

    def _forward(self):
        self.ensure_one()
        warehouse = self._service_warehouse(self.company_id, self.location_id)
        customer = self.claim_id.partner_id
        picking = self._service_picking(
            warehouse.out_type_id,
            self.location_id,
            customer.property_stock_customer,
            customer,
        )
        self._workflow().write(
            {
                "state": "forwarded",
                "forward_picking_id": picking.id,
                "date_forwarded": fields.Datetime.now(),
            }
        )
        self.claim_id._log_documents(
            self.env._("Goods from service sent to the customer:"), picking
        )

    def _partner_location(self):
        # sudo: claims operators read no stock locations of partners
        return self.partner_id.sudo().property_stock_supplier

    def _service_picking(
        self, picking_type, source, destination, partner, carrier=False
    ):
        """A validated transfer of the order's goods between two locations,
        with the claimed lots."""
        vals = self._prepare_picking_vals(picking_type, source, destination, partner)
        if carrier:
            vals.update(
                carrier_id=self.carrier_id.id,
                carrier_tracking_ref=self.tracking_ref,
            )
        # sudo: claims operators ship goods to service partners and take them
        # back; they need no inventory rights for that (as for loaners)
        picking = self.env["stock.picking"].sudo().create(vals)
        # one move per line, not merged: two lots of a product stay two moves
        moves = picking.move_ids.sorted("id")
        moves._action_confirm(merge=False)
        validate_with_move_lines(
            picking,
            [
                (
                    move,
                    {
                        "product_id": line.product_id.id,
                        "lot_id": line.lot_id.id,
                        "quantity": line.quantity,
                        "product_uom_id": line.uom_id.id,
                    },
                )
                for move, line in zip(moves, self.line_ids, strict=True)
            ],
            self.env._(
                "The transfer of service order %(name)s could not be validated.",
                name=self.name,
            ),
        )
        return picking.with_env(self.env)

    def _prepare_picking_vals(self, picking_type, source, destination, partner):
        return {
            "picking_type_id": picking_type.id,
            "partner_id": partner.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "origin": f"{self.name} ({self.claim_id.name})",
            "company_id": self.company_id.id,
            "claim_service_order_id": self.id,
            "move_ids": [
                Command.create(
                    {
                        "product_id": line.product_id.id,
                        "product_uom_qty": line.quantity,
                        "product_uom": line.uom_id.id,
                        "location_id": source.id,
                        "location_dest_id": destination.id,
                        "company_id": self.company_id.id,
                    }
                )
                for line in self.line_ids
            ],
        }

    # ------------------------------------------------------------------
    # Overdue reminders
    # ------------------------------------------------------------------

    @api.model
    def _cron_claim_service_overdue(self, batch_size=200):
        """Remind the claims' responsibles of goods not back from service by
        their expected date: an activity on the order and a note on the
        claim, once per expected date. Batches other workers skip, each
        committed with its progress."""
        domain = (
            Domain("state", "in", AWAY_STATES)
            & Domain("date_expected", "<", fields.Date.context_today(self))
            & Domain("overdue_reminded", "=", False)
        )
        remind_in_locked_batches(self, domain, batch_size)

    def _remind_overdue(self):
        for order in self:
            summary = self.env._(
                "Service order %(name)s at %(partner)s was expected back on %(date)s",
                name=order.name,
                partner=order.partner_id.display_name,
                date=order.date_expected,
            )
            order.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=fields.Date.context_today(self),
                summary=summary,
                user_id=(order.claim_id.user_id or self.env.user).id,
            )
            order.claim_id.message_post(
                body=Markup("<p>%s</p>") % summary, subtype_xmlid="mail.mt_note"
            )
