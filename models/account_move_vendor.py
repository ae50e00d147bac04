from odoo import api, fields, models

from .claim_link_guard import check_claim_links_create, check_claim_links_write


class AccountMove(models.Model):
    _inherit = "account.move"

    vendor_claim_id = fields.Many2one(
        "claim.vendor.claim",
        index="btree_not_null",
        readonly=True,
        copy=False,
        groups="purchase.group_purchase_user,claim_management.group_claim_operator,"
        "account.group_account_invoice",
        help="Vendor claim this vendor credit note recovers.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        check_claim_links_create(self, vals_list, ["vendor_claim_id"])
        return super().create(vals_list)

    def write(self, vals):
        check_claim_links_write(self, vals, ["vendor_claim_id"])
        return super().write(vals)

    def action_view_vendor_claim(self):
        self.ensure_one()
        return self.vendor_claim_id._action_open(
            self.vendor_claim_id, "claim.vendor.claim"
        )
