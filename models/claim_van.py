from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

TECHNICIAN_GROUP = "claim_management.group_claim_user"


class ClaimVan(models.Model):
    """A field technician's van: an internal stock location of a warehouse
    (under the warehouse's "Vans" location, beside its stock, so deliveries
    never take goods from a van). One van per technician and company."""

    _name = "claim.van"
    _description = "Technician Van"
    _inherit = ["mail.thread"]
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    user_id = fields.Many2one(
        "res.users",
        string="Technician",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain=lambda self: [
            ("group_ids", "in", self.env.ref(TECHNICIAN_GROUP).ids),
            ("share", "=", False),
        ],
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        required=True,
        readonly=True,
        check_company=True,
        default=lambda self: self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        ),
    )
    location_id = fields.Many2one(
        "stock.location",
        string="Van Location",
        readonly=True,
        copy=False,
        index=True,
        check_company=True,
        help="Internal location holding the van's stock; created with the van.",
    )
    quant_ids = fields.One2many(
        "stock.quant", compute="_compute_quant_ids", string="Van Stock"
    )

    _user_company_uniq = models.Constraint(
        "UNIQUE(user_id, company_id)",
        "A technician has one van per company.",
    )
    _location_uniq = models.Constraint(
        "UNIQUE(location_id)", "A location belongs to one van."
    )

    @api.depends("location_id")
    def _compute_quant_ids(self):
        quants = self.env["stock.quant"].search(
            [("location_id", "in", self.location_id.ids), ("quantity", "!=", 0)]
        )
        for van in self:
            van.quant_ids = quants.filtered(
                lambda q, v=van: q.location_id == v.location_id
            )

    @api.constrains("user_id", "company_id")
    def _check_technician(self):
        for van in self:
            user = van.user_id
            if not user.has_group(TECHNICIAN_GROUP) or user.share:
                raise ValidationError(
                    self.env._("%(user)s is not a claims technician.", user=user.name)
                )
            if van.company_id not in user.company_ids:
                raise ValidationError(
                    self.env._(
                        "%(user)s does not work for %(company)s.",
                        user=user.name,
                        company=van.company_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "location_id" in vals and not self.env.su:
                raise AccessError(self.env._("A van's location is created with it."))
        vans = super().create(vals_list)
        vans._create_locations()
        return vans

    def write(self, vals):
        if {"location_id", "warehouse_id", "company_id"}.intersection(vals) and not (
            self.env.su
        ):
            raise UserError(
                self.env._("The warehouse and location of a van cannot be changed.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_stock(self):
        if self.sudo().quant_ids.filtered(lambda q: q.quantity > 0):
            raise UserError(
                self.env._("Empty the van before deleting it: archive it instead.")
            )

    def _create_locations(self):
        # sudo: claims managers configure vans without being stock managers;
        # the location is the van's own, created only here.
        Location = self.env["stock.location"].sudo()
        for van in self.filtered(lambda v: not v.location_id):
            location = Location.create(
                {
                    "name": van.name,
                    "usage": "internal",
                    "location_id": van._vans_parent_location().id,
                    "company_id": van.company_id.id,
                    "claim_van_id": van.id,
                }
            )
            van.sudo().location_id = location

    def _vans_parent_location(self):
        """The warehouse's "Vans" view location, created once."""
        self.ensure_one()
        warehouse = self.warehouse_id.sudo()
        Location = self.env["stock.location"].sudo().with_context(active_test=False)
        parent = Location.search(
            [
                ("location_id", "=", warehouse.view_location_id.id),
                ("usage", "=", "view"),
                ("claim_vans_parent", "=", True),
            ],
            limit=1,
        )
        if not parent:
            parent = Location.create(
                {
                    "name": self.env._("Vans"),
                    "usage": "view",
                    "location_id": warehouse.view_location_id.id,
                    "company_id": warehouse.company_id.id,
                    "claim_vans_parent": True,
                }
            )
        return parent

    # ------------------------------------------------------------------
    # Replenishment
    # ------------------------------------------------------------------

    def action_open_replenish_wizard(self):
        self.ensure_one()
        self._check_can_replenish()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Replenish %(van)s", van=self.name),
            "res_model": "claim.van.replenish",
            "view_mode": "form",
            "target": "new",
            "context": {"default_van_id": self.id},
        }

    def action_view_stock(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "claim_management.claim_van_stock_action"
        )
        action["domain"] = [("location_id", "=", self.location_id.id)]
        action["context"] = {}
        return action

    def _check_can_replenish(self):
        user = self.env.user
        if not self.env.su and not (
            user.has_group("stock.group_stock_user")
            or user.has_group("claim_management.group_claim_manager")
        ):
            raise AccessError(
                self.env._(
                    "Only warehouse staff and claims administrators replenish vans."
                )
            )

    def _replenish(self, quantities):
        """Create a confirmed internal transfer from the warehouse's stock to
        the van. `quantities`: list of (product, quantity) pairs."""
        self.ensure_one()
        self._check_can_replenish()
        if not self.active:
            raise UserError(self.env._("The van %(van)s is archived.", van=self.name))
        quantities = [(p, q) for p, q in quantities if q]
        if not quantities:
            raise UserError(self.env._("Give at least one product and quantity."))
        for product, quantity in quantities:
            if quantity < 0:
                raise UserError(self.env._("Quantities must be positive."))
            if not product.is_storable:
                raise UserError(
                    self.env._(
                        "%(product)s is not tracked in stock: a van carries "
                        "stored products only.",
                        product=product.display_name,
                    )
                )
            if product.company_id and product.company_id != self.company_id:
                raise UserError(
                    self.env._(
                        "%(product)s belongs to another company.",
                        product=product.display_name,
                    )
                )
        # sudo: claims administrators replenish vans without stock rights; the
        # transfer is the van's own, checked above.
        warehouse = self.warehouse_id.sudo()
        picking_type = warehouse.with_context(active_test=False).int_type_id
        if not picking_type.active:
            # vans are storage locations: their transfers need the internal type
            picking_type.active = True
        source = warehouse.lot_stock_id
        picking = (
            self.env["stock.picking"]
            .sudo()
            .create(
                {
                    "picking_type_id": picking_type.id,
                    "location_id": source.id,
                    "location_dest_id": self.location_id.id,
                    "company_id": self.company_id.id,
                    "origin": self.name,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": quantity,
                                "product_uom": product.uom_id.id,
                                "location_id": source.id,
                                "location_dest_id": self.location_id.id,
                            }
                        )
                        for product, quantity in quantities
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.action_assign()
        # sudo: warehouse staff only read vans; the note is the transfer's trace
        self.sudo().message_post(
            body=self.env._(
                "Replenishment requested: %(picking)s", picking=picking.name
            ),
            subtype_xmlid="mail.mt_note",
        )
        return picking.with_env(self.env)

    def _refill_quantities(self):
        """(product, quantity) pairs that bring the van back to the maximum
        of its reordering rules where stock fell below their minimum."""
        self.ensure_one()
        # sudo: claims administrators read the van's rules without stock rights
        rules = (
            self.env["stock.warehouse.orderpoint"]
            .sudo()
            .search([("location_id", "=", self.location_id.id)])
        )
        on_hand = {
            product: quantity
            for product, quantity in self.env["stock.quant"]
            .sudo()
            ._read_group(
                [
                    ("location_id", "=", self.location_id.id),
                    ("product_id", "in", rules.product_id.ids),
                ],
                ["product_id"],
                ["quantity:sum"],
            )
        }
        result = []
        for rule in rules:
            quantity = on_hand.get(rule.product_id, 0.0)
            if quantity < rule.product_min_qty:
                target = max(rule.product_max_qty, rule.product_min_qty)
                result.append((rule.product_id.with_env(self.env), target - quantity))
        return result
