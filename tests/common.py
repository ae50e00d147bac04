import json
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user

# A claims operator who also sells and invoices (opens claims on invoices and
# resolves them with credit notes).
SELLING_OPERATOR_GROUPS = (
    "base.group_user,claim_management.group_claim_operator,"
    "sales_team.group_sale_salesman_all_leads,account.group_account_invoice"
)


def load_chart_of_accounts(env):
    """Give the company the generic chart of accounts when it has none
    (invoices need one)."""
    if not env.company.chart_template:
        env["account.chart.template"].try_loading(
            "generic_coa", company=env.company, install_demo=False
        )


def role_user(env, login, groups, **values):
    """A user holding only ``groups`` (comma-separated XML ids; a claims role
    implies what it needs), whose password is the login (for tours)."""
    return new_test_user(env, login=login, password=login, groups=groups, **values)


def portal_user(env, login, parent, **values):
    """A portal user (password: the login) whose contact belongs to the
    company ``parent``."""
    user = new_test_user(
        env, login=login, password=login, groups="base.group_portal", **values
    )
    user.partner_id.parent_id = parent
    return user


def confirmed_sale(env, partner, lines, **values):
    """A confirmed sales order of ``partner``; ``lines``: (product, quantity,
    unit price)."""
    order = env["sale.order"].create(
        {
            "partner_id": partner.id,
            "order_line": [
                Command.create(
                    {
                        "product_id": product.id,
                        "product_uom_qty": quantity,
                        "price_unit": price,
                    }
                )
                for product, quantity, price in lines
            ],
            **values,
        }
    )
    order.action_confirm()
    return order


def deliver_in_full(pickings, user=None):
    """Validate ``pickings`` with all their quantities picked, as ``user``
    (default: the pickings' user)."""
    for move in pickings.move_ids:
        move.quantity = move.product_uom_qty
        move.picked = True
    (pickings.with_user(user) if user else pickings).button_validate()
    return pickings


def post_invoice(order, user=None):
    """The invoice of ``order``, dated today and posted as ``user`` (default:
    the order's user)."""
    invoice = order._create_invoices()
    invoice.invoice_date = fields.Date.today()
    (invoice.with_user(user) if user else invoice).action_post()
    return invoice


class ClaimJson2Mixin:
    """Calls of JSON-2 (``/json/2/<model>/<method>``) by real users with real
    API keys, for HttpCase classes."""

    def _api_key(self, user):
        # sudo: an API key of the user for the test; the key acts as the user
        # (uid kept)
        return (
            self.env["res.users.apikeys"]
            .with_user(user)
            .sudo()
            ._generate(None, "claims test", fields.Datetime.now() + timedelta(days=1))
        )

    def _json2(self, user, model, method, body):
        return self.url_open(
            f"/json/2/{model}/{method}",
            data=json.dumps(body),
            headers={
                "Authorization": f"bearer {self._api_key(user)}",
                "Content-Type": "application/json",
            },
        )


class ClaimCommon(TransactionCase):
    """Users, customers and products shared by the claim tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company_2 = cls.env["res.company"].create({"name": "Claims Company B"})
        cls.manager = cls._new_user(
            "claim_manager", "claim_management.group_claim_manager"
        )
        cls.operator = cls._new_user(
            "claim_operator", "claim_management.group_claim_operator"
        )
        cls.claim_user = cls._new_user(
            "claim_user", "claim_management.group_claim_user"
        )
        cls.other_user = cls._new_user(
            "claim_user_2", "claim_management.group_claim_user"
        )
        cls.operator_b = cls._new_user(
            "claim_operator_b",
            "claim_management.group_claim_operator",
            company=cls.company_2,
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Acme Distribution",
                "is_company": True,
                "email": "acme@example.com",
            }
        )
        cls.customer_contact = cls.env["res.partner"].create(
            {"name": "Anna Acme", "parent_id": cls.customer.id}
        )
        cls.product_a = cls.env["product.product"].create(
            {
                "name": "Office Chair",
                "type": "consu",
                "is_storable": True,
                "list_price": 120.0,
            }
        )
        cls.product_b = cls.env["product.product"].create(
            {"name": "Desk Lamp", "type": "consu", "list_price": 30.0}
        )
        cls.product_serial = cls.env["product.product"].create(
            {
                "name": "Espresso Machine",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "list_price": 450.0,
            }
        )
        cls.type_quality = cls.env.ref("claim_management.type_quality")
        cls.type_quantity = cls.env.ref("claim_management.type_quantity")
        cls.type_transport = cls.env.ref("claim_management.type_transport")
        cls.type_warranty = cls.env.ref("claim_management.type_warranty")
        cls.reason_defective = cls.env.ref("claim_management.reason_defective")
        cls.stage_new = cls.env.ref("claim_management.stage_new")
        cls.stage_in_progress = cls.env.ref("claim_management.stage_in_progress")
        cls.stage_decided = cls.env.ref("claim_management.stage_decided")
        cls.stage_resolved = cls.env.ref("claim_management.stage_resolved")
        cls.stage_closed = cls.env.ref("claim_management.stage_closed")
        cls.stage_cancelled = cls.env.ref("claim_management.stage_cancelled")

    @classmethod
    def _new_user(cls, login, group, company=None):
        company = company or cls.env.company
        return new_test_user(
            cls.env,
            login=login,
            groups=f"base.group_user,{group}",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    def _create_claim(self, user=None, lines=None, **vals):
        """Create a claim as `user` (default: operator) with the given lines.

        `lines` is a list of (product, quantity, price_unit) tuples.
        """
        env = self.env(user=user or self.operator)
        if lines is None:
            lines = [(self.product_a, 2.0, 100.0)]
        values = {
            "partner_id": self.customer_contact.id,
            "claim_type_id": self.type_quantity.id,
            "description": "<p>Two chairs arrived broken.</p>",
            "line_ids": [
                Command.create({"product_id": p.id, "quantity": q, "price_unit": price})
                for p, q, price in lines
            ],
        }
        values.update(vals)
        return env["claim.claim"].create(values)

    def _flush_tracking(self):
        """Run what a commit would run: tracking messages are written then."""
        self.env.flush_all()
        self.cr.flush()

    def _decided_claim(self, decision="accepted", user=None):
        claim = self._create_claim(user=user)
        claim.action_start()
        claim.line_ids.write({"decision": decision})
        claim.action_decide()
        return claim
