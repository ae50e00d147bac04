"""Grouped reads of the web client formatted once per value
(claim.group.format.mixin): the same groups, labels and domains as Odoo's own
formatting."""

from odoo import Command
from odoo.addons.web.models.models import Base as WebBase
from odoo.fields import Domain
from odoo.tests import tagged

from .common_vendor import ClaimVendorCommon

GROUPINGS = (
    ("partner_id", "date_sent:month"),
    ("state", "partner_id", "date_sent:year"),
    ("date_sent:day", "partner_id"),
    ("partner_id",),
    ("date_sent:month",),
)
AGGREGATES = ("amount_claimed:sum", "amount_balance:sum", "__count")


@tagged("post_install", "-at_install")
class TestClaimGroupFormat(ClaimVendorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor_claims = (
            cls.env["claim.vendor.claim"]
            .with_user(cls.purchaser)
            .create(
                [
                    {
                        "partner_id": vendor.id,
                        "line_ids": [
                            Command.create(
                                {
                                    "product_id": cls.product_a.id,
                                    "quantity": quantity,
                                    "price_unit": 10.0,
                                }
                            )
                        ],
                    }
                    for vendor, quantity in (
                        (cls.vendor, 1),
                        (cls.vendor, 2),
                        (cls.vendor_2, 3),
                        (cls.vendor_2, 4),
                    )
                ]
            )
        )
        cls.vendor_claims[:3].action_send()
        # sent in two months; the last one is a draft (no month)
        cls.vendor_claims[0]._workflow().write({"date_sent": "2026-01-15"})
        cls.vendor_claims[1:3]._workflow().write({"date_sent": "2026-02-03"})

    def assertFormattedAsOdoo(self, model, domain, groupings, aggregates):
        """Our labels, domains and aggregates of every group are Odoo's own."""
        for groupby in groupings:
            groups = model._read_group(domain, groupby, aggregates)
            self.assertTrue(groups, groupby)
            ours = model._web_read_group_format(groupby, aggregates, groups)
            self.assertEqual(len(ours), len(groups))
            for group, result in zip(groups, ours, strict=True):
                domains = []
                for index, spec in enumerate(groupby):
                    # Odoo's own formatter, not ours (called on the web's class)
                    formatter = WebBase._web_read_group_groupby_formatter(
                        model, spec, [group[index]]
                    )
                    label, value_domain = formatter(group[index])
                    self.assertEqual(result[spec], label, (groupby, spec))
                    domains.append(value_domain)
                self.assertEqual(
                    Domain(result["__extra_domain"]), Domain.AND(domains), groupby
                )
                if "__count" in aggregates:
                    # what the pivot opens from the cell: its records
                    self.assertEqual(
                        model.search_count(domain + result["__extra_domain"]),
                        result["__count"],
                        (groupby, result),
                    )
                for aggregate, value in zip(
                    aggregates, group[len(groupby) :], strict=True
                ):
                    self.assertEqual(result[aggregate], value)

    def test_groups_as_odoo_formats_them(self):
        model = self.env["claim.vendor.claim"].with_user(self.purchaser)
        domain = [("id", "in", self.vendor_claims.ids)]
        self.assertFormattedAsOdoo(model, domain, GROUPINGS, AGGREGATES)

    def test_claims_lines_and_analysis_as_odoo_formats_them(self):
        """The claims' own pivots (service levels, analysis, lines) use the
        same formatting: the same groups, labels and domains as Odoo's."""
        claims = self._create_claim() | self._create_claim(
            lines=[(self.product_a, 1.0, 50.0), (self.product_lot, 1.0, 80.0)]
        )
        claims[0].action_start()
        claims[1]._workflow().write({"date_received": "2026-01-15 10:00:00"})
        self.assertFormattedAsOdoo(
            self.env["claim.claim"].with_user(self.operator),
            [("id", "in", claims.ids)],
            (
                ("partner_id", "date_received:month", "state"),
                ("stage_id", "date_received:week"),
                ("claim_type_id", "sla_resolution_status"),
                ("date_received:day",),
            ),
            ("amount_claimed:sum", "__count"),
        )
        self.assertFormattedAsOdoo(
            self.env["claim.line"].with_user(self.operator),
            [("claim_id", "in", claims.ids)],
            (("product_id", "claim_id"), ("decision", "product_id")),
            ("quantity:sum", "__count"),
        )
        self.assertFormattedAsOdoo(
            self.env["claim.analysis"].with_user(self.operator),
            [("claim_id", "in", claims.ids)],
            (("claim_type_id", "date_received:month"),),
            ("__count",),
        )

    def test_grouping_sets_as_each_grouping_alone(self):
        """The pivot asks for all its groupings in one call: the values
        labelled once serve every set, and each set is what it is alone."""
        model = self.env["claim.vendor.claim"].with_user(self.purchaser)
        domain = [("id", "in", self.vendor_claims.ids)]
        sets = [
            [],
            ["date_sent:month"],
            ["partner_id"],
            ["partner_id", "date_sent:month"],
        ]
        results = model.formatted_read_grouping_sets(domain, sets, AGGREGATES)
        for groupby, result in zip(sets, results, strict=True):
            alone = model.formatted_read_group(domain, groupby, AGGREGATES)
            self.assertCountEqual(result, alone, groupby)
        self.assertEqual(results[0][0]["__count"], len(self.vendor_claims))
        # a grouping's records: one record each, prefetching all the groups'
        groups = model._read_group(domain, ["partner_id", "date_sent:month"])
        partners = self.vendor_claims.partner_id
        for partner, _month in groups:
            self.assertEqual(len(partner), 1)
            self.assertIn(partner, partners)
            self.assertEqual(set(partner._prefetch_ids), set(partners.ids))

    def test_group_domains_find_the_group_records(self):
        """What the pivot opens from a cell: the records counted in it."""
        model = self.env["claim.vendor.claim"].with_user(self.purchaser)
        domain = [("id", "in", self.vendor_claims.ids)]
        for groupby in GROUPINGS:
            results = model.formatted_read_group(domain, list(groupby), AGGREGATES)
            self.assertEqual(
                sum(result["__count"] for result in results), len(self.vendor_claims)
            )
            for result in results:
                self.assertEqual(
                    model.search_count(domain + result["__extra_domain"]),
                    result["__count"],
                    (groupby, result),
                )
        results = model.formatted_read_group(
            domain, ["partner_id", "date_sent:month"], ["__count"]
        )
        self.assertEqual(
            [(r["partner_id"][0], r["date_sent:month"], r["__count"]) for r in results],
            [
                # vendors in their order (by name), months ascending, none last
                (self.vendor_2.id, ("2026-02-01", "February 2026"), 1),
                (self.vendor_2.id, False, 1),
                (self.vendor.id, ("2026-01-01", "January 2026"), 1),
                (self.vendor.id, ("2026-02-01", "February 2026"), 1),
            ],
        )
