from contextlib import closing

from dateutil.relativedelta import relativedelta
from lxml import etree
from psycopg2 import IntegrityError

from odoo import Command, fields, sql_db
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger
from odoo.tools.safe_eval import safe_eval

from .common_rates import ClaimRatesCommon


@tagged("post_install", "-at_install")
class TestClaimRates(ClaimRatesCommon):
    """Claim rates per packer, carrier and product from real deliveries and
    claims, their alerts and who may see and set them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.packer_1 = cls._stock_user("rates_packer_1", "Rita Packer")
        cls.packer_2 = cls._stock_user("rates_packer_2", "Paul Packer")
        service = cls.env["product.product"].create(
            {"name": "Rates Shipping", "type": "service"}
        )
        cls.carrier = cls.env["delivery.carrier"].create(
            {"name": "Rates Express", "product_id": service.id}
        )
        # transport claims: of the types that count for carriers
        cls.type_shipping = cls.env["claim.type"].create(
            {"name": "Rates Shipping Damage", "counts_for_carrier": True}
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Chair Factory"})
        cls.env["product.supplierinfo"].create(
            {
                "partner_id": cls.vendor.id,
                "product_tmpl_id": cls.product_a.product_tmpl_id.id,
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product_a, cls.warehouse.lot_stock_id, 100.0
        )
        # this month: Rita packs 4 deliveries of 3 chairs (3 shipped by the
        # carrier), Paul 2; last month Rita packed 2
        cls.this_month = fields.Date.today().replace(day=1)
        cls.last_month = cls.this_month - relativedelta(months=1)
        cls.rita = [
            cls._delivery(cls.packer_1, carrier=index < 3) for index in range(4)
        ]
        cls.paul = [cls._delivery(cls.packer_2) for _index in range(2)]
        cls.rita_before = [
            cls._delivery(cls.packer_1, month=cls.last_month) for _index in range(2)
        ]

    def _claim(self, picking, quantity=1.0, claim_type=None):
        """A claim about `picking`'s chairs, as a claims operator."""
        move = picking.move_ids[:1]
        return (
            self.env["claim.claim"]
            .with_user(self.operator)
            .create(
                {
                    "partner_id": self.customer_contact.id,
                    "claim_type_id": (claim_type or self.type_quantity).id,
                    "picking_id": picking.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": move.product_id.id,
                                "quantity": quantity,
                                "move_id": move.id,
                            }
                        )
                    ],
                }
            )
        )

    def _refresh(self, full=False):
        self.env["claim.rate"]._refresh_company_rates(self.company, full=full)

    def _rates(self, kind, subject, user=None):
        """{(subject record, month): (delivered, claimed, rate)}"""
        Rate = self.env["claim.rate"].with_user(user or self.operator)
        measures = (
            ["quantity_delivered:sum", "quantity_claimed:sum"]
            if kind == "product"
            else ["delivery_count:sum", "claim_count:sum"]
        )
        return {
            (record, month): (delivered, claimed, rate)
            for record, month, delivered, claimed, rate in Rate._read_group(
                [("kind", "=", kind)],
                [subject, "month:month"],
                [*measures, "rate:sum"],
            )
        }

    # ------------------------------------------------------------------
    # Rates
    # ------------------------------------------------------------------

    def test_rates_per_packer_carrier_and_product(self):
        self._claim(self.rita[0])
        self._claim(self.rita[1], claim_type=self.type_shipping)
        self._claim(self.paul[0], quantity=2.0)
        cancelled = self._claim(self.paul[1])
        cancelled.action_cancel()
        self._create_claim()  # goods we did not deliver: counts nowhere
        self._refresh(full=True)

        packers = self._rates("packer", "packer_id")
        self.assertEqual(packers[self.packer_1, self.this_month], (4, 2, 50.0))
        self.assertEqual(packers[self.packer_2, self.this_month], (2, 1, 50.0))
        self.assertEqual(packers[self.packer_1, self.last_month], (2, 0, 0.0))
        # the rate of a group is the ratio of its sums, not a sum of rates
        [(rate,)] = (
            self.env["claim.rate"]
            .with_user(self.operator)
            ._read_group(
                [("kind", "=", "packer"), ("packer_id", "=", self.packer_1.id)],
                [],
                ["rate:sum"],
            )
        )
        self.assertEqual(rate, round(100 * 2 / 6, 2))

        # carriers: transport claims only, over the shipments of the carrier
        carriers = self._rates("carrier", "carrier_id")
        self.assertEqual(
            {key: value for key, value in carriers.items() if key[0] == self.carrier},
            {(self.carrier, self.this_month): (3, 1, 33.33)},
        )

        # products: claimed quantity over delivered quantity, with category
        # and main vendor
        products = self._rates("product", "product_id")
        self.assertEqual(products[self.product_a, self.this_month], (18.0, 4.0, 22.22))
        self.assertEqual(products[self.product_a, self.last_month], (6.0, 0.0, 0.0))
        Rate = self.env["claim.rate"].with_user(self.operator)
        [(vendor, categ, rate)] = Rate._read_group(
            [
                ("kind", "=", "product"),
                ("month", "=", self.this_month),
                ("product_id", "=", self.product_a.id),
            ],
            ["vendor_id", "categ_id"],
            ["rate:sum"],
        )
        self.assertEqual(vendor, self.vendor)
        self.assertEqual(categ, self.product_a.categ_id)
        self.assertEqual(rate, 22.22)

    def test_pivot_groups_labelled_and_filtered_each(self):
        """The web client's grouping (formatted_read_group, month labels and
        domains formatted once per value): every group keeps its own label
        and a domain that selects exactly its rows."""
        self._claim(self.rita[0])
        self._claim(self.paul[0], quantity=2.0)
        self._refresh(full=True)
        Rate = self.env["claim.rate"].with_user(self.operator)
        # our packers only: the database may hold other deliveries
        domain = [
            ("kind", "=", "packer"),
            ("packer_id", "in", (self.packer_1 | self.packer_2).ids),
        ]
        groups = Rate.formatted_read_group(
            domain, ["packer_id", "month:month"], ["delivery_count:sum", "__count"]
        )
        # two packers this month, one of them last month too: months repeat
        expected = {(row.packer_id.id, row.month) for row in Rate.search(domain)}
        self.assertGreaterEqual(len(expected), 3)
        self.assertEqual(len(groups), len(expected))
        self.assertLess(len({month for _packer, month in expected}), len(expected))
        seen = set()
        for group in groups:
            packer_id, packer_name = group["packer_id"] or (False, False)
            month_value, month_label = group["month:month"]
            self.assertEqual(
                packer_name, self.env["res.users"].browse(packer_id).display_name
            )
            self.assertTrue(month_label)
            rows = Rate.search(domain + group["__extra_domain"])
            self.assertEqual(len(rows), group["__count"])
            self.assertEqual(
                set(rows.packer_id.ids), {packer_id} if packer_id else set()
            )
            self.assertEqual(
                sum(rows.mapped("delivery_count")), group["delivery_count:sum"]
            )
            seen.add((packer_id, month_value))
        self.assertEqual(len(seen), len(groups))
        # the pivot asks for its four groupings in one call: each is what it
        # is asked alone (months grouped on the stored first day)
        sets = [[], ["month:month"], ["packer_id"], ["packer_id", "month:month"]]
        aggregates = ["delivery_count:sum", "rate:sum", "__count"]
        pivot = Rate.formatted_read_grouping_sets(domain, sets, aggregates)
        for groupby, result in zip(sets, pivot, strict=True):
            alone = Rate.formatted_read_group(domain, groupby, aggregates)
            self.assertCountEqual(result, alone, groupby)
        self.assertEqual(pivot[0][0]["__count"], len(Rate.search(domain)))
        self.assertEqual(
            {group["month:month"][0] for group in pivot[1]},
            {str(month) for _packer, month in expected},
        )

    def test_product_groups_labelled_as_odoo_names_products(self):
        Attribute = self.env["product.attribute"]
        colour = Attribute.create(
            {
                "name": "Rates Colour",
                "value_ids": [Command.create({"name": n}) for n in ("Red", "Blue")],
            }
        )
        size = Attribute.create(
            {"name": "Rates Size", "value_ids": [Command.create({"name": "XL"})]}
        )
        engraving = Attribute.create(
            {
                "name": "Rates Engraving",
                "create_variant": "no_variant",
                "value_ids": [Command.create({"name": n}) for n in ("Yes", "No")],
            }
        )
        template = self.env["product.template"].create(
            {
                "name": "Rates Chair",
                "attribute_line_ids": [
                    Command.create(
                        {
                            "attribute_id": a.id,
                            "value_ids": [Command.set(a.value_ids.ids)],
                        }
                    )
                    for a in (colour, size, engraving)
                ],
            }
        )
        variants = template.product_variant_ids
        self.assertEqual(len(variants), 2)
        variants[0].default_code = "RC-RED"
        plain = self.env["product.product"].create({"name": "Rates Plain"})
        products = variants | plain
        Rate = self.env["claim.rate"].with_user(self.operator)
        formatter = Rate._web_read_group_groupby_formatter(
            "product_id", [*products, False]
        )
        for product in products:
            (product_id, label), domain = formatter(product)
            self.assertEqual((product_id, label), (product.id, product.display_name))
            self.assertEqual(domain, [("product_id", "=", product.id)])
        self.assertEqual(formatter(False), (False, [("product_id", "=", False)]))
        # a context that changes product names: Odoo's own names
        no_code = Rate.with_context(display_default_code=False)
        variant = no_code.env["product.product"].browse(variants[0].id)
        formatter = no_code._web_read_group_groupby_formatter("product_id", [variant])
        self.assertEqual(formatter(variant)[0], (variant.id, "Rates Chair (Red)"))
        # through the web client's grouping of the rates
        self._refresh(full=True)
        sets = [["product_id"], ["product_id", "month:month"]]
        pivot = Rate.formatted_read_grouping_sets(
            [("kind", "=", "product")], sets, ["__count"]
        )
        for groupby, in_pivot in zip(sets, pivot, strict=True):
            groups = Rate.formatted_read_group(
                [("kind", "=", "product")], groupby, ["__count"]
            )
            # labelled once for both groupings of the pivot's call: the same
            self.assertCountEqual(in_pivot, groups, groupby)
            self.assertTrue(groups)
            for group in groups:
                rows = Rate.search([("kind", "=", "product")] + group["__extra_domain"])
                self.assertEqual(len(rows), group["__count"], group)
                if group["product_id"]:
                    product_id, label = group["product_id"]
                    self.assertEqual(
                        label,
                        self.env["product.product"].browse(product_id).display_name,
                    )
                    self.assertEqual(rows.product_id.ids, [product_id])

    def test_lots_have_their_own_rates(self):
        product = self.env["product.product"].create(
            {"name": "Rates Drill", "is_storable": True, "tracking": "lot"}
        )
        lot_1, lot_2 = self.env["stock.lot"].create(
            [
                {"name": "RATES-L1", "product_id": product.id},
                {"name": "RATES-L2", "product_id": product.id},
            ]
        )
        for lot in lot_1 | lot_2:
            self.env["stock.quant"]._update_available_quantity(
                product, self.warehouse.lot_stock_id, 5.0, lot_id=lot
            )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 10.0})
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids.with_user(self.packer_2)
        picking.action_assign()
        picking.move_ids.picked = True
        self.assertIs(picking.button_validate(), True)
        move = picking.move_ids
        self.env["claim.claim"].with_user(self.operator).create(
            {
                "partner_id": self.customer_contact.id,
                "claim_type_id": self.type_quality.id,
                "description": "<p>Broken</p>",
                "line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": 2.0,
                            "move_id": move.id,
                            "lot_id": lot_1.id,
                        }
                    )
                ],
            }
        )
        self._refresh(full=True)
        Rate = self.env["claim.rate"].with_user(self.operator)
        rows = dict(
            (lot, (delivered, claimed, rate))
            for lot, delivered, claimed, rate in Rate._read_group(
                [("kind", "=", "product"), ("product_id", "=", product.id)],
                ["lot_id"],
                ["quantity_delivered:sum", "quantity_claimed:sum", "rate:sum"],
            )
        )
        self.assertEqual(rows, {lot_1: (5.0, 2.0, 40.0), lot_2: (5.0, 0.0, 0.0)})

    def test_refresh_only_the_months_that_changed(self):
        self._refresh()
        self.assertEqual(
            self._rates("packer", "packer_id")[self.packer_1, self.this_month],
            (4, 0, 0.0),
        )
        self.assertTrue(self.company.sudo().claim_rates_refreshed_at)
        # a day goes by: what was written so far is older than the last run
        for table in ("stock_picking", "claim_line", "claim_claim"):
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET write_date = write_date - interval '1 day'",
                    SQL.identifier(table),
                )
            )
        last_month_rows = self.env["claim.rate"].search(
            [("month", "=", self.last_month)]
        )
        # a claim about a delivery of this month: this month is recomputed,
        # last month's rows stay as they are
        self._claim(self.rita[2])
        self._refresh()
        self.assertEqual(
            self._rates("packer", "packer_id")[self.packer_1, self.this_month],
            (4, 1, 25.0),
        )
        self.assertTrue(last_month_rows.exists())
        self.assertEqual(
            last_month_rows,
            self.env["claim.rate"].search([("month", "=", self.last_month)]),
        )

    def test_refresh_skips_a_company_another_worker_refreshes(self):
        """The scheduled action locks the company's row while it refreshes
        it: a second worker skips that company."""
        with closing(sql_db.db_connect(self.env.cr.dbname).cursor()) as other:
            other.execute("SET lock_timeout = '5s'")
            other.execute(
                "SELECT id FROM res_company WHERE id = %s FOR NO KEY UPDATE",
                [self.company.id],
            )
            self.env["claim.rate"]._cron_refresh_rates()
            self.assertFalse(
                self.env["claim.rate"].search_count(
                    [("company_id", "=", self.company.id)]
                )
            )
            self.assertFalse(self.company.sudo().claim_rates_refreshed_at)
            other.rollback()
        self.env["claim.rate"]._cron_refresh_rates()
        self.assertTrue(
            self.env["claim.rate"].search_count([("company_id", "=", self.company.id)])
        )

    def test_rates_per_company(self):
        self._claim(self.rita[0])
        self._refresh(full=True)
        self.assertTrue(self._rates("packer", "packer_id"))
        self.assertFalse(
            self.env["claim.rate"].with_user(self.operator_b).search_count([])
        )
        self.assertFalse(self._rates("packer", "packer_id", user=self.operator_b))

    def test_rate_actions_open_on_the_last_12_months(self):
        """The three analyses open on the deliveries of the last 12 months
        (this month and the 11 before): the months a manager acts on, and a
        pivot of thousands of products a year instead of every month ever."""
        self._claim(self.rita[0])
        self._refresh(full=True)
        Rate = self.env["claim.rate"].with_user(self.operator)
        search = etree.fromstring(
            Rate.get_views([(False, "search")])["views"]["search"]["arch"]
        )
        (last_12,) = search.xpath("//filter[@name='last_12_months']")
        today = fields.Date.context_today(Rate)
        domain = safe_eval(
            last_12.get("domain"),
            {"context_today": lambda: today, "relativedelta": relativedelta},
        )
        first = (today - relativedelta(months=11)).replace(day=1)
        self.assertEqual(domain, [("month", ">=", first.strftime("%Y-%m-%d"))])
        rows = Rate.search(domain)
        self.assertIn(self.this_month, rows.mapped("month"))
        self.assertTrue(all(row.month >= first for row in rows))
        for kind in ("packer", "carrier", "product"):
            action = self.env.ref(f"claim_management.claim_rate_action_{kind}")
            context = safe_eval(action.context)
            self.assertEqual(context.get("search_default_last_12_months"), 1, kind)
            self.assertEqual(safe_eval(action.domain), [("kind", "=", kind)])

    def test_who_may_read_rates(self):
        self._refresh(full=True)
        self.assertTrue(self.env["claim.rate"].with_user(self.manager).search_count([]))
        for user in (self.claim_user, self.packer_1):
            with self.assertRaises(AccessError):
                self.env["claim.rate"].with_user(user).search([])
        rate = self.env["claim.rate"].search([], limit=1)
        with self.assertRaises(AccessError):
            rate.with_user(self.manager).write({"rate": 0.0})
        with self.assertRaises(AccessError):
            self.env["claim.rate"].with_user(self.manager).create(
                {
                    "company_id": self.company.id,
                    "month": self.this_month,
                    "kind": "packer",
                }
            )
        with self.assertRaises(AccessError):
            rate.with_user(self.manager).unlink()

    # ------------------------------------------------------------------
    # Alerts
    # ------------------------------------------------------------------

    def _set_thresholds(self, **values):
        settings = (
            self.env["res.config.settings"]
            .with_user(self.manager)
            .create({f"claim_rate_{key}": value for key, value in values.items()})
        )
        settings.execute()

    def test_alert_opened_once_above_the_threshold(self):
        self._claim(self.rita[0])  # Rita: 1 of 4 = 25 %, Paul: 0 %
        self._claim(self.rita[1], claim_type=self.type_shipping)  # carrier 33 %
        self._set_thresholds(
            packer_threshold=20.0,
            packer_user_id=self.operator.id,
            carrier_threshold=50.0,  # above the carrier's rate
            product_threshold=10.0,  # 2 of 18 chairs: 11.11 %
        )
        Alert = self.env["claim.rate.alert"]
        Alert._cron_check_rate_alerts()
        alerts = Alert.search([("company_id", "=", self.company.id)])
        self.assertEqual(len(alerts), 2)
        packer_alert = alerts.filtered(lambda a: a.kind == "packer")
        self.assertEqual(packer_alert.packer_id, self.packer_1)
        self.assertEqual(packer_alert.month, self.this_month)
        self.assertEqual(packer_alert.rate, 50.0)
        self.assertEqual(packer_alert.activity_ids.user_id, self.operator)
        self.assertIn("Rita Packer", packer_alert.activity_ids.note)
        product_alert = alerts.filtered(lambda a: a.kind == "product")
        self.assertEqual(product_alert.product_id, self.product_a)
        self.assertEqual(product_alert.rate, 11.11)
        # no owner configured: the company's first claims administrator
        owner = Alert._default_alert_owner(self.company)
        self.assertIn(
            self.env.ref("claim_management.group_claim_manager"), owner.all_group_ids
        )
        self.assertEqual(product_alert.activity_ids.user_id, owner)
        # the owner reads the alert and marks the activity done
        packer_alert.activity_ids.with_user(self.operator).action_done()
        self.assertFalse(packer_alert.activity_ids)

        # again, also with the rate still above: nothing new
        self._claim(self.rita[2])
        Alert._cron_check_rate_alerts()
        self.assertEqual(Alert.search([("company_id", "=", self.company.id)]), alerts)
        self.assertEqual(len(product_alert.activity_ids), 1)
        self.assertEqual(packer_alert.rate, 50.0)

    def test_alert_unique_per_subject_and_month(self):
        values = {
            "company_id": self.company.id,
            "kind": "packer",
            "month": self.this_month,
            "packer_id": self.packer_1.id,
            "rate": 30.0,
            "threshold": 20.0,
        }
        self.env["claim.rate.alert"].create(values)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["claim.rate.alert"].create(values)

    def test_no_alert_without_threshold_or_under_it(self):
        self._claim(self.rita[0])
        Alert = self.env["claim.rate.alert"]
        Alert._cron_check_rate_alerts()  # no thresholds set
        self.assertFalse(Alert.search([("company_id", "=", self.company.id)]))
        self._set_thresholds(packer_threshold=60.0)
        Alert._cron_check_rate_alerts()
        self.assertFalse(Alert.search([("company_id", "=", self.company.id)]))

    def test_alerts_are_read_only_for_users(self):
        self._claim(self.rita[0])
        self._set_thresholds(packer_threshold=10.0)
        self.env["claim.rate.alert"]._cron_check_rate_alerts()
        alert = self.env["claim.rate.alert"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        self.assertTrue(alert.with_user(self.operator).display_name)
        with self.assertRaises(AccessError):
            alert.with_user(self.manager).write({"rate": 1.0})
        with self.assertRaises(AccessError):
            self.env["claim.rate.alert"].with_user(self.manager).create(
                {
                    "company_id": self.company.id,
                    "kind": "packer",
                    "month": self.this_month,
                }
            )
        with self.assertRaises(AccessError):
            alert.with_user(self.operator_b).read(["rate"])
        with self.assertRaises(AccessError):
            alert.with_user(self.claim_user).read(["rate"])

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------

    def test_settings_refusals(self):
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.operator).create(
                {"claim_rate_packer_threshold": 5.0}
            )
        with self.assertRaises(ValidationError):
            self._set_thresholds(packer_threshold=120.0)
        with self.assertRaises(ValidationError):
            self._set_thresholds(packer_threshold=5.0, packer_user_id=self.packer_1.id)
        with self.assertRaises(ValidationError):
            self._set_thresholds(
                carrier_threshold=5.0, carrier_user_id=self.operator_b.id
            )
        self.assertFalse(self.company.claim_rate_packer_threshold)
        self._set_thresholds(packer_threshold=1.5, packer_user_id=self.manager.id)
        self.assertEqual(self.company.claim_rate_packer_threshold, 1.5)
        self.assertEqual(self.company.claim_rate_packer_user_id, self.manager)

    # ------------------------------------------------------------------
    # Dashboard
    # ------------------------------------------------------------------

    def test_dashboard_rates_with_trend(self):
        self._claim(self.rita_before[0])  # last month: 1 of 2
        self._claim(self.rita[0])  # this month: 1 of 4
        self._refresh(full=True)
        rates = (
            self.env["claim.dashboard"].with_user(self.manager).get_dashboard_data()
        )["rates"]
        self.assertEqual(rates["month"], fields.Date.to_string(self.this_month))
        packers = next(block for block in rates["kinds"] if block["kind"] == "packer")
        # (other tests' committed deliveries may have other packers)
        ours = [row for row in packers["rows"] if row["name"].endswith("Packer")]
        self.assertEqual(
            ours[0],
            {
                "model": "res.users",
                "id": self.packer_1.id,
                "name": "Rita Packer",
                "rate": 25.0,
                "previous_rate": 50.0,
                "trend": "down",
            },
        )
        self.assertEqual(
            ours[1],
            {
                "model": "res.users",
                "id": self.packer_2.id,
                "name": "Paul Packer",
                "rate": 0.0,
                "previous_rate": False,
                "trend": False,
            },
        )
        if len(ours) == len(packers["rows"]):
            self.assertEqual(
                packers["total"],
                {"rate": round(100 / 6, 2), "previous_rate": 50.0, "trend": "down"},
            )
        # users who may not read the rates get no rates block
        self.assertIs(
            self.env["claim.dashboard"].with_user(self.claim_user)._rates_data(5), False
        )
