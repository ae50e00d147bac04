import threading
from datetime import timedelta

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common_concurrency import RealTransactionsMixin


@tagged("post_install", "-at_install")
class TestClaimDeadlineCronConcurrency(RealTransactionsMixin, TransactionCase):
    """Two workers run the deadline cron at the same moment: each reminder
    is sent once. Real, committed transactions (see test_claim_concurrency)."""

    def _setup_claims(self):
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].create({"name": "Cron Consumer"})
            product = env["product.product"].create({"name": "Cron Product"})
            received = fields.Datetime.now() - timedelta(days=13)
            claims = env["claim.claim"].create(
                [
                    {
                        "partner_id": partner.id,
                        "claim_type_id": env.ref("claim_management.type_quality").id,
                        "legal_regime": "consumer",
                        "description": "<p>Broken.</p>",
                        "date_received": received,
                        "line_ids": [
                            Command.create({"product_id": product.id, "quantity": 1})
                        ],
                    }
                    for _i in range(5)
                ]
            )
            # real, separate transactions are the point of this test
            cr.commit()  # pylint: disable=invalid-commit
            return partner.id, claims.ids

    def _cleanup(self, partner_id):
        with self._cursor() as cr:
            cr.execute("DELETE FROM claim_claim WHERE partner_id = %s", [partner_id])
            cr.commit()  # pylint: disable=invalid-commit

    def test_cron_twice_at_once_sends_each_reminder_once(self):
        partner_id, claim_ids = self._setup_claims()
        self.addCleanup(self._cleanup, partner_id)
        start = threading.Barrier(2)
        outcomes = []

        def worker():
            with self._cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                start.wait(timeout=10)
                try:
                    env["claim.claim"]._cron_claim_deadlines()
                    cr.commit()  # pylint: disable=invalid-commit
                    outcomes.append("done")
                except SerializationFailure:
                    cr.rollback()
                    outcomes.append("retry later")

        threads = [threading.Thread(target=worker) for _i in range(2)]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
        self.assertIn("done", outcomes)

        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            claims = env["claim.claim"].browse(claim_ids)
            self.assertEqual(set(claims.mapped("deadline_status")), {"due_soon"})
            self.assertTrue(all(claims.mapped("deadline_reminder_sent")))
            for claim in claims:
                self.assertEqual(len(claim.activity_ids), 1, claim.name)
            # a later run sends nothing more
            env["claim.claim"]._cron_claim_deadlines()
            self.assertEqual(len(claims.activity_ids), 5)
            cr.rollback()
