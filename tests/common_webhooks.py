import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from odoo.addons.claim_management.models.claim_webhook_tools import (
    ALLOW_PRIVATE_PARAM,
    SIGNATURE_HEADER,
)

# A receiver refuses posts signed longer ago than this (replay).
TOLERANCE = 300


class WebhookReceiver:
    """A real HTTP receiver on 127.0.0.1 (random free port) in a thread,
    checking signatures as a real integration would: the signature header
    ``t=<unix time>,v1=<hex>`` must be the HMAC-SHA256 of ``t + "." + body``
    with the webhook's secret, and ``t`` recent."""

    def __init__(self):
        self.secret = None
        # status codes to answer next (then 200)
        self.responses = []
        # seconds to wait before answering
        self.delay = 0.0
        self.received = []
        # requests that reached the receiver, counted before any delay
        self.arrived = 0
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real receivers

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status = receiver._handle(self.path, dict(self.headers), body)
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hooks/claims"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def reset(self):
        with self._lock:
            self.received = []
            self.arrived = 0
            self.responses = []
            self.delay = 0.0

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def _handle(self, path, headers, body):
        with self._lock:
            self.arrived += 1
        if self.delay:
            time.sleep(self.delay)
        valid = verify(self.secret, headers.get(SIGNATURE_HEADER, ""), body)
        with self._lock:
            status = self.responses.pop(0) if self.responses else 200
            if not valid:
                status = 400
            self.received.append(
                {
                    "path": path,
                    "headers": headers,
                    "payload": json.loads(body) if valid else None,
                    "valid": valid,
                    "status": status,
                }
            )
        return status

    def accepted(self, event_type=None):
        """Payloads answered 2xx (with a valid signature)."""
        return [
            item["payload"]
            for item in self.received
            if item["valid"]
            and 200 <= item["status"] < 300
            and (not event_type or item["payload"]["type"] == event_type)
        ]


def verify(secret, header, body, tolerance=TOLERANCE, now=None):
    """The receiver's check (the snippet of docs/webhooks.md)."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance:
        return False  # too old (replay) or from the future
    expected = hmac.new(
        (secret or "").encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected, parts.get("v1", ""))


class WebhookCaseMixin:
    """A receiver, the parameter allowing 127.0.0.1, a webhook on it."""

    @classmethod
    def _setup_webhooks(cls):
        cls.receiver = WebhookReceiver()
        cls.addClassCleanup(cls.receiver.stop)
        cls.env["ir.config_parameter"].sudo().set_param(
            ALLOW_PRIVATE_PARAM, "127.0.0.1"
        )
        cls.webhook = cls.env["claim.webhook"].create(
            {
                "name": "E-shop",
                "url": cls.receiver.url,
                "user_id": cls.manager.id,
                "company_id": cls.env.company.id,
                **{
                    name: True
                    for name in (
                        "on_created",
                        "on_state_changed",
                        "on_decided",
                        "on_resolved",
                        "on_closed",
                        "on_message",
                        "on_document",
                    )
                },
            }
        )
        cls.receiver.secret = cls.webhook.sudo().secret
        cls.Delivery = cls.env["claim.webhook.delivery"]

    def setUp(self):
        super().setUp()
        self.receiver.reset()

    def _send(self):
        """Run what the scheduled action runs (no waiting for it)."""
        self.env.flush_all()
        self.Delivery._cron_send_webhooks()
        self.env.invalidate_all()

    def _deliveries(self, claim, event_type=None, webhook=None):
        domain = [
            ("event_id.claim_id", "=", claim.id),
            ("webhook_id", "=", (webhook or self.webhook).id),
        ]
        if event_type:
            domain.append(("event_id.event_type", "=", event_type))
        return self.Delivery.search(domain)

    def _make_due(self, deliveries):
        """Time passes: the next attempt is due now."""
        deliveries.write({"next_attempt_date": "2000-01-01 00:00:00"})
