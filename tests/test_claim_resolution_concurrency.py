import threading

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common_concurrency import RealTransactionsMixin


@tagged("post_install", "-at_install")
class TestClaimResolutionConcurrency(RealTransactionsMixin, TransactionCase):
    """Two workers press “Replace”, “Credit Note” or “Repair” on the same
    claim at the same moment, or post the cost of the same delivery.

    Everything is made in real, committed transactions (the test transaction
    cannot show two workers) and removed afterwards.
    """

    def _setup_claim(self):
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].create({"name": "Concurrent Resolution"})
            product = env["product.product"].create(
                {
                    "name": "Concurrent Replacement",
                    "type": "consu",
                    "standard_price": 15.0,
                }
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
                                "price_unit": 40.0,
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
            self.addCleanup(self._cleanup, claim.id)
            return claim.id

    def _cleanup(self, claim_id):
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            claim = env["claim.claim"].browse(claim_id)
            moves = claim.credit_note_ids | claim.cost_move_ids
            repairs = claim.repair_ids
            claim.picking_ids.filtered(lambda p: p.state != "done").action_cancel()
            if moves:
                cr.execute(
                    "DELETE FROM account_move WHERE id IN %s", [tuple(moves.ids)]
                )
            if repairs:
                cr.execute(
                    "DELETE FROM repair_order WHERE id IN %s", [tuple(repairs.ids)]
                )
            cr.execute("DELETE FROM claim_claim WHERE id = %s", [claim_id])
            cr.commit()  # pylint: disable=invalid-commit

    def _race(self, first, second):
        """Run `first(env)` in one transaction, then `second(env)` in another
        while the first is still open; commit the first. Returns what the
        second got: a serialization failure (Odoo retries the request) or
        "done"."""
        outcome = {}

        def second_worker(cr):
            env = api.Environment(cr, SUPERUSER_ID, {})
            try:
                second(env)
                env.flush_all()
                outcome["second"] = "done"
            except SerializationFailure:
                outcome["second"] = "serialization_failure"
            cr.rollback()

        with self._cursor() as cr_first, self._cursor() as cr_second:
            env_first = api.Environment(cr_first, SUPERUSER_ID, {})
            cr_second.execute("SELECT pg_backend_pid()")
            second_pid = cr_second.fetchone()[0]
            first(env_first)
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
        return outcome.get("second")

    def _press_at_once(self, claim_id, method):
        def press(env):
            getattr(env["claim.claim"].browse(claim_id), method)()

        self.assertEqual(self._race(press, press), "serialization_failure")

    def _retry(self, claim_id, method, field, check):
        """The retried request of the second worker: it returns the first
        worker's documents and makes none. `check(documents)` checks them."""
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            claim = env["claim.claim"].browse(claim_id)
            first_documents = claim[field]
            action = getattr(claim, method)()
            documents = (
                env[action["res_model"]].browse(action["res_id"])
                if action.get("res_id")
                else env[action["res_model"]].search(action["domain"])
            )
            self.assertEqual(documents, first_documents)
            self.assertEqual(claim[field], first_documents)
            check(first_documents)
            env.flush_all()
            cr.rollback()

    def test_two_workers_replace_at_once(self):
        claim_id = self._setup_claim()
        self._press_at_once(claim_id, "action_create_replacement")
        self._retry(
            claim_id,
            "action_create_replacement",
            "picking_ids",
            lambda pickings: self.assertEqual(
                len(pickings), 2, "one return, one delivery"
            ),
        )

    def test_two_workers_credit_at_once(self):
        claim_id = self._setup_claim()
        self._press_at_once(claim_id, "action_create_credit_note")

        def check(credit_note):
            self.assertEqual(len(credit_note), 1)
            self.assertEqual(credit_note.invoice_line_ids.quantity, 2.0)

        self._retry(claim_id, "action_create_credit_note", "credit_note_ids", check)

    def test_two_workers_repair_at_once(self):
        claim_id = self._setup_claim()
        self._press_at_once(claim_id, "action_create_repair")

        def check(repair):
            self.assertEqual(len(repair), 1)
            self.assertEqual(repair.product_qty, 2.0)

        self._retry(claim_id, "action_create_repair", "repair_ids", check)

    def _replace_without_cost_entry(self, claim_id):
        """A done replacement delivery made while no claims cost account was
        set; then the company sets one."""
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            claim = env["claim.claim"].browse(claim_id)
            claim.action_create_replacement()
            delivery = claim.picking_ids.filtered(
                lambda p: p.picking_type_code == "outgoing"
            )
            delivery.move_ids.write({"quantity": 2, "picked": True})
            delivery.button_validate()
            self.assertFalse(claim.cost_move_ids)
            company = env.company
            self.addCleanup(
                self._restore_company,
                company.id,
                company.claim_cost_account_id.id,
                company.claim_cost_journal_id.id,
            )
            company.claim_cost_account_id = company.expense_account_id
            cr.commit()  # pylint: disable=invalid-commit
            return delivery.id

    def _restore_company(self, company_id, account_id, journal_id):
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["res.company"].browse(company_id).write(
                {
                    "claim_cost_account_id": account_id,
                    "claim_cost_journal_id": journal_id,
                }
            )
            cr.commit()  # pylint: disable=invalid-commit

    def test_two_workers_post_the_cost_at_once(self):
        claim_id = self._setup_claim()
        delivery_id = self._replace_without_cost_entry(claim_id)

        def post(env):
            env["stock.picking"].browse(delivery_id)._claim_post_cost_entries()

        self.assertEqual(self._race(post, post), "serialization_failure")
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            claim = env["claim.claim"].browse(claim_id)
            entry = claim.cost_move_ids
            self.assertEqual(len(entry), 1)
            self.assertEqual(entry.amount_total, 30.0)
            # the retry finds the entry and posts none
            self.assertFalse(
                env["stock.picking"].browse(delivery_id)._claim_post_cost_entries()
            )
            self.assertEqual(claim.cost_move_ids, entry)
            cr.rollback()
