import logging
from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

REFRESH_OVERLAP = timedelta(hours=1)

# context keys that change a product's display name (supplier names and codes,
# no code, the formatted name): with any of them, Odoo's own display name
PRODUCT_NAME_CONTEXT = {
    "partner_id",
    "seller_id",
    "display_default_code",
    "formatted_display_name",
}

RATE_KINDS = [
    ("packer", "Packer"),
    ("carrier", "Carrier"),
    ("product", "Product"),
]


class ClaimRate(models.Model):
    """Monthly claim rates: what was claimed of what we delivered.

    One row per company, month of delivery and subject: a packer (claims
    about the deliveries they packed / deliveries they packed), a carrier
    (transport claims about its shipments / its shipments) or a product and
    lot (claimed quantity / delivered quantity, with the product's category
    and main vendor). Claims count in the month of the delivery they are
    about, so a rate is the share of that month's deliveries that got
    claimed; claims about goods we did not deliver (no stock move) do not
    count.

    A summary table filled by ``_refresh_rates`` (scheduled action, SQL
    aggregation of the done deliveries and the claim lines of the months that
    changed), so the analysis and the dashboard group a few thousand rows
    instead of the stock moves at every click. Nobody writes it through the
    ORM.
    """

    _name = "claim.rate"
    _inherit = ["claim.group.order.mixin", "claim.group.format.mixin"]
    _description = "Claim Rate"
    _order = "month desc, id"
    _rec_name = "month"

    _company_kind_month_idx = models.Index("(company_id, kind, month)")

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, ondelete="cascade"
    )
    month = fields.Date(
        required=True,
        readonly=True,
        help="First day of the month the goods were delivered, in the company's "
        "time zone.",
    )
    kind = fields.Selection(RATE_KINDS, required=True, readonly=True)
    packer_id = fields.Many2one(
        "res.users", string="Packed By", readonly=True, ondelete="cascade"
    )
    carrier_id = fields.Many2one("delivery.carrier", readonly=True, ondelete="cascade")
    product_id = fields.Many2one("product.product", readonly=True, ondelete="cascade")
    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    lot_id = fields.Many2one(
        "stock.lot", string="Lot/Serial", readonly=True, ondelete="cascade"
    )
    vendor_id = fields.Many2one(
        "res.partner",
        readonly=True,
        help="The product's main vendor: its first vendor price line.",
    )
    delivery_count = fields.Integer(
        string="Deliveries",
        readonly=True,
        help="Done deliveries to customers: packed by the packer, or shipped by "
        "the carrier.",
    )
    claim_count = fields.Integer(
        string="Claims",
        readonly=True,
        help="Claims about these deliveries (each claim counts once per "
        "delivery); for carriers, transport claims only.",
    )
    # the measures are double precision columns (no fixed digits): a pivot
    # sums tens of thousands of rows, three times faster than numeric ones
    # (bench/rates.py); the rate is rounded when written and when grouped,
    # and the web client shows two decimals
    quantity_delivered = fields.Float(string="Delivered Quantity", readonly=True)
    quantity_claimed = fields.Float(string="Claimed Quantity", readonly=True)
    rate = fields.Float(
        string="Rate (%)",
        readonly=True,
        aggregator="sum",
        help="Claims per 100 deliveries (packers, carriers) or claimed quantity "
        "per 100 units delivered (products); computed over the grouped rows.",
    )

    # ------------------------------------------------------------------
    # Grouped reads: the rate of a group is the ratio of its sums
    # ------------------------------------------------------------------

    @api.model
    def _rate_sql(self, query):
        """Rate of grouped rows: 100 x claimed / delivered over the group.
        A row holds either counts (packers, carriers) or quantities (products),
        never both, so one expression serves every kind."""
        claimed = SQL(
            "%s + %s",
            self._field_to_sql(self._table, "claim_count", query),
            self._field_to_sql(self._table, "quantity_claimed", query),
        )
        delivered = SQL(
            "%s + %s",
            self._field_to_sql(self._table, "delivery_count", query),
            self._field_to_sql(self._table, "quantity_delivered", query),
        )
        return SQL(
            "ROUND((100.0 * SUM(%s) / NULLIF(SUM(%s), 0))::numeric, 2)::float8",
            claimed,
            delivered,
        )

    def _read_group_groupby(self, alias, groupby_spec, query):
        if groupby_spec == "month:month" and alias == self._table:
            # a month is stored as its first day: the rows of a month are
            # grouped by the column itself, not by its truncation row by row
            return self._field_to_sql(alias, "month", query)
        return super()._read_group_groupby(alias, groupby_spec, query)

    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec == "rate:sum":
            return self._rate_sql(query)
        return super()._read_group_select(aggregate_spec, query)

    def _claim_group_formatters(self):
        """Product labels read for all the groups at once (below), unless the
        context changes how products are named."""
        if PRODUCT_NAME_CONTEXT.intersection(self.env.context):
            return {}
        return {"product_id": self._product_group_formatter}

    def _product_group_formatter(self, values):
        """Labels of product groups as Odoo's product display name writes
        them without a partner in the context ("[code] name (variant
        values)"), read for all the groups at once: one query for the codes
        and names in the user's language, the ORM only for the variants'
        attribute values. Odoo's own computation goes through the related
        ``name`` of each variant, about 0.25 ms a product: 1.2 s of a pivot
        of 4,784 products by month (bench/rates.py), for the same text."""
        ids = set()
        for value in values:
            if value:
                ids.update(value._ids)
        # sudo: as the web client's group labels (display names) are read
        Product = self.env["product.product"].sudo()
        Product.flush_model(["default_code", "product_tmpl_id", "combination_indices"])
        self.env["product.template"].flush_model(["name"])
        rows = self.env.execute_query(
            SQL(
                """SELECT p.id, p.default_code, p.combination_indices,
                          COALESCE(t.name->>%s, t.name->>'en_US')
                     FROM product_product p
                     JOIN product_template t ON t.id = p.product_tmpl_id
                    WHERE p.id = ANY(%s)""",
                self.env.lang or "en_US",
                sorted(ids),
            )
        )
        # the variants' attribute values, read together
        variants = {
            product.id: product
            for product in Product.browse(row[0] for row in rows if row[2])
        }
        labels = {}
        for product_id, code, combination, name in rows:
            if combination:
                values_ = variants[product_id].product_template_attribute_value_ids
                variant = values_._get_combination_name()
                if variant:
                    name = f"{name} ({variant})"
            if code:
                name = f"[{code}] {name}"
            labels[product_id] = name

        def format_product(value):
            if not value:
                return False, [("product_id", "=", False)]
            product_id = value._ids[0]
            return (product_id, labels[product_id]), [("product_id", "=", product_id)]

        return format_product

    # ------------------------------------------------------------------
    # Refresh
    # ------------------------------------------------------------------

    @api.model
    def _cron_refresh_rates(self):
        """Refresh the rates of the months that changed since the last run,
        company by company. A company another worker is refreshing is
        skipped (its row is locked for the refresh)."""
        companies = self.env["res.company"].search([("active", "=", True)])
        for company in companies:
            locked = company.try_lock_for_update(allow_referencing=True)
            if not locked:
                continue
            self._refresh_company_rates(locked)
            self.env.flush_all()
            if self.env.context.get("cron_id"):
                # a company done is committed, and its row lock released
                self.env["ir.cron"]._commit_progress(1)

    @api.model
    def _refresh_company_rates(self, company, full=False):
        """Recompute the rows of ``company`` for the months whose deliveries
        or claims changed since its last refresh (every month when ``full``
        or never refreshed). Call it with the company's row locked."""
        # the SQL below reads deliveries and claim lines from the tables
        self.env.flush_all()
        cr = self.env.cr
        # the start of this run: what changes while it runs is seen next time
        cr.execute("SELECT now() AT TIME ZONE 'UTC'")
        started = cr.fetchone()[0]
        since = None if full else (company.sudo().claim_rates_refreshed_at or None)
        if since:
            # rows carry the start of the transaction that wrote them: one
            # that began before the last run and committed after it is older
            # than its stamp; look back a while to catch it
            since -= REFRESH_OVERLAP
        tz = company.resource_calendar_id.tz or "UTC"
        if tz not in pytz.all_timezones_set:
            tz = "UTC"
        self._prepare_deliveries(company, tz, since)
        cr.execute(SQL("SELECT count(DISTINCT month) FROM claim_rate_delivery"))
        months = cr.fetchone()[0]
        if since is not None and not months:
            company.sudo().claim_rates_refreshed_at = started
            return 0
        if since is None:
            cr.execute(SQL("DELETE FROM claim_rate WHERE company_id = %s", company.id))
        else:
            cr.execute(
                SQL(
                    """DELETE FROM claim_rate
                        WHERE company_id = %s
                          AND month IN (SELECT DISTINCT month FROM claim_rate_delivery)""",
                    company.id,
                )
            )
        self._insert_delivery_rates(company, "packer")
        self._insert_delivery_rates(company, "carrier")
        self._insert_product_rates(company)
        cr.execute("DROP TABLE claim_rate_delivery")
        # sudo: a technical stamp of the cron on the company, not a setting
        company.sudo().claim_rates_refreshed_at = started
        self.invalidate_model()
        _logger.info("Claim rates of %s: %s months refreshed", company.name, months)
        return months

    @api.model
    def _prepare_deliveries(self, company, tz, since):
        """Temporary table ``claim_rate_delivery``: the company's done
        deliveries to customers of the months to refresh (all of them without
        ``since``), with their month in the company's time zone."""
        cr = self.env.cr
        cr.execute("DROP TABLE IF EXISTS claim_rate_delivery")
        month = SQL(
            "date_trunc('month', timezone(%s, p.date_done AT TIME ZONE 'UTC'))::date",
            tz,
        )
        deliveries = SQL(
            """
            SELECT p.id, p.packer_id, p.carrier_id, %(month)s AS month
              FROM stock_picking p
              JOIN stock_picking_type t ON t.id = p.picking_type_id
              JOIN stock_location dest ON dest.id = p.location_dest_id
             WHERE p.company_id = %(company)s
               AND p.state = 'done'
               AND p.date_done IS NOT NULL
               AND t.code = 'outgoing'
               AND dest.usage = 'customer'
            """,
            month=month,
            company=company.id,
        )
        if since is None:
            cr.execute(SQL("CREATE TEMP TABLE claim_rate_delivery AS %s", deliveries))
        else:
            # the months that changed, found from the few rows written since
            # the last run (a join of every delivery with the claim lines
            # took minutes at 1,000,000 claims: the planner cannot estimate a
            # filter on the whole set of deliveries)
            cr.execute(
                SQL(
                    """
                    SELECT DISTINCT d.month FROM (%(deliveries)s) d
                     WHERE d.id IN (
                           SELECT id FROM stock_picking
                            WHERE company_id = %(company)s AND write_date >= %(since)s
                           UNION
                           SELECT m.picking_id FROM claim_line l
                             JOIN stock_move m ON m.id = l.move_id
                            WHERE l.company_id = %(company)s AND l.write_date >= %(since)s
                           UNION
                           SELECT m.picking_id FROM claim_claim c
                             JOIN claim_line l ON l.claim_id = c.id
                             JOIN stock_move m ON m.id = l.move_id
                            WHERE c.company_id = %(company)s AND c.write_date >= %(since)s)
                    """,
                    deliveries=deliveries,
                    since=since,
                    company=company.id,
                )
            )
            months = [row[0] for row in cr.fetchall()]
            cr.execute(
                SQL(
                    """CREATE TEMP TABLE claim_rate_delivery AS
                       SELECT * FROM (%s) d WHERE %s""",
                    deliveries,
                    SQL("d.month IN %s", tuple(months)) if months else SQL("FALSE"),
                )
            )
        cr.execute("CREATE INDEX ON claim_rate_delivery (id)")
        cr.execute("ANALYZE claim_rate_delivery")

    @api.model
    def _counted_claims_sql(self, company):
        """Claims that count in the rates: active, not cancelled."""
        return SQL(
            """SELECT c.id FROM claim_claim c
                WHERE c.company_id = %s AND c.active IS TRUE
                  AND c.state != 'cancelled'""",
            company.id,
        )

    @api.model
    def _insert_delivery_rates(self, company, kind):
        """Rows of packers or carriers: deliveries and claims per month."""
        subject = "packer_id" if kind == "packer" else "carrier_id"
        transport = SQL("")
        if kind == "carrier":
            transport = SQL(
                """AND c.claim_type_id IN (
                       SELECT id FROM claim_type WHERE counts_for_carrier IS TRUE)"""
            )
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO claim_rate (company_id, month, kind, %(subject)s,
                                        delivery_count, claim_count,
                                        quantity_delivered, quantity_claimed, rate,
                                        create_uid, create_date, write_uid, write_date)
                SELECT %(company)s, d.month, %(kind)s, d.%(subject)s,
                       count(*), COALESCE(sum(claimed.claims), 0), 0, 0,
                       ROUND((100.0 * COALESCE(sum(claimed.claims), 0)
                              / count(*))::numeric, 2),
                       %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s,
                       now() AT TIME ZONE 'UTC'
                  FROM claim_rate_delivery d
                  LEFT JOIN (
                        SELECT m.picking_id, count(DISTINCT l.claim_id) AS claims
                          FROM claim_line l
                          JOIN claim_claim c ON c.id = l.claim_id
                          JOIN stock_move m ON m.id = l.move_id
                         WHERE l.company_id = %(company)s
                           AND c.id IN (%(counted)s) %(transport)s
                           AND m.picking_id IN (SELECT id FROM claim_rate_delivery)
                         GROUP BY m.picking_id
                  ) claimed ON claimed.picking_id = d.id
                 WHERE d.%(subject)s IS NOT NULL
                 GROUP BY d.month, d.%(subject)s
                """,
                subject=SQL.identifier(subject),
                company=company.id,
                kind=kind,
                counted=self._counted_claims_sql(company),
                transport=transport,
                uid=self.env.uid,
            )
        )

    @api.model
    def _insert_product_rates(self, company):
        """Rows of products and lots: delivered and claimed quantities (in the
        product's unit) per month, with category and main vendor."""
        self.env.cr.execute(
            SQL(
                """
                WITH delivered AS (
                    SELECT d.month, ml.product_id, ml.lot_id,
                           sum(ml.quantity_product_uom) AS qty
                      FROM claim_rate_delivery d
                      JOIN stock_move_line ml ON ml.picking_id = d.id
                      JOIN stock_move m ON m.id = ml.move_id AND m.state = 'done'
                     GROUP BY d.month, ml.product_id, ml.lot_id
                ),
                claimed AS (
                    SELECT d.month, l.product_id, l.lot_id,
                           sum(l.quantity * COALESCE(lu.factor, 1)
                               / COALESCE(NULLIF(pu.factor, 0), 1)) AS qty
                      FROM claim_line l
                      JOIN stock_move m ON m.id = l.move_id
                      JOIN claim_rate_delivery d ON d.id = m.picking_id
                      JOIN product_product pp ON pp.id = l.product_id
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                      LEFT JOIN uom_uom pu ON pu.id = pt.uom_id
                      LEFT JOIN uom_uom lu ON lu.id = l.uom_id
                     WHERE l.company_id = %(company)s
                       AND l.claim_id IN (%(counted)s)
                     GROUP BY d.month, l.product_id, l.lot_id
                ),
                merged AS (
                    SELECT COALESCE(dl.month, cl.month) AS month,
                           COALESCE(dl.product_id, cl.product_id) AS product_id,
                           COALESCE(dl.lot_id, cl.lot_id) AS lot_id,
                           COALESCE(dl.qty, 0) AS delivered,
                           COALESCE(cl.qty, 0) AS claimed
                      FROM delivered dl
                      FULL JOIN claimed cl
                        ON cl.month = dl.month AND cl.product_id = dl.product_id
                       AND cl.lot_id IS NOT DISTINCT FROM dl.lot_id
                )
                INSERT INTO claim_rate (company_id, month, kind, product_id, lot_id,
                                        categ_id, vendor_id,
                                        delivery_count, claim_count,
                                        quantity_delivered, quantity_claimed, rate,
                                        create_uid, create_date, write_uid, write_date)
                SELECT %(company)s, x.month, 'product', x.product_id, x.lot_id,
                       pt.categ_id, vendor.partner_id, 0, 0, x.delivered, x.claimed,
                       CASE WHEN x.delivered > 0
                            THEN ROUND((100.0 * x.claimed / x.delivered)::numeric, 2)
                       END,
                       %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s,
                       now() AT TIME ZONE 'UTC'
                  FROM merged x
                  JOIN product_product pp ON pp.id = x.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  LEFT JOIN LATERAL (
                        SELECT s.partner_id FROM product_supplierinfo s
                         WHERE s.product_tmpl_id = pt.id
                           AND (s.product_id IS NULL OR s.product_id = pp.id)
                           AND (s.company_id IS NULL OR s.company_id = %(company)s)
                         ORDER BY s.sequence, s.min_qty DESC, s.price, s.id
                         LIMIT 1
                  ) vendor ON TRUE
                """,
                company=company.id,
                counted=self._counted_claims_sql(company),
                uid=self.env.uid,
            )
        )
