from unittest.mock import patch

from odoo import Command, models
from odoo.tests import new_test_user, tagged

from ..models import claim_group_order_mixin
from ..models.claim_group_order_mixin import ClaimGroupOrderMixin
from .common import ClaimCommon


def _orm_order(self, order, groupby_terms, query):
    """The ORM's own ordering of groups (joins the many2one's model)."""
    return models.Model._read_group_orderby(self, order, groupby_terms, query)


@tagged("post_install", "-at_install")
class TestClaimGroupOrder(ClaimCommon):
    """Groups of a many2one come in its model's order, without the join."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.out_type = warehouse.out_type_id
        cls.env["stock.quant"]._update_available_quantity(
            cls.product_a, warehouse.lot_stock_id, 10.0
        )
        # created in another order than their names sort
        cls.zofia, cls.adam, cls.marta = (
            new_test_user(
                cls.env,
                login=login,
                name=name,
                groups="stock.group_stock_user",
            )
            for login, name in (
                ("wh_zofia", "Zofia Packer"),
                ("wh_adam", "Adam Packer"),
                ("wh_marta", "Marta Packer"),
            )
        )
        cls.claims = cls.env["claim.claim"]
        for packer in (cls.zofia, cls.adam, cls.marta, cls.adam):
            cls.claims |= cls._delivered_claim(packer)
        # a claim line that did not leave in a packed delivery
        cls.claims |= (
            cls.env["claim.claim"]
            .with_user(cls.operator)
            .create(
                {
                    "partner_id": cls.customer_contact.id,
                    "claim_type_id": cls.type_quality.id,
                    "description": "<p>Broken.</p>",
                    "line_ids": [Command.create({"product_id": cls.product_b.id})],
                }
            )
        )
        # an archived packer keeps the place of its name
        cls.marta.active = False

    @classmethod
    def _delivered_claim(cls, packer):
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": cls.out_type.id,
                "partner_id": cls.customer_contact.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": cls.product_a.id,
                            "product_uom_qty": 1.0,
                            "location_id": cls.out_type.default_location_src_id.id,
                            "location_dest_id": cls.out_type.default_location_dest_id.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.write({"quantity": 1.0, "picked": True})
        picking.with_user(packer).button_validate()
        assert picking.state == "done" and picking.packer_id == packer
        return (
            cls.env["claim.claim"]
            .with_user(cls.operator)
            .create(
                {
                    "partner_id": cls.customer_contact.id,
                    "claim_type_id": cls.type_quantity.id,
                    "picking_id": picking.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": cls.product_a.id,
                                "quantity": 1.0,
                                "move_id": picking.move_ids.id,
                            }
                        )
                    ],
                }
            )
        )

    def _packer_groups(self, order=None):
        groups = (
            self.env["claim.line"]
            .with_user(self.operator)
            .formatted_read_group(
                [("claim_id", "in", self.claims.ids)],
                ["packer_id"],
                ["__count"],
                order=order,
            )
        )
        return [(g["packer_id"] and g["packer_id"][1], g["__count"]) for g in groups]

    def _both_ways(self):
        """Run the block with the list of ids (few records) and with lookups
        (models with more records than the list takes)."""
        yield "ids"
        with patch.object(claim_group_order_mixin, "RANKED_RECORDS_LIMIT", 0):
            yield "lookups"

    def test_packers_by_name_then_lines_without_packer(self):
        for way in self._both_ways():
            with self.subTest(way=way):
                self.assertEqual(
                    self._packer_groups(),
                    [
                        ("Adam Packer", 2),
                        ("Marta Packer", 1),
                        ("Zofia Packer", 1),
                        (False, 1),
                    ],
                )
                self.assertEqual(
                    self._packer_groups("packer_id desc"),
                    [
                        (False, 1),
                        ("Zofia Packer", 1),
                        ("Marta Packer", 1),
                        ("Adam Packer", 2),
                    ],
                )
                # the pivot's grouping sets, and the count as first key
                lines = self.env["claim.line"].with_user(self.operator)
                by_packer, total = lines.formatted_read_grouping_sets(
                    [("claim_id", "in", self.claims.ids)],
                    [["packer_id"], []],
                    ["__count"],
                )
                self.assertEqual(
                    [g["packer_id"] and g["packer_id"][1] for g in by_packer],
                    ["Adam Packer", "Marta Packer", "Zofia Packer", False],
                )
                self.assertEqual(total[0]["__count"], 5)
                self.assertEqual(
                    self._packer_groups("__count desc, packer_id")[:2],
                    [("Adam Packer", 2), ("Marta Packer", 1)],
                )

    def test_same_order_as_the_orm(self):
        self.claims[:2].user_id = self.manager
        self.claims[2].user_id = self.operator
        self.claims[3].action_start()
        cases = [
            ("claim.claim", ["stage_id"], None),
            ("claim.claim", ["stage_id"], "stage_id desc"),
            ("claim.claim", ["user_id"], None),
            ("claim.claim", ["user_id"], "user_id desc, __count"),
            ("claim.claim", ["claim_type_id", "month_received:month"], None),
            ("claim.claim", ["user_id", "stage_id"], "user_id, stage_id desc"),
            ("claim.line", ["packer_id", "product_id"], None),
            ("claim.stage.history", ["stage_id", "claim_type_id"], None),
        ]
        for way in self._both_ways():
            for model_name, groupby, order in cases:
                with self.subTest(way=way, model=model_name, groupby=groupby):
                    model = self.env[model_name].with_user(self.manager)
                    domain = [("id", "!=", 0)]
                    ours = model.formatted_read_group(
                        domain, groupby, ["__count"], order=order
                    )
                    with patch.object(
                        ClaimGroupOrderMixin, "_read_group_orderby", _orm_order
                    ):
                        orm = model.formatted_read_group(
                            domain, groupby, ["__count"], order=order
                        )
                    self.assertEqual(ours, orm)

    def test_groups_on_the_id_alone(self):
        """The grouping neither joins the users nor groups by their names."""
        lines = self.env["claim.line"].with_user(self.operator)
        for way in self._both_ways():
            with self.subTest(way=way):
                query = lines._search([])
                groupby_terms = {
                    "packer_id": lines._read_group_groupby(
                        lines._table, "packer_id", query
                    )
                }
                before = dict(groupby_terms)
                order = lines._read_group_orderby("packer_id", groupby_terms, query)
                self.assertTrue(order)
                self.assertEqual(groupby_terms, before)
                self.assertFalse(query._joins)

    def test_models_ordered_by_id_keep_the_orm_order(self):
        """Without a join to avoid, the ORM's plain ordering is kept."""
        claims = self.env["claim.claim"].with_user(self.manager)
        stage_model = type(self.env["claim.stage"])
        with patch.object(stage_model, "_order", "id"):
            orders = []
            for method in (ClaimGroupOrderMixin._read_group_orderby, _orm_order):
                query = claims._search([])
                terms = {
                    "stage_id": claims._read_group_groupby(
                        claims._table, "stage_id", query
                    )
                }
                orders.append(method(claims, "stage_id desc", terms, query))
        self.assertEqual(orders[0], orders[1])
        self.assertNotIn("array_position", orders[0].code)
