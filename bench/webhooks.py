"""Webhook outbox throughput: events delivered per second to a local receiver.

Usage (against a database with claim_management installed, e.g. the one of
`make test`; everything it creates is rolled back):

    python3 bench/webhooks.py -c .local/odoo-claims_test.conf -d claims_test

It starts a receiver on 127.0.0.1 (HTTP/1.1 keep-alive, checks every
signature), subscribes a webhook to it, writes N events of real claims into
the outbox (``claim.event._emit``, as claim changes do) and runs the sending
method of the scheduled action, for several thread counts. Prints events per
second, queries per batch of 200 and the ratio to the goal of issue 17
(>= 200 events/s, no query per event). Batches are not committed (the run is
rolled back): a commit per batch of 200 adds about a millisecond.
"""

import argparse
import hashlib
import hmac
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import odoo
from odoo import Command, api
from odoo.modules.registry import Registry
from odoo.tools import config

GOAL = 200.0  # events per second (issue 17)
EVENTS = 2000
THREAD_COUNTS = (1, 4, 8)


class Receiver:
    """HTTP receiver checking signatures; counts valid and invalid posts."""

    def __init__(self):
        self.secret = b""
        self.valid = self.invalid = 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                parts = dict(
                    item.split("=", 1)
                    for item in self.headers["X-Claims-Signature"].split(",")
                )
                expected = hmac.new(
                    receiver.secret, parts["t"].encode() + b"." + body, hashlib.sha256
                ).hexdigest()
                ok = hmac.compare_digest(expected, parts["v1"])
                with receiver.lock:
                    if ok:
                        receiver.valid += 1
                    else:
                        receiver.invalid += 1
                self.send_response(200 if ok else 400)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def run(env, events):
    receiver = Receiver()
    env["ir.config_parameter"].set_param(
        "claim_management.webhook_allow_private_hosts", "127.0.0.1"
    )
    # only the bench's webhook receives
    env["claim.webhook"].search([]).write({"active": False})
    webhook = env["claim.webhook"].create(
        {"name": "Bench receiver", "url": receiver.url, "on_state_changed": True}
    )
    receiver.secret = webhook.secret.encode()
    partner = env["res.partner"].create({"name": "Bench webhook customer"})
    product = env["product.product"].create({"name": "Bench webhook product"})
    claims = env["claim.claim"].create(
        [
            {
                "partner_id": partner.id,
                "claim_type_id": env.ref("claim_management.type_quantity").id,
                "line_ids": [
                    Command.create(
                        {"product_id": product.id, "quantity": 1, "price_unit": 1}
                    )
                ],
            }
            for _i in range(50)
        ]
    )
    Delivery = env["claim.webhook.delivery"]
    # deliveries of the claims just created (claim.created): sent first
    Delivery._cron_send_webhooks()
    print(
        f"{'threads':>7} {'events':>7} {'emit ms':>8} {'send s':>7} "
        f"{'events/s':>9} {'queries':>8} {'q/batch':>8} {'goal':>12}"
    )
    for threads in THREAD_COUNTS:
        specs = [
            {
                "claim": claims[i % len(claims)],
                "type": "claim.state_changed",
                "data": {"old_state": "new", "new_state": "in_progress"},
            }
            for i in range(events)
        ]
        start = time.perf_counter()
        env["claim.event"]._emit(specs)
        env.flush_all()
        emit_ms = (time.perf_counter() - start) * 1000
        env.invalidate_all()
        valid_before = receiver.valid
        queries_before = env.cr.sql_log_count
        start = time.perf_counter()
        Delivery._cron_send_webhooks(threads=threads)
        env.flush_all()
        elapsed = time.perf_counter() - start
        queries = env.cr.sql_log_count - queries_before
        delivered = receiver.valid - valid_before
        batches = -(-events // 200)
        rate = delivered / elapsed
        goal = f"{rate / GOAL:.1f}x {'met' if rate >= GOAL else 'MISSED'}"
        print(
            f"{threads:>7} {delivered:>7} {emit_ms:>8.0f} {elapsed:>7.2f} "
            f"{rate:>9.0f} {queries:>8} {queries / batches:>8.1f} {goal:>12}"
        )
    if receiver.invalid:
        print(f"{receiver.invalid} posts had an invalid signature")
    receiver.server.shutdown()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--events", type=int, default=EVENTS)
    args = parser.parse_args()
    config.parse_config(["-c", args.config, "-d", args.database])
    odoo.tools.config["log_level"] = "warn"
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            run(env, args.events)
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
