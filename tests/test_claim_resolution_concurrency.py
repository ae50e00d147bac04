import threading

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common_concurrency import RealTransactionsMixin


@tagged("post_install", "-at_install")
class TestClaimResolutionConcurrency(RealTransactionsMixin, TransactionCase):
    """Two workers press “Replace” on the same claim at the same moment.

    Everything is made in real, committed transactions (the test transaction
    cannot show two workers) and removed afterwards.
    """

    def _setup_claim(self):
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].create({"name": "Concurrent Resolution"})
            product = env["product.product"].create(
                {"name": "Concurrent Replacement", "type": "consu"}
            )
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", env.company.id)], limit=1
            )
            picking = env["stock.picking"].create(
                {
                    "partner_id": partner.id,
                    "picking_type_id": warehouse.out_type_id.id,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": 3,
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
            picking.move_ids.write({"quantity": 3, "picked": True})
            picking.button_validate()
            claim = env["claim.claim"].create(
                {
                    "partner_id": partner.id,
                    "claim_type_id": env.ref("claim_management.type_quantity").id,
                    "description": "<p>Broken.</p>",
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": 2,
                                "move_id": picking.move_ids.id,
                            }
                        )
                    ],
                }
            )
            claim.action_start()
            claim.line_ids.decision = "accepted"
            claim.action_decide()
            cr.commit()  # pylint: disable=invalid-commit
            return claim.id

    def _cleanup(self, claim_id):
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["claim.claim"].browse(claim_id).picking_ids.action_cancel()
            cr.execute("DELETE FROM claim_claim WHERE id = %s", [claim_id])
            cr.commit()  # pylint: disable=invalid-commit

    def test_two_workers_replace_at_once(self):
        claim_id = self._setup_claim()
        self.addCleanup(self._cleanup, claim_id)
        outcome = {}

        def second_worker(cr):
            env = api.Environment(cr, SUPERUSER_ID, {})
            try:
                env["claim.claim"].browse(claim_id).action_create_replacement()
                env.flush_all()
                outcome["second"] = "created"
            except SerializationFailure:
                outcome["second"] = "serialization_failure"
            cr.rollback()

        with self._cursor() as cr_first, self._cursor() as cr_second:
            env_first = api.Environment(cr_first, SUPERUSER_ID, {})
            cr_second.execute("SELECT pg_backend_pid()")
            second_pid = cr_second.fetchone()[0]
            env_first["claim.claim"].browse(claim_id).action_create_replacement()
            env_first.flush_all()
            thread = threading.Thread(target=second_worker, args=(cr_second,))
            with mute_logger("odoo.sql_db"):
                thread.start()
                self.assertTrue(
                    self._wait_until_blocked(second_pid),
                    "the second worker must wait for the first one",
                )
                cr_first.commit()  # pylint: disable=invalid-commit
                thread.join(timeout=30)
        self.assertEqual(outcome.get("second"), "serialization_failure")

        # Odoo retries the request: the retry returns the first worker's transfers
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            claim = env["claim.claim"].browse(claim_id)
            first_pickings = claim.picking_ids
            self.assertEqual(len(first_pickings), 2, "one return, one delivery")
            action = claim.action_create_replacement()
            self.assertEqual(
                env["stock.picking"].search(action["domain"]), first_pickings
            )
            env.flush_all()
            cr.rollback()
