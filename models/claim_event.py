import json
import uuid
from datetime import timedelta

from odoo import api, fields, models

from .claim_state import CLAIM_STATES
from .claim_webhook_tools import EVENT_SELECTION

# Days delivered (or undeliverable) events are kept, unless the system
# parameter claim_management.webhook_event_retention_days says otherwise.
RETENTION_PARAM = "claim_management.webhook_event_retention_days"
RETENTION_DAYS = 30
GC_BATCH = 5000


class ClaimEvent(models.Model):
    """The outbox: one row per event of a claim, written in the transaction
    of the change, with one delivery per matching webhook, sent after commit
    by a scheduled action.

    Automation rules (base_automation, "On creation" of Claim Event, filtered
    on the event type) react to the same events inside Odoo; Python add-ons
    override ``_on_events`` instead.
    """

    _name = "claim.event"
    _description = "Claim Event"
    _order = "id desc"
    _rec_name = "uuid"

    uuid = fields.Char("Event ID", required=True, readonly=True, index=True, copy=False)
    event_type = fields.Selection(
        EVENT_SELECTION, required=True, readonly=True, index=True
    )
    date = fields.Datetime(required=True, readonly=True, index=True)
    claim_id = fields.Many2one(
        "claim.claim", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    old_state = fields.Selection(CLAIM_STATES, readonly=True)
    new_state = fields.Selection(CLAIM_STATES, readonly=True)
    res_model = fields.Char("Document Model", readonly=True)
    res_id = fields.Integer("Document ID", readonly=True)
    message_id = fields.Many2one("mail.message", readonly=True, ondelete="set null")
    payload = fields.Text(
        readonly=True, help="The JSON body posted to the webhooks, as signed."
    )
    delivery_ids = fields.One2many("claim.webhook.delivery", "event_id")

    _uuid_uniq = models.UniqueIndex("(uuid)", "An event ID is unique.")

    @api.model
    def _emit(self, specs):
        """Write the events ``specs`` describe (dicts with ``claim``,
        ``type`` and optional ``data`` for the payload and ``values`` for the
        event's own fields) and their deliveries, in the current transaction,
        then ask the scheduled action to send them after commit. One INSERT
        per model whatever the number of events."""
        if not specs:
            return self.browse()
        now = fields.Datetime.now()
        time = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        vals_list = []
        for spec in specs:
            claim = spec["claim"]
            event_uuid = str(uuid.uuid4())
            payload = claim._webhook_payload(
                spec["type"], event_uuid, time, spec.get("data") or {}
            )
            vals_list.append(
                {
                    "uuid": event_uuid,
                    "event_type": spec["type"],
                    "date": now,
                    "claim_id": claim.id,
                    "company_id": claim.company_id.id,
                    "payload": json.dumps(payload, separators=(",", ":")),
                    **spec.get("values", {}),
                }
            )
        # sudo: whoever changes a claim (operators, customers on the portal,
        # API users) emits its events; only claims managers read the outbox.
        events = self.sudo().create(vals_list)
        events._create_deliveries()
        events._on_events()
        return events

    def _create_deliveries(self):
        """One delivery per event and active webhook of its company that
        subscribed to its type (one query for the webhooks)."""
        webhooks = (
            self.env["claim.webhook"]
            .sudo()
            .search([("company_id", "in", self.company_id.ids)])
        )
        if not webhooks:
            return
        deliveries = [
            {
                "event_id": event.id,
                "webhook_id": webhook.id,
                "company_id": event.company_id.id,
                "next_attempt_date": event.date,
            }
            for event in self
            for webhook in webhooks
            if webhook.company_id == event.company_id
            and webhook._wants(event.event_type)
        ]
        if deliveries:
            self.env["claim.webhook.delivery"].sudo().create(deliveries)
            self._trigger_sending()

    def _trigger_sending(self):
        """Ask the scheduled action to run once this transaction commits: one
        trigger per transaction, however many events it emits."""
        precommit = self.env.cr.precommit
        if precommit.data.get("claim_webhooks_triggered"):
            return
        precommit.data["claim_webhooks_triggered"] = True
        cron = self.env.ref(
            "claim_management.ir_cron_claim_webhooks", raise_if_not_found=False
        )
        if cron:
            # sudo: whoever emits may not write crons. The trigger is written
            # with this transaction, so the run sees its events.
            precommit.add(cron.sudo()._trigger)

    def _on_events(self):
        """Hook for add-ons reacting to claim events in Python, in the
        transaction of the change (``self``: the new events, as superuser)."""

    @api.autovacuum
    def _gc_old_events(self):
        """Delete events older than the retention period once no delivery
        waits for them (their deliveries go with them)."""
        days = int(
            self.env["ir.config_parameter"].sudo().get_param(RETENTION_PARAM)
            or RETENTION_DAYS
        )
        limit_date = fields.Datetime.now() - timedelta(days=days)
        while True:
            events = self.sudo().search(
                [
                    ("date", "<", limit_date),
                    ("delivery_ids", "not any", [("state", "=", "pending")]),
                ],
                limit=GC_BATCH,
                order="id",
            )
            events.unlink()
            if len(events) < GC_BATCH:
                return
