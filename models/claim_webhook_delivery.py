import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from urllib.parse import urlsplit

import requests

from odoo import api, fields, models
from odoo.fields import Domain

from .claim_webhook_tools import (
    SIGNATURE_HEADER,
    USER_AGENT,
    host_is_allowed,
    post_event,
    signature_header,
)

_logger = logging.getLogger(__name__)

# Retries: 30 s after the first failure, doubling up to 2 hours, for 24 hours
# from the event; then the delivery has failed for good.
FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(hours=2)
RETRY_WINDOW = timedelta(hours=24)
# Deliveries posted per batch (one commit each) and threads posting them.
BATCH_SIZE = 200
THREADS = 4


def retry_delay(attempts):
    """Wait after the ``attempts``-th failed attempt (exponential backoff)."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), MAX_RETRY)


class ClaimWebhookDelivery(models.Model):
    """The delivery log: one row per (event, webhook), with its status,
    attempts, the last answer and one line per attempt."""

    _name = "claim.webhook.delivery"
    _description = "Claim Webhook Delivery"
    _order = "id desc"
    _rec_name = "event_id"

    event_id = fields.Many2one(
        "claim.event", required=True, readonly=True, ondelete="cascade"
    )
    webhook_id = fields.Many2one(
        "claim.webhook", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    event_type = fields.Selection(related="event_id.event_type")
    claim_id = fields.Many2one(related="event_id.claim_id")
    event_date = fields.Datetime(related="event_id.date", string="Event Date")
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("done", "Delivered"),
            ("failed", "Failed"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="pending",
        readonly=True,
        index=True,
        help="Failed: still refused 24 hours after the event. Cancelled: the "
        "webhook was deactivated before delivery.",
    )
    attempt_count = fields.Integer("Attempts", readonly=True)
    next_attempt_date = fields.Datetime(readonly=True)
    last_attempt_date = fields.Datetime(readonly=True)
    date_done = fields.Datetime("Delivered On", readonly=True)
    response_code = fields.Integer(
        "Last Response Code", readonly=True, help="0: no answer (network error)."
    )
    duration_ms = fields.Integer("Duration (ms)", readonly=True)
    error = fields.Char(readonly=True)
    attempt_log = fields.Text(
        readonly=True, help="One line per attempt: time, response code, duration."
    )

    _event_webhook_uniq = models.UniqueIndex(
        "(event_id, webhook_id)", "An event is delivered once per webhook."
    )
    # the scheduled action's queue: pending deliveries by due time
    _due_idx = models.Index("(next_attempt_date, id) WHERE state = 'pending'")

    # ------------------------------------------------------------------
    # Sending (scheduled action)
    # ------------------------------------------------------------------

    @api.model
    def _cron_send_webhooks(self, batch_size=BATCH_SIZE, threads=THREADS):
        """Post the due deliveries by batches: each batch is locked (other
        workers skip it), posted by a thread pool (HTTP only), written back
        and committed. A receiver's failure never raises out of here."""
        local = threading.local()
        sessions = []

        def post(job):
            session = getattr(local, "session", None)
            if session is None:
                session = local.session = requests.Session()
                sessions.append(session)
            return post_event(session, *job)

        with ThreadPoolExecutor(max_workers=threads) as pool:
            try:
                while True:
                    batch = self._due_batch(batch_size)
                    if not batch:
                        break
                    batch._send(pool, post)
                    if not self._commit_batch(len(batch)):
                        break
            finally:
                for session in sessions:
                    session.close()
        self._schedule_next_run()

    @api.model
    def _due_domain(self):
        return Domain("state", "=", "pending") & Domain(
            "next_attempt_date", "<=", fields.Datetime.now()
        )

    @api.model
    def _due_batch(self, batch_size):
        """The next due deliveries no other worker is posting."""
        deliveries = self.sudo().search(
            self._due_domain(), limit=batch_size, order="next_attempt_date, id"
        )
        return deliveries.try_lock_for_update(allow_referencing=True)

    @api.model
    def _commit_batch(self, count):
        """Commit a batch when run by the scheduled action; whether to go on
        (time left)."""
        self.env.flush_all()
        if not self.env.context.get("cron_id"):
            return True
        remaining = self.sudo().search_count(self._due_domain(), limit=100000)
        return self.env["ir.cron"]._commit_progress(count, remaining=remaining) > 0

    @api.model
    def _schedule_next_run(self):
        """Wake the scheduled action for the next retry."""
        first = self.sudo().search(
            [("state", "=", "pending")], order="next_attempt_date", limit=1
        )
        cron = self.env.ref(
            "claim_management.ir_cron_claim_webhooks", raise_if_not_found=False
        )
        if first and cron:
            cron._trigger(max(first.next_attempt_date, fields.Datetime.now()))

    def _send(self, pool, post):
        """Post this batch (ids locked) and record the results."""
        now = fields.Datetime.now()
        timestamp = int(time.time())
        allowed = self.env["claim.webhook"]._allowed_private_hosts()
        host_errors = {}
        jobs, sendable = [], self.browse()
        refused = {}
        for delivery in self:
            webhook = delivery.webhook_id
            host = urlsplit(webhook.url).hostname or ""
            if host not in host_errors:
                # the resolved address is checked at send time too (DNS may
                # have changed since the URL was saved)
                host_errors[host] = host_is_allowed(host, allowed)
            if host_errors[host]:
                refused[delivery] = f"Refused: {host_errors[host]}"
                continue
            body = delivery.event_id.payload.encode()
            headers = {
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                "X-Claims-Event": delivery.event_id.event_type,
                "X-Claims-Event-Id": delivery.event_id.uuid,
                SIGNATURE_HEADER: signature_header(webhook.secret, timestamp, body),
            }
            jobs.append((webhook.url, body, headers))
            sendable |= delivery
        results = list(pool.map(post, jobs))
        outcomes = dict(zip(sendable, results, strict=True))
        outcomes.update({d: (0, 0, error) for d, error in refused.items()})
        self._record(outcomes, now)

    @api.model
    def _record(self, outcomes, now):
        """Write the attempts' results ({delivery: (code, ms, error)}): one
        UPDATE per batch (the ORM groups the rows), then the webhooks' health."""
        succeeded, failed = set(), {}
        for delivery, (code, duration, error) in outcomes.items():
            attempts = delivery.attempt_count + 1
            line = f"{now:%Y-%m-%d %H:%M:%S} #{attempts}: {code or '-'} {duration} ms"
            values = {
                "attempt_count": attempts,
                "last_attempt_date": now,
                "response_code": code,
                "duration_ms": duration,
                "error": error or False,
                "attempt_log": "\n".join(filter(None, [delivery.attempt_log, line])),
            }
            if not error:
                values.update(state="done", date_done=now, next_attempt_date=False)
                succeeded.add(delivery.webhook_id)
            else:
                next_date = now + retry_delay(attempts)
                if next_date > delivery.event_id.date + RETRY_WINDOW:
                    values.update(state="failed", next_attempt_date=False)
                else:
                    values["next_attempt_date"] = next_date
                failed.setdefault(delivery.webhook_id, now)
            delivery.write(values)
        webhooks = self.env["claim.webhook"].sudo()
        dead = webhooks._note_results(
            webhooks.browse(w.id for w in succeeded), failed, now
        )
        if dead:
            _logger.info("Webhooks %s deactivated after failing for 24 hours", dead.ids)
