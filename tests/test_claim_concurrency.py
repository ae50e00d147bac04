import base64
import threading

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import ValidationError
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common_concurrency import RealTransactionsMixin


@tagged("post_install", "-at_install")
class TestClaimConcurrency(RealTransactionsMixin, TransactionCase):
    """Two users claim the last delivered units at the same moment.

    The test transaction cannot show this (everything in it is one
    transaction), so the delivery and both claims are made in real, separate
    database transactions, committed like requests of two workers, and
    removed afterwards.
    """

    def _setup_delivery(self):
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].create({"name": "Concurrent Customer"})
            product = env["product.product"].create(
                {"name": "Concurrent Product", "type": "consu", "is_storable": True}
            )
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", env.company.id)], limit=1
            )
            env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, 5
            )
            picking = env["stock.picking"].create(
                {
                    "partner_id": partner.id,
                    "picking_type_id": warehouse.out_type_id.id,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": 5,
                                "location_id": warehouse.lot_stock_id.id,
                                "location_dest_id": env.ref(
                                    "stock.stock_location_customers"
                                ).id,
                            }
                        )
                    ],
                }
            )
            picking.action_confirm()
            picking.move_ids.write({"quantity": 5, "picked": True})
            picking.button_validate()
            # real, separate transactions are the point of this test
            cr.commit()  # pylint: disable=invalid-commit
            return partner.id, product.id, picking.move_ids.id

    def _claim_values(self, env, partner_id, product_id, move_id):
        return {
            "partner_id": partner_id,
            "claim_type_id": env.ref("claim_management.type_quantity").id,
            "line_ids": [
                Command.create(
                    {"product_id": product_id, "quantity": 5, "move_id": move_id}
                )
            ],
        }

    def _cleanup(self, partner_id):
        with self._cursor() as cr:
            cr.execute("DELETE FROM claim_claim WHERE partner_id = %s", [partner_id])
            # real, separate transactions are the point of this test
            cr.commit()  # pylint: disable=invalid-commit

    def test_two_users_claim_the_last_units(self):
        partner_id, product_id, move_id = self._setup_delivery()
        self.addCleanup(self._cleanup, partner_id)
        outcome = {}

        def second_worker(cr):
            env = api.Environment(cr, SUPERUSER_ID, {})
            try:
                env["claim.claim"].create(
                    self._claim_values(env, partner_id, product_id, move_id)
                )
                env.flush_all()
                outcome["second"] = "created"
            except SerializationFailure:
                outcome["second"] = "serialization_failure"
            cr.rollback()

        with self._cursor() as cr_first, self._cursor() as cr_second:
            env_first = api.Environment(cr_first, SUPERUSER_ID, {})
            env_first["claim.claim"].create(
                self._claim_values(env_first, partner_id, product_id, move_id)
            )
            env_first.flush_all()
            cr_second.execute("SELECT pg_backend_pid()")
            second_pid = cr_second.fetchone()[0]
            thread = threading.Thread(target=second_worker, args=(cr_second,))
            with mute_logger("odoo.sql_db"):
                thread.start()
                self.assertTrue(
                    self._wait_until_blocked(second_pid),
                    "the second claim must wait for the first one",
                )
                cr_first.commit()  # pylint: disable=invalid-commit
                thread.join(timeout=30)
        self.assertEqual(outcome.get("second"), "serialization_failure")

        # Odoo retries a request that failed to serialize: the retry sees the
        # first claim and is refused with a clear message.
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            with self.assertRaisesRegex(ValidationError, "only 5.0 .* were delivered"):
                env["claim.claim"].create(
                    self._claim_values(env, partner_id, product_id, move_id)
                )
            cr.rollback()
            count = env["claim.claim"].search_count([("partner_id", "=", partner_id)])
            self.assertEqual(count, 1)

    def _api_filing(self, env, partner_id, client_ref):
        png = base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQ"
            "GAhKmMIQAAAABJRU5ErkJggg=="
        )
        return {
            "customer_id": partner_id,
            "client_ref": client_ref,
            "customer_product": "Kettle bought in the shop",
            "purchase_date": "2026-01-05",
            "description": "It leaks.",
            "attachments": [
                {"name": "receipt.png", "datas": base64.b64encode(png).decode()}
            ],
            "consent_ids": env["claim.consent.clause"]
            ._for_channel(env.company, "api")
            .ids,
        }

    def _run_twice_at_once(self, submit):
        """``submit(env)`` in two transactions at once, the second started
        while the first has not committed, retried as Odoo's HTTP layer
        retries requests; returns (first result, second result)."""
        outcome = {}

        def second_request(cr):
            env = api.Environment(cr, SUPERUSER_ID, {})
            # what Odoo's HTTP layer does with every request: retry on
            # concurrency errors
            outcome["second"] = retrying(lambda: submit(env), env)

        with self._cursor() as cr_first, self._cursor() as cr_second:
            first = submit(api.Environment(cr_first, SUPERUSER_ID, {}))
            cr_second.execute("SELECT pg_backend_pid()")
            second_pid = cr_second.fetchone()[0]
            thread = threading.Thread(target=second_request, args=(cr_second,))
            with mute_logger("odoo.sql_db", "odoo.service.model"):
                thread.start()
                self.assertTrue(
                    self._wait_until_blocked(second_pid),
                    "the retry must wait for the first filing",
                )
                cr_first.commit()  # pylint: disable=invalid-commit
                thread.join(timeout=60)
        return first, outcome["second"]

    def _new_shop_customer(self):
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner_id = (
                env["res.partner"].create({"name": "Retrying Shop Customer"}).id
            )
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._cleanup, partner_id)
        return partner_id

    def _count_client_refs(self, refs):
        with self._cursor() as cr:
            cr.execute(
                "SELECT client_ref, count(*) FROM claim_claim"
                " WHERE client_ref IN %s GROUP BY 1",
                [tuple(refs)],
            )
            return dict(cr.fetchall())

    def test_two_retries_of_one_api_filing(self):
        """An e-shop retries a filing while the first request still runs:
        the second waits on the client reference, Odoo retries it, and it
        returns the first claim; one claim is stored."""
        partner_id = self._new_shop_customer()
        first, second = self._run_twice_at_once(
            lambda env: env["claim.claim"].api_submit(
                **self._api_filing(env, partner_id, "SHOP-RETURN-1")
            )
        )
        self.assertTrue(first["created"])
        self.assertEqual(second["id"], first["id"])
        self.assertFalse(second["created"])
        self.assertEqual(
            self._count_client_refs(["SHOP-RETURN-1"]), {"SHOP-RETURN-1": 1}
        )

    def test_two_retries_of_one_api_batch(self):
        """The same with a batch of two claims: the retried batch returns
        the two claims the first filed; each is stored once."""
        partner_id = self._new_shop_customer()
        refs = ["SHOP-BATCH-1", "SHOP-BATCH-2"]
        first, second = self._run_twice_at_once(
            lambda env: env["claim.claim"].api_submit_batch(
                [self._api_filing(env, partner_id, ref) for ref in refs]
            )
        )
        self.assertEqual([r["created"] for r in first], [True, True])
        self.assertEqual([r["created"] for r in second], [False, False])
        self.assertEqual([r["id"] for r in second], [r["id"] for r in first])
        self.assertEqual(self._count_client_refs(refs), dict.fromkeys(refs, 1))
