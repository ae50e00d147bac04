import json
import socket
import time
from datetime import timedelta

from odoo import fields
from odoo.addons.claim_management.models.claim_webhook_tools import (
    ALLOW_PRIVATE_PARAM,
    SIGNATURE_HEADER,
    signature_header,
)
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_portal import ClaimPortalCommon
from .common_resolution import ClaimResolutionCommon
from .common_webhooks import WebhookCaseMixin, verify


@tagged("post_install", "-at_install")
class TestClaimWebhooks(WebhookCaseMixin, ClaimResolutionCommon):
    """Events of real claims (from a posted invoice, decided, resolved by a
    real credit note) posted to a real receiver on 127.0.0.1 that checks
    the signatures; retries, backoff, disabling."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_webhooks()

    def test_events_of_a_claim_delivered_once_signed(self):
        claim = self._claim({(self.product_a, None): 2})
        self._send()
        created = self.receiver.accepted("claim.created")
        self.assertEqual(len(created), 1)
        self.assertEqual(
            created[0]["claim"],
            {
                "id": claim.id,
                "number": claim.name,
                "state": "new",
                "client_ref": None,
                "customer_ref": None,
            },
        )
        self.assertEqual(created[0]["company_id"], claim.company_id.id)
        moves = [
            (p["data"]["old_state"], p["data"]["new_state"])
            for p in self.receiver.accepted("claim.state_changed")
        ]
        # posted in parallel: the order of arrival may differ from the changes'
        self.assertCountEqual(
            moves, [("new", "in_progress"), ("in_progress", "decided")]
        )
        decided = self.receiver.accepted("claim.decided")
        self.assertEqual(len(decided), 1)
        self.assertEqual(decided[0]["claim"]["state"], "decided")
        self.assertTrue(decided[0]["time"].endswith("Z"))

        claim.action_create_credit_note()
        credit_note = claim.credit_note_ids
        self._send()
        documents = self.receiver.accepted("claim.document_created")
        self.assertEqual(
            [p["data"]["document"] for p in documents],
            [
                {
                    "model": "account.move",
                    "id": credit_note.id,
                    "name": credit_note.name,
                }
            ],
        )
        credit_note.with_user(self.accountant).action_post()
        self.assertEqual(claim.state, "resolved")
        self._send()
        resolved = self.receiver.accepted("claim.resolved")
        self.assertEqual(len(resolved), 1)
        self.assertEqual(resolved[0]["claim"]["state"], "resolved")

        # every event once, each with a valid signature and its own headers
        self.assertTrue(all(item["valid"] for item in self.receiver.received))
        ids = [p["id"] for p in self.receiver.accepted()]
        self.assertEqual(len(ids), len(set(ids)))
        events = self.env["claim.event"].search([("claim_id", "=", claim.id)])
        self.assertEqual(sorted(ids), sorted(events.mapped("uuid")))
        headers = self.receiver.received[0]["headers"]
        self.assertEqual(
            headers["X-Claims-Event-Id"], self.receiver.accepted()[0]["id"]
        )
        self.assertRegex(headers[SIGNATURE_HEADER], r"^t=\d+,v1=[0-9a-f]{64}$")
        deliveries = self._deliveries(claim)
        self.assertEqual(set(deliveries.mapped("state")), {"done"})
        self.assertEqual(set(deliveries.mapped("attempt_count")), {1})
        self.assertEqual(set(deliveries.mapped("response_code")), {200})
        # sent once: nothing is left to send
        count = len(self.receiver.received)
        self._send()
        self.assertEqual(len(self.receiver.received), count)

    def test_payload_is_the_signed_body(self):
        claim = self._create_claim()
        event = self.env["claim.event"].search(
            [("claim_id", "=", claim.id), ("event_type", "=", "claim.created")]
        )
        payload = json.loads(event.payload)
        self.assertEqual(payload["id"], event.uuid)
        self.assertEqual(payload["type"], "claim.created")
        self.assertEqual(payload["claim"]["number"], claim.name)
        # a receiver refuses a modified body and an old timestamp (replay)
        body = event.payload.encode()
        header = self._signature(body, int(time.time()))
        self.assertTrue(verify(self.receiver.secret, header, body))
        self.assertFalse(verify(self.receiver.secret, header, body + b" "))
        old = self._signature(body, int(time.time()) - 3600)
        self.assertFalse(verify(self.receiver.secret, old, body))

    def _signature(self, body, timestamp):
        return signature_header(self.receiver.secret, timestamp, body)

    def test_subscription_gets_only_its_events(self):
        self.webhook.write({"on_state_changed": False, "on_decided": False})
        claim = self._claim({(self.product_a, None): 1})
        types = set(self._deliveries(claim).mapped("event_id.event_type"))
        self.assertEqual(types, {"claim.created"})

    def test_500_then_200_retried_and_delivered_once(self):
        self.receiver.responses = [500]
        claim = self._create_claim()
        delivery = self._deliveries(claim, "claim.created")
        self._send()
        self.assertRecordValues(
            delivery,
            [{"state": "pending", "attempt_count": 1, "response_code": 500}],
        )
        self.assertIn("HTTP 500", delivery.error)
        self.assertEqual(
            delivery.next_attempt_date - delivery.last_attempt_date,
            timedelta(seconds=30),
        )
        self.assertTrue(self.webhook.failing_since)
        # not due yet: nothing is posted
        self._send()
        self.assertEqual(delivery.attempt_count, 1)
        self._make_due(delivery)
        self._send()
        self.assertRecordValues(
            delivery,
            [
                {
                    "state": "done",
                    "attempt_count": 2,
                    "response_code": 200,
                    "error": False,
                }
            ],
        )
        log = delivery.attempt_log.splitlines()
        self.assertEqual(len(log), 2)
        self.assertIn("#1: 500", log[0])
        self.assertIn("#2: 200", log[1])
        posts = [
            item
            for item in self.receiver.received
            if item["payload"]["claim"]["id"] == claim.id
        ]
        self.assertEqual([item["status"] for item in posts], [500, 200])
        self.assertEqual(len({item["payload"]["id"] for item in posts}), 1)
        self.assertEqual(len(self.receiver.accepted("claim.created")), 1)
        self.assertFalse(self.webhook.failing_since)
        self.assertTrue(self.webhook.last_success_date)

    def test_receiver_down_backoff_then_disabled_with_activity(self):
        down = self.receiver.url.replace(
            str(self.receiver.port), str(self._free_port())
        )
        self.webhook.url = down
        claim = self._create_claim()
        delivery = self._deliveries(claim, "claim.created")
        delays = []
        for _attempt in range(4):
            self._make_due(delivery)
            self._send()
            delays.append(delivery.next_attempt_date - delivery.last_attempt_date)
        self.assertEqual(delays, [timedelta(seconds=s) for s in (30, 60, 120, 240)])
        self.assertRecordValues(
            delivery, [{"state": "pending", "attempt_count": 4, "response_code": 0}]
        )
        self.assertIn("ConnectionError", delivery.error)
        self.assertTrue(self.webhook.active)
        # 25 hours later: the event is too old to retry and the receiver has
        # failed for 24 hours without a success
        day_ago = fields.Datetime.now() - timedelta(hours=25)
        delivery.event_id.date = day_ago
        self.webhook.failing_since = day_ago
        other = self._create_claim()
        waiting = self._deliveries(other)
        self._make_due(delivery)
        self._send()
        self.assertEqual(delivery.state, "failed")
        self.assertFalse(self.webhook.active)
        self.assertEqual(set(waiting.mapped("state")), {"cancelled"})
        activity = self.webhook.activity_ids
        self.assertEqual(activity.user_id, self.manager)
        self.assertIn("deactivated", activity.summary)
        # reactivated by the owner: a fresh start
        self.webhook.active = True
        self.assertFalse(self.webhook.failing_since)

    def _free_port(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]

    def test_operator_not_slowed_by_a_slow_receiver(self):
        # No wall-clock assertion (the machine's load decides those): the
        # proof is that no request even reached the receiver during the
        # operator's work, so the operator cannot have waited for it.
        self.receiver.delay = 2.0
        claim = self._claim({(self.product_a, None): 1})
        claim.action_create_credit_note()
        self.env.flush_all()
        self.assertEqual(self.receiver.arrived, 0)
        self.assertEqual(self.receiver.received, [])
        self.assertEqual(set(self._deliveries(claim).mapped("state")), {"pending"})
        self.receiver.delay = 0.0
        self._send()
        self.assertEqual(set(self._deliveries(claim).mapped("state")), {"done"})

    def test_cron_sends_without_a_query_per_event(self):
        self._create_claim()
        self._count_send_queries()  # caches warmed (parameters, cron record)
        for _i in range(2):
            self._create_claim()
        self.env.flush_all()
        queries_small = self._count_send_queries()
        for _i in range(12):
            self._create_claim()
        self.env.flush_all()
        queries_large = self._count_send_queries()
        self.assertEqual(len(self.receiver.accepted("claim.created")), 15)
        self.assertEqual(queries_small, queries_large)

    def _count_send_queries(self):
        # the webhook's last success is written in every run (it is skipped
        # when the time is the same second as the previous run's)
        self.webhook.last_success_date = False
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.Delivery._cron_send_webhooks()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_private_url_refused_without_parameter(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param(ALLOW_PRIVATE_PARAM, "")
        Webhook = self.env["claim.webhook"].with_user(self.manager)
        for url in (
            self.receiver.url,
            "http://localhost:8069/hook",
            "https://10.1.2.3/hook",
            "https://192.168.1.10/hook",
            "https://169.254.169.254/latest/meta-data",
            "https://[::1]/hook",
            "https://user:pass@93.184.216.34/hook",
            "ftp://93.184.216.34/hook",
            "http://93.184.216.34/hook",
        ):
            with self.subTest(url=url), self.assertRaises(ValidationError):
                Webhook.create({"name": "Bad", "url": url})
        hook = Webhook.create({"name": "Public", "url": "https://93.184.216.34/hook"})
        self.assertTrue(hook.active)
        hook.active = False  # no post leaves the test machine
        # saved while allowed, refused at send time once the parameter is gone
        claim = self._create_claim()
        self._send()
        delivery = self._deliveries(claim, "claim.created")
        self.assertEqual(delivery.state, "pending")
        self.assertEqual(delivery.response_code, 0)
        self.assertIn("Refused", delivery.error)
        self.assertEqual(self.receiver.received, [])

    def test_access_managers_only(self):
        for user in (self.operator, self.claim_user, self.accountant):
            with self.subTest(user=user.login):
                Webhook = self.env["claim.webhook"].with_user(user)
                with self.assertRaises(AccessError):
                    Webhook.search([])
                with self.assertRaises(AccessError):
                    self.webhook.with_user(user).read(["secret"])
                with self.assertRaises(AccessError):
                    Webhook.create({"name": "Mine", "url": self.receiver.url})
                with self.assertRaises(AccessError):
                    self.env["claim.webhook.delivery"].with_user(user).search([])
                with self.assertRaises(AccessError):
                    self.env["claim.event"].with_user(user).search([])
        as_manager = self.webhook.with_user(self.manager)
        self.assertEqual(as_manager.secret, self.receiver.secret)
        # the secret is generated, never written by a client
        with self.assertRaises(UserError):
            as_manager.write({"secret": "guessable"})
        as_manager.action_regenerate_secret()
        self.assertNotEqual(as_manager.secret, self.receiver.secret)
        self.assertGreaterEqual(len(as_manager.secret), 40)
        # other companies' webhooks stay out of reach
        manager_b = self._new_user(
            "claim_manager_b",
            "claim_management.group_claim_manager",
            company=self.company_2,
        )
        # a client's context does not choose the secret
        mine = (
            self.env["claim.webhook"]
            .with_user(self.manager)
            .with_context(default_secret="guessable")
            .create({"name": "Mine", "url": self.receiver.url})
        )
        self.assertNotEqual(mine.secret, "guessable")
        self.assertFalse(self.env["claim.webhook"].with_user(manager_b).search([]))
        with self.assertRaises(AccessError):
            self.webhook.with_user(manager_b).read(["url"])

    def test_archived_webhook_gets_nothing(self):
        self.receiver.responses = [500]
        claim = self._create_claim()
        self._send()
        delivery = self._deliveries(claim, "claim.created")
        self.webhook.with_user(self.manager).action_archive()
        self.assertEqual(delivery.state, "cancelled")
        self._make_due(delivery)
        other = self._create_claim()
        self._send()
        self.assertFalse(self._deliveries(other))
        self.assertEqual(len(self.receiver.received), 1)

    def test_at_least_one_event(self):
        with self.assertRaises(ValidationError):
            self.env["claim.webhook"].create(
                {
                    "name": "Nothing",
                    "url": self.receiver.url,
                    "on_created": False,
                    "on_state_changed": False,
                }
            )

    def test_old_delivered_events_vacuumed(self):
        claim = self._create_claim()
        self._send()
        pending_claim = self._create_claim()
        events = self.env["claim.event"].search(
            [("claim_id", "in", (claim | pending_claim).ids)]
        )
        events.write({"date": fields.Datetime.now() - timedelta(days=31)})
        delivered = events.filtered(lambda e: e.claim_id == claim)
        waiting = events - delivered
        self.env["claim.event"]._gc_old_events()
        self.assertFalse(delivered.exists())
        self.assertEqual(waiting.exists(), waiting)


@tagged("post_install", "-at_install")
class TestClaimWebhookMessages(WebhookCaseMixin, ClaimPortalCommon):
    """Customer messages (portal reply over HTTP) are events; our own
    messages and internal notes are not."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_webhooks()
        cls.claim = cls._portal_claim(quantity=1)

    def test_portal_reply_is_delivered(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response = self._post(
            f"/my/claims/{self.claim.id}/reply", {"message": "Any news?"}
        )
        self.assertEqual(response.status_code, 303)
        message = self.claim.message_ids.filtered(
            lambda m: "Any news?" in (m.body or "")
        )
        self.assertEqual(len(message), 1)
        self._send()
        posted = self.receiver.accepted("claim.message")
        self.assertEqual(len(posted), 1)
        self.assertEqual(posted[0]["claim"]["id"], self.claim.id)
        self.assertEqual(
            posted[0]["data"]["message"],
            {
                "id": message.id,
                "author_id": self.portal_user.partner_id.id,
                "attachment_count": 0,
            },
        )
        delivery = self._deliveries(self.claim, "claim.message")
        self.assertRecordValues(delivery, [{"state": "done", "attempt_count": 1}])

    def test_our_messages_are_no_customer_events(self):
        claim = self.claim.with_user(self.operator)
        claim.message_post(body="Internal remark", subtype_xmlid="mail.mt_note")
        claim.message_post(
            body="We received the chair.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        # the customer's note through the chatter would be internal: no event
        self.claim.sudo().message_post(
            body="Note in the customer's name",
            author_id=self.portal_user.partner_id.id,
            subtype_xmlid="mail.mt_note",
        )
        self.assertFalse(self._deliveries(self.claim, "claim.message"))
