from odoo import fields, models
from odoo.tools import SQL


class ClaimAnalysis(models.Model):
    """Claimed products analysis: one row per claim line, with its claim's data.

    A PostgreSQL view, so pivots and graphs group millions of lines in SQL.
    """

    _name = "claim.analysis"
    _description = "Claims Analysis"
    _inherit = ["claim.group.format.mixin"]
    _auto = False
    _rec_name = "claim_id"
    _order = "date_received desc"

    claim_id = fields.Many2one("claim.claim", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date_received = fields.Datetime(string="Received On", readonly=True)
    date_resolved = fields.Datetime(string="Resolved On", readonly=True)
    commercial_partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True
    )
    store_id = fields.Many2one("res.partner", readonly=True)
    claim_type_id = fields.Many2one("claim.type", string="Type", readonly=True)
    reason_id = fields.Many2one("claim.reason", readonly=True)
    stage_id = fields.Many2one("claim.stage", readonly=True)
    state = fields.Selection(
        selection=lambda self: self.env["claim.stage"]._fields["state"].selection,
        string="Status",
        readonly=True,
    )
    user_id = fields.Many2one("res.users", string="Operator", readonly=True)
    team_id = fields.Many2one("claim.team", readonly=True)
    channel = fields.Selection(
        selection=lambda self: self.env["claim.claim"]._fields["channel"].selection,
        readonly=True,
    )
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", readonly=True)
    decision = fields.Selection(
        selection=lambda self: self.env["claim.line"]._fields["decision"].selection,
        readonly=True,
    )
    packer_id = fields.Many2one("res.users", string="Packed By", readonly=True)
    root_cause_id = fields.Many2one("claim.root.cause", readonly=True)
    outcome_id = fields.Many2one("claim.outcome", readonly=True)
    carrier_id = fields.Many2one("delivery.carrier", readonly=True)
    in_warranty = fields.Boolean(readonly=True)
    quantity = fields.Float(readonly=True)
    quantity_accepted = fields.Float(readonly=True)
    amount_claimed = fields.Monetary(string="Value Claimed", readonly=True)
    amount_accepted = fields.Monetary(string="Value Accepted", readonly=True)
    amount_cost = fields.Monetary(string="Cost Value", readonly=True)
    amount_credited = fields.Monetary(string="Value Credited", readonly=True)
    days_to_resolve = fields.Float(
        readonly=True, aggregator="avg", help="Days from receipt to resolution."
    )
    claim_count = fields.Integer(
        string="# Claims", readonly=True, aggregator="count_distinct"
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT line.id AS id,
                   claim.id AS claim_id,
                   claim.id AS claim_count,
                   claim.company_id,
                   claim.currency_id,
                   claim.date_received,
                   claim.date_resolved,
                   claim.commercial_partner_id,
                   claim.store_id,
                   claim.claim_type_id,
                   claim.reason_id,
                   claim.stage_id,
                   claim.state,
                   claim.user_id,
                   claim.team_id,
                   claim.channel,
                   claim.carrier_id,
                   claim.outcome_id,
                   line.product_id,
                   template.categ_id,
                   line.lot_id,
                   line.decision,
                   line.packer_id,
                   line.root_cause_id,
                   line.in_warranty,
                   line.quantity,
                   line.quantity_accepted,
                   line.amount AS amount_claimed,
                   line.amount_accepted,
                   line.amount_cost,
                   line.amount_credited,
                   CASE WHEN claim.date_resolved IS NOT NULL
                        THEN EXTRACT(EPOCH FROM claim.date_resolved - claim.date_received)
                             / 86400.0
                   END AS days_to_resolve
              FROM claim_line line
              JOIN claim_claim claim ON claim.id = line.claim_id
              JOIN product_product product ON product.id = line.product_id
              JOIN product_template template ON template.id = product.product_tmpl_id
             WHERE claim.active
            """
        )
