from odoo import api, fields, models
from odoo.fields import Domain

from .claim_link_guard import (
    as_workflow,
    check_claim_links_create,
    check_claim_links_write,
)

# Set by validating the transfer (the packer) and by the claim actions.
PICKING_CLAIM_FIELDS = (
    "packer_id",
    "packed_date",
    "resolution_claim_id",
    "claim_loaner_id",
    "claim_service_order_id",
)


class StockPicking(models.Model):
    _inherit = "stock.picking"

    packer_id = fields.Many2one(
        "res.users",
        string="Packed By",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Who packed the goods: the user who validated the packing step, or the "
        "delivery itself when it is shipped in one step.",
    )
    packed_date = fields.Datetime(string="Packed On", readonly=True, copy=False)
    claim_ids = fields.Many2many(
        "claim.claim",
        string="Claims",
        compute="_compute_claim_ids",
        help="Claims about this transfer: by their delivery or by the stock moves "
        "of their lines.",
    )
    claim_count = fields.Integer(compute="_compute_claim_count")
    resolution_claim_id = fields.Many2one(
        "claim.claim",
        string="Resolves Claim",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="Claim this return, replacement or receipt was made for.",
    )
    claim_loaner_id = fields.Many2one(
        "claim.loaner",
        string="Claim Loan",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="Loan of a loaner unit this delivery or receipt moves.",
    )
    claim_service_order_id = fields.Many2one(
        "claim.service.order",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="Service order whose goods this transfer moves to or from a service "
        "partner, or on to the customer.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        check_claim_links_create(self, vals_list, PICKING_CLAIM_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        check_claim_links_write(self, vals, PICKING_CLAIM_FIELDS)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Claims
    # ------------------------------------------------------------------

    def _get_claim_ids_by_picking(self):
        """{picking id: set of ids of the claims about it} for the claims the
        user can read: by the claim's delivery or by its lines' stock moves."""
        pickings = self.filtered("id")
        claim_ids = {picking.id: set() for picking in pickings}
        if not pickings:
            return claim_ids
        for picking, ids in self.env["claim.claim"]._read_group(
            [("picking_id", "in", pickings.ids)], ["picking_id"], ["id:array_agg"]
        ):
            claim_ids[picking.id].update(ids)
        moves = pickings.move_ids
        if moves:
            for move, ids in self.env["claim.line"]._read_group(
                [("move_id", "in", moves.ids)], ["move_id"], ["claim_id:array_agg"]
            ):
                claim_ids[move.picking_id.id].update(ids)
        return claim_ids

    @api.depends_context("uid")
    def _compute_claim_ids(self):
        claim_ids = self._get_claim_ids_by_picking()
        for picking in self:
            ids = sorted(claim_ids.get(picking.id, ()), reverse=True)
            picking.claim_ids = self.env["claim.claim"].browse(ids)

    @api.depends_context("uid")
    def _compute_claim_count(self):
        # Users who cannot read claims (e.g. sales users opening a delivery)
        # count none.
        if not self.env["claim.claim"].has_access("read"):
            self.claim_count = 0
            return
        claim_ids = self._get_claim_ids_by_picking()
        for picking in self:
            picking.claim_count = len(claim_ids.get(picking.id, ()))

    def action_view_claims(self):
        """The claims about these pickings (a form for a single claim)."""
        defaults = {}
        if len(self) == 1:
            defaults = {"picking_id": self.id, "partner_id": self.partner_id.id}
        return self.env["claim.claim"]._action_view_claims(
            [("id", "in", self.claim_ids.ids)], defaults
        )

    def action_open_claim_wizard(self):
        """Start a claim from this delivery."""
        self.ensure_one()
        return self.env["claim.create.wizard"]._action_open(picking=self)

    # ------------------------------------------------------------------
    # Packer
    # ------------------------------------------------------------------

    def _action_done(self):
        res = super()._action_done()
        # the packer is the validating user's, whatever their rights
        as_workflow(self.filtered(lambda p: p.state == "done"))._record_packer()
        # sudo: warehouse users may not read every claim; the claims follow
        self.sudo().move_ids.claim_line_id.claim_id._sync_resolution_state()
        self._claim_post_cost_entries()
        return res

    def _claim_customer_address(self):
        """The customer's address the goods went to: the partner of our
        deliveries; a vendor's dropship names the vendor as its partner, so
        the delivery address of its sales order (or of its purchase order)."""
        self.ensure_one()
        if self.picking_type_code != "dropship":
            return self.partner_id
        # sudo: claims users and customers check a dropship's customer without
        # rights on sales and purchase orders; only the address is returned.
        picking = self.sudo()
        address = (
            picking.sale_id.partner_shipping_id
            or picking.move_ids.purchase_line_id.order_id.dest_address_id[:1]
        )
        return address.with_env(self.env)

    @api.model
    def _claim_customer_domain(self, commercial):
        """Pickings that delivered goods to ``commercial`` (a commercial
        partner), ours or a vendor's dropship (see above)."""
        dropship = Domain("picking_type_code", "=", "dropship")
        return (~dropship & Domain("partner_id", "child_of", commercial.id)) | (
            dropship
            & Domain("sale_id", "any", Domain("partner_id", "child_of", commercial.id))
        )

    def _is_pack_picking(self):
        self.ensure_one()
        pack_type = self.picking_type_id.warehouse_id.pack_type_id
        return bool(pack_type) and self.picking_type_id == pack_type

    def _record_packer(self):
        """Record who packed the validated pickings.

        A pack step records the user validating it. A delivery takes the packer
        of the pack step before it (multi-step delivery) or, without one, the
        user validating the delivery.
        """
        now = fields.Datetime.now()
        user = self.env.user
        packs = self.filtered(lambda p: p._is_pack_picking())
        # packs first: a delivery validated together with its pack step takes
        # the packer from it
        if packs:
            packs.write({"packer_id": user.id, "packed_date": now})
        deliveries = self.filtered(lambda p: p.picking_type_code == "outgoing") - packs
        own_packer = self.browse()
        by_pack = {}
        for delivery in deliveries:
            pack = delivery._find_previous_pack()
            if pack:
                by_pack[pack] = by_pack.get(pack, self.browse()) | delivery
            else:
                own_packer |= delivery
        if own_packer:
            own_packer.write({"packer_id": user.id, "packed_date": now})
        for pack, pickings in by_pack.items():
            pickings.write(
                {"packer_id": pack.packer_id.id, "packed_date": pack.packed_date}
            )

    def _find_previous_pack(self):
        """The last packed pack step that the goods of this picking went through.

        Walks up the chain of origin moves (pick → pack → ship, also across
        backorders) and stops at receipts. Reads are batched by the ORM
        prefetching across all the pickings being validated.
        """
        self.ensure_one()
        visited = moves = self.move_ids
        while moves:
            origins = moves.move_orig_ids - visited
            origins = origins.filtered(lambda m: m.picking_code != "incoming")
            visited |= origins
            packs = origins.picking_id.filtered(
                lambda p: p.packer_id and p._is_pack_picking()
            )
            if packs:
                return packs.sorted("packed_date", reverse=True)[:1]
            moves = origins
        return self.browse()

    # ------------------------------------------------------------------
    # Claim resolution
    # ------------------------------------------------------------------

    def action_cancel(self):
        res = super().action_cancel()
        # sudo: warehouse users may not read every claim; the claims follow
        self.sudo().move_ids.claim_line_id.claim_id._sync_resolution_state()
        return res

    def _claim_post_cost_entries(self):
        """Post the claim cost entries of done replacement deliveries, and of
        returns of replacements whose delivery has one. Idempotent."""
        moves_by_picking = {}
        for picking in self.filtered(lambda p: p.state == "done"):
            moves = picking.move_ids.filtered(
                lambda m: m.state == "done" and m._is_claim_cost_move()
            )
            returns = moves.filtered(
                lambda m: m.claim_move_kind == "replacement_return"
            )
            if returns:
                # only a posted cost is taken back
                origins = returns.origin_returned_move_id.picking_id
                # sudo: warehouse users may not read journal entries
                posted = (
                    self.env["account.move"]
                    .sudo()
                    .search([("claim_cost_picking_id", "in", origins.ids)])
                    .claim_cost_picking_id
                )
                moves -= returns.filtered(
                    lambda m, p=posted: m.origin_returned_move_id.picking_id not in p
                )
            if moves:
                moves_by_picking[picking] = moves
        return self.env["claim.claim"]._post_cost_entries(
            self.browse([p.id for p in moves_by_picking]), moves_by_picking
        )
