import contextlib
import itertools
import threading
from datetime import timedelta
from functools import partial

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError, ValidationError
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common_concurrency import RealTransactionsMixin

EMAIL = "parallel.public@example.com"
IP_ADDRESS = "198.51.100.77"
PARALLEL = 12


@tagged("post_install", "-at_install")
class TestClaimPublicRateLimitConcurrency(RealTransactionsMixin, TransactionCase):
    """Twelve requests of one address arrive at the same moment on the public
    form. Each runs in its own committed transaction, in its own thread, and
    is retried like Odoo retries a request that failed to serialize; each
    takes its snapshot before any of them commits, as a request reads its
    session and website before it reaches the form."""

    def setUp(self):
        super().setUp()
        self.addCleanup(self._cleanup)
        self._cleanup()
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.company_id = env.company.id
            self.limit = env.company.claim_public_rate_limit
            self.type_id = env.ref("claim_management.type_quality").id
        self.assertGreaterEqual(self.limit, 2)

    def _cleanup(self):
        with self._cursor() as cr:
            cr.execute(
                "DELETE FROM claim_request WHERE email = %s OR ip_address = %s",
                [EMAIL, IP_ADDRESS],
            )
            cr.execute(
                "DELETE FROM claim_request_attempt WHERE ip_address = %s",
                [IP_ADDRESS],
            )
            cr.execute(
                "DELETE FROM claim_rate_limit WHERE key LIKE %s OR key LIKE %s",
                [f"%{EMAIL}", f"%{IP_ADDRESS}"],
            )
            # real, separate transactions are the point of this test
            cr.commit()  # pylint: disable=invalid-commit

    def _request_values(self, env, email=EMAIL):
        return {
            "email": email,
            "ip_address": IP_ADDRESS,
            "company_id": self.company_id,
            "claim_type_id": self.type_id,
            "date_expire": fields.Datetime.now() + timedelta(hours=1),
        }

    def _in_parallel(self, work):
        """Run ``work(env)`` in PARALLEL threads at once; returns the outcome
        of each: "accepted" (committed) or the UserError message."""
        barrier = threading.Barrier(PARALLEL)
        outcomes = []

        def worker():
            with self._cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                # the snapshot of the transaction is taken here, before any
                # of the parallel requests commits
                env["res.company"].browse(self.company_id).fetch(["name"])
                barrier.wait(timeout=30)
                try:
                    retrying(partial(work, env), env)
                    outcomes.append("accepted")
                except UserError as error:
                    outcomes.append(error.args[0])
                except Exception as error:  # reported by the assertions below
                    outcomes.append(repr(error))

        threads = [threading.Thread(target=worker) for _ in range(PARALLEL)]
        with mute_logger("odoo.sql_db", "odoo.service.model"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertEqual(len(outcomes), PARALLEL, "a parallel request hung")
        return outcomes

    def _count(self, table, column, value):
        with self._cursor() as cr:
            cr.execute(f"SELECT count(*) FROM {table} WHERE {column} = %s", [value])
            return cr.fetchone()[0]

    def test_parallel_public_requests_hold_the_limit(self):
        # two requests left within the hour
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["claim.request"].create(
                [self._request_values(env) for __ in range(self.limit - 2)]
            )
            cr.commit()  # pylint: disable=invalid-commit

        def submit(env):
            # what claim.request._submit_public_claim does around its checks
            company = env["res.company"].browse(self.company_id)
            env["claim.request"]._check_rate_limit(company, EMAIL, IP_ADDRESS)
            env["claim.request"].sudo().create(self._request_values(env))

        outcomes = self._in_parallel(submit)

        self.assertEqual(outcomes.count("accepted"), 2, outcomes)
        refused = [outcome for outcome in outcomes if outcome != "accepted"]
        self.assertEqual(len(refused), PARALLEL - 2)
        for message in refused:
            self.assertIn("too many claims", message)
        self.assertEqual(self._count("claim_request", "email", EMAIL), self.limit)

    def test_parallel_requests_of_one_network_address_hold_the_limit(self):
        """Another e-mail each time: the network address limits them."""
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["claim.request"].create(
                [
                    self._request_values(env, email=f"n{index}.{EMAIL}")
                    for index in range(self.limit - 2)
                ]
            )
            cr.commit()  # pylint: disable=invalid-commit
        # a retried request takes the next e-mail: any e-mail, one address
        emails = (f"p{index}.{EMAIL}" for index in itertools.count())
        lock = threading.Lock()

        def submit(env):
            with lock:
                email = next(emails)
            company = env["res.company"].browse(self.company_id)
            env["claim.request"]._check_rate_limit(company, email, IP_ADDRESS)
            env["claim.request"].sudo().create(self._request_values(env, email))

        outcomes = self._in_parallel(submit)

        self.assertEqual(outcomes.count("accepted"), 2, outcomes)
        self.assertEqual(
            self._count("claim_request", "ip_address", IP_ADDRESS), self.limit
        )

    def test_parallel_failed_public_lookups_hold_the_limit(self):
        """Parallel guesses of an invoice's postal code from one network
        address: twice the requests per hour, not one more."""
        limit = self.limit * 2
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["claim.request.attempt"].create(
                [
                    {"ip_address": IP_ADDRESS, "company_id": self.company_id}
                    for __ in range(limit - 2)
                ]
            )
            cr.commit()  # pylint: disable=invalid-commit

        def lookup(env):
            company = env["res.company"].browse(self.company_id)
            # a failed search is recorded and refused with a ValidationError:
            # the form shows it and the request commits
            with contextlib.suppress(ValidationError):
                env["claim.request"]._find_public_document(
                    company,
                    "INV/1999/00001",
                    zip_code="10000",
                    ip_address=IP_ADDRESS,
                )

        outcomes = self._in_parallel(lookup)

        self.assertEqual(outcomes.count("accepted"), 2, outcomes)
        for outcome in outcomes:
            if outcome != "accepted":
                self.assertIn("Too many unsuccessful searches", outcome)
        self.assertEqual(
            self._count("claim_request_attempt", "ip_address", IP_ADDRESS), limit
        )
