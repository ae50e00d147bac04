from odoo import api, fields, models
from odoo.fields import Domain

from .claim_link_guard import check_claim_links_create, check_claim_links_write


class StockLot(models.Model):
    _inherit = "stock.lot"

    claim_loaner_id = fields.Many2one(
        "claim.loaner",
        string="Lent On Loan",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The claim loan this loaner unit is lent on now.",
    )
    claim_loaner_partner_id = fields.Many2one(
        related="claim_loaner_id.partner_id", string="Lent To"
    )
    claim_loaner_date_due = fields.Date(
        related="claim_loaner_id.date_due", string="Loaner Due Back On"
    )
    claim_loaner_available = fields.Boolean(
        string="Loaner Available",
        compute="_compute_claim_loaner_available",
        search="_search_claim_loaner_available",
        help="A unit of a loaner product in stock in its company's loaners location.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        check_claim_links_create(self, vals_list, ["claim_loaner_id"])
        return super().create(vals_list)

    def write(self, vals):
        check_claim_links_write(self, vals, ["claim_loaner_id"])
        return super().write(vals)

    @api.model
    def _claim_loaner_quant_domain(self):
        # sudo: the loaner locations of the user's companies, whatever their
        # inventory rights (claims operators pick units to lend)
        locations = self.env.companies.sudo().claim_loaner_location_id
        return Domain("location_id", "child_of", locations.ids) & Domain(
            "quantity", ">", 0
        )

    def _compute_claim_loaner_available(self):
        # sudo: see _claim_loaner_quant_domain
        quants = (
            self.env["stock.quant"]
            .sudo()
            .search(
                self._claim_loaner_quant_domain() & Domain("lot_id", "in", self.ids)
            )
        )
        for lot in self:
            lot.claim_loaner_available = bool(
                lot.product_id.claim_is_loaner
                and not lot.claim_loaner_id
                and lot in quants.lot_id
            )

    def _search_claim_loaner_available(self, operator, value):
        if operator != "in":
            return NotImplemented
        # sudo: see _claim_loaner_quant_domain
        quants = (
            self.env["stock.quant"]
            .sudo()
            .search(self._claim_loaner_quant_domain() & Domain("lot_id", "!=", False))
        )
        return (
            Domain("id", "in", quants.lot_id.ids)
            & Domain("product_id.claim_is_loaner", "=", True)
            & Domain("claim_loaner_id", "=", False)
        )
