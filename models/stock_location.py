from odoo import api, fields, models

from .claim_link_guard import check_claim_links_create, check_claim_links_write

VAN_FIELDS = ["claim_van_id", "claim_vans_parent"]


class StockLocation(models.Model):
    _inherit = "stock.location"

    claim_van_id = fields.Many2one(
        "claim.van",
        string="Van",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="Technician's van this location holds the stock of.",
    )
    claim_vans_parent = fields.Boolean(
        readonly=True,
        copy=False,
        help="The warehouse's location grouping its technicians' vans.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # a van's location is created by the van (claim.van._create_locations)
        check_claim_links_create(self, vals_list, VAN_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        check_claim_links_write(self, vals, VAN_FIELDS)
        return super().write(vals)
