from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from .common import ClaimCommon


class ClaimRatesCommon(ClaimCommon):
    """Real deliveries for the claim rates: validated by a packer (a stock
    user), in the company's month (UTC here)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.resource_calendar_id.tz = "UTC"
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )

    @classmethod
    def _stock_user(cls, login, name):
        return new_test_user(
            cls.env, login=login, name=name, groups="stock.group_stock_user"
        )

    @classmethod
    def _delivery(cls, packer, carrier=False, month=None):
        """A sales order of 3 chairs delivered (validated) by `packer`."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product_a.id,
                            "product_uom_qty": 3.0,
                            "price_unit": 100.0,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids.with_user(packer)
        if carrier:
            picking.sudo().carrier_id = cls.carrier
        picking.action_assign()
        for move in picking.move_ids:
            move.write({"quantity": move.product_uom_qty, "picked": True})
        assert picking.button_validate() is True
        picking = picking.with_user(cls.env.user)
        assert picking.state == "done" and picking.packer_id == packer
        if month:
            picking.date_done = fields.Datetime.to_datetime(month) + relativedelta(
                days=3
            )
        return picking
