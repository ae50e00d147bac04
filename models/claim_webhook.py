import secrets
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .claim_state import WORKFLOW
from .claim_webhook_tools import (
    ALLOW_PRIVATE_PARAM,
    EVENT_FIELDS,
    parse_allowed_hosts,
    url_error,
)

# Context key (valued WORKFLOW, out of a client's reach) of the writes that
# set a secret: only "Regenerate Secret" and creation do.
SECRET_KEY = "claim_webhook_secret"
# A subscription failing for this long without a success is deactivated.
FAILING_LIMIT = timedelta(hours=24)


def _new_secret(_records=None):
    """A random secret (also the field's default, called with the model)."""
    return secrets.token_urlsafe(32)


class ClaimWebhook(models.Model):
    """A subscription of another system (e-shop, B2B platform, BI) to the
    events of one company's claims: signed JSON posts, retried with backoff,
    logged per event (claim.webhook.delivery)."""

    _name = "claim.webhook"
    _description = "Claim Webhook"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "company_id, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    url = fields.Char(
        "URL",
        required=True,
        tracking=True,
        help="Where the events are posted (HTTPS). Addresses of the local or "
        "private network are refused unless the system parameter "
        f"{ALLOW_PRIVATE_PARAM} lists them.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        tracking=True,
        help="Gets an activity when the subscription is deactivated after "
        "failing for 24 hours.",
    )
    secret = fields.Char(
        required=True,
        copy=False,
        readonly=True,
        default=_new_secret,
        groups="claim_management.group_claim_manager",
        help="Signs every post (see the signature header); the receiver keeps "
        "a copy. Regenerate it when it may have leaked.",
    )
    on_created = fields.Boolean("Claim Created", default=True)
    on_state_changed = fields.Boolean("State Changed", default=True)
    on_decided = fields.Boolean("Claim Decided")
    on_resolved = fields.Boolean("Claim Resolved")
    on_closed = fields.Boolean("Claim Closed")
    on_message = fields.Boolean("Customer Message")
    on_document = fields.Boolean("Document Created")
    failing_since = fields.Datetime(
        readonly=True,
        copy=False,
        help="First failed delivery since the last success.",
    )
    last_success_date = fields.Datetime(readonly=True, copy=False)
    delivery_ids = fields.One2many("claim.webhook.delivery", "webhook_id")
    delivery_pending_count = fields.Integer(compute="_compute_delivery_counts")
    delivery_failed_count = fields.Integer(compute="_compute_delivery_counts")

    @api.depends("delivery_ids.state")
    def _compute_delivery_counts(self):
        counts = {
            (webhook.id, state): count
            for webhook, state, count in self.env["claim.webhook.delivery"]._read_group(
                [
                    ("webhook_id", "in", self.ids),
                    ("state", "in", ("pending", "failed")),
                ],
                ["webhook_id", "state"],
                ["__count"],
            )
        }
        for webhook in self:
            webhook.delivery_pending_count = counts.get((webhook.id, "pending"), 0)
            webhook.delivery_failed_count = counts.get((webhook.id, "failed"), 0)

    @api.constrains("on_created", *EVENT_FIELDS.values())
    def _check_events(self):
        for webhook in self:
            if not any(webhook[name] for name in EVENT_FIELDS.values()):
                raise ValidationError(
                    self.env._(
                        "Webhook “%(name)s” must subscribe to at least one event.",
                        name=webhook.name,
                    )
                )

    @api.constrains("url")
    def _check_url(self):
        allowed = self._allowed_private_hosts()
        for webhook in self:
            error = url_error(webhook.url, allowed)
            if error:
                raise ValidationError(
                    self.env._(
                        "The URL of webhook “%(name)s” cannot receive events: "
                        "%(error)s. Use a public HTTPS address; addresses of the "
                        "local or private network need the system parameter "
                        "%(param)s.",
                        name=webhook.name,
                        error=error,
                        param=ALLOW_PRIVATE_PARAM,
                    )
                )

    @api.model
    def _allowed_private_hosts(self):
        # sudo: system parameters are readable by administrators only; this
        # one is a list of hosts, no secret.
        value = self.env["ir.config_parameter"].sudo().get_param(ALLOW_PRIVATE_PARAM)
        return parse_allowed_hosts(value)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._refuse_secret(vals)
        # the secret is generated here, whatever default a client's context
        # gives (default_secret)
        vals_list = [dict(vals, secret=_new_secret()) for vals in vals_list]
        webhooks = super(
            ClaimWebhook, self.with_context(**{SECRET_KEY: WORKFLOW})
        ).create(vals_list)
        # the records returned must not carry the key to later writes
        return webhooks.with_env(self.env)

    def write(self, vals):
        self._refuse_secret(vals)
        if vals.get("active"):
            # reactivated by hand: a fresh start
            vals = dict(vals, failing_since=False)
        res = super().write(vals)
        if "active" in vals and not vals["active"]:
            # archived: the events waiting for it are not sent any more
            # sudo: the deliveries are read-only, even for managers
            self.env["claim.webhook.delivery"].sudo().search(
                [("webhook_id", "in", self.ids), ("state", "=", "pending")]
            ).write({"state": "cancelled", "next_attempt_date": False})
        return res

    def _refuse_secret(self, vals):
        if "secret" in vals and self.env.context.get(SECRET_KEY) is not WORKFLOW:
            raise UserError(
                self.env._(
                    "The secret of a webhook is generated: use Regenerate Secret."
                )
            )

    def action_regenerate_secret(self):
        """A new secret; the receiver must get the new one."""
        self.check_access("write")
        for webhook in self:
            webhook.with_context(**{SECRET_KEY: WORKFLOW}).secret = _new_secret()
            webhook.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Secret regenerated by %(user)s.", user=self.env.user.name
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_view_deliveries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "claim_management.claim_webhook_delivery_action"
        )
        action["domain"] = [("webhook_id", "=", self.id)]
        action["context"] = {"search_default_webhook_id": self.id}
        return action

    def _wants(self, event_type):
        return self[EVENT_FIELDS[event_type]]

    def _note_results(self, succeeded, failed, now):
        """Health of the subscriptions after a batch: {webhook: time} of the
        successes and failures. Those failing for 24 h without a success are
        deactivated, their owner gets an activity. Returns the deactivated."""
        for webhook in succeeded:
            webhook.write({"last_success_date": now, "failing_since": False})
        for webhook, when in failed.items():
            if webhook not in succeeded and not webhook.failing_since:
                webhook.failing_since = when
        dead = self.browse(
            webhook.id
            for webhook in failed
            if webhook not in succeeded
            and webhook.failing_since
            and webhook.failing_since <= now - FAILING_LIMIT
        )
        if dead:
            dead._deactivate_failing()
        return dead

    def _deactivate_failing(self):
        # the events still waiting for these receivers are dropped (write)
        self.write({"active": False})
        for webhook in self:
            summary = self.env._("Webhook “%(name)s” deactivated", name=webhook.name)
            note = self.env._(
                "Its receiver %(url)s has refused or missed every event since "
                "%(since)s (24 hours). Check the receiver, then reactivate the "
                "webhook; events of the meantime were not delivered.",
                url=webhook.url,
                since=webhook.failing_since,
            )
            webhook.message_post(
                body=Markup("<p>%s</p>") % note, subtype_xmlid="mail.mt_note"
            )
            owner = webhook.user_id if webhook.user_id.active else self.env.user
            webhook.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=note,
                user_id=owner.id,
            )
