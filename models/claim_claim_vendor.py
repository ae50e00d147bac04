from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

VENDOR_GROUPS = "purchase.group_purchase_user,claim_management.group_claim_operator"


class ClaimLine(models.Model):
    """Where the claimed goods came from: the vendor and the warranty the
    vendor gives ("gwarancja nabyta"), beside the customer's warranty."""

    _inherit = "claim.line"

    vendor_claim_line_ids = fields.One2many(
        "claim.vendor.claim.line",
        "claim_line_id",
        string="Vendor Claim Lines",
        groups=VENDOR_GROUPS,
    )
    vendor_id = fields.Many2one(
        "res.partner",
        compute="_compute_vendor_origin",
        groups=VENDOR_GROUPS,
        help="Who sold us the goods: the vendor of the purchase that brought the "
        "lot in, else the product's first vendor; the vendor claim's once one "
        "is made.",
    )
    vendor_warranty_end = fields.Date(
        compute="_compute_vendor_origin",
        groups=VENDOR_GROUPS,
        help="End of the vendor's warranty on these goods: the receipt of the lot "
        "plus the warranty months of the vendor's price line. Empty when the "
        "receipt or the vendor's warranty is not known.",
    )

    @api.depends(
        "product_id",
        "lot_id",
        "company_id",
        "vendor_claim_line_ids.partner_id",
        "vendor_claim_line_ids.vendor_warranty_end",
    )
    def _compute_vendor_origin(self):
        VendorLine = self.env["claim.vendor.claim.line"]
        receipt_moves = {}
        for company in self.company_id:
            lots = self.filtered(lambda line, c=company: line.company_id == c).lot_id
            receipt_moves.update(VendorLine._find_receipt_moves(lots, company))
        for line in self:
            made = line.sudo().vendor_claim_line_ids.filtered(
                lambda vendor_line: vendor_line.state != "cancel"
            )[:1]
            if made:
                line.vendor_id = made.partner_id
                line.vendor_warranty_end = made.vendor_warranty_end
                continue
            if not line.product_id or not line.company_id:
                line.vendor_id = line.vendor_warranty_end = False
                continue
            source = VendorLine._source_vals(
                line.product_id,
                line.company_id,
                move=receipt_moves.get(line.lot_id, self.env["stock.move"]),
            )
            vendor = self.env["res.partner"].browse(source["partner_id"])
            months = vendor and VendorLine._warranty_months_of(line.product_id, vendor)
            line.vendor_id = vendor
            line.vendor_warranty_end = (
                source["receipt_date"] + relativedelta(months=months)
                if source["receipt_date"] and months
                else False
            )


class ClaimClaim(models.Model):
    """Smart button: the vendor claims made for this claim's goods."""

    _inherit = "claim.claim"

    vendor_claim_count = fields.Integer(
        compute="_compute_vendor_claim_count",
        groups="purchase.group_purchase_user,claim_management.group_claim_operator",
    )

    @api.depends_context("uid")
    def _compute_vendor_claim_count(self):
        if not self.env["claim.vendor.claim"].has_access("read"):
            self.vendor_claim_count = 0
            return
        groups = self.env["claim.vendor.claim.line"]._read_group(
            [("claim_id", "in", self.ids), ("state", "!=", "cancel")],
            ["claim_id"],
            ["vendor_claim_id:count_distinct"],
        )
        counts = {claim.id: count for claim, count in groups}
        for claim in self:
            claim.vendor_claim_count = counts.get(claim.id, 0)

    def action_view_vendor_claims(self):
        self.ensure_one()
        vendor_claims = self.env["claim.vendor.claim"].search(
            [("line_ids.claim_id", "=", self.id)]
        )
        return vendor_claims._action_open(vendor_claims, "claim.vendor.claim")

    def action_open_vendor_claim_wizard(self):
        """Claim the accepted goods of these claims from their vendors."""
        return self.env["claim.vendor.claim.wizard"]._action_open(claims=self)
