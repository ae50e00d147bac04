from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import email_normalize

from .claim_state import TYPE_FIELDS_LATER_KEY, WORKFLOW

# Channels whose claims get the registration e-mail from the scheduled action.
QUEUED_MAIL_CHANNELS = ("api", "import")


class ClaimClaim(models.Model):
    """What the team and the customer are told about a claim: dispatcher
    notifications, customer e-mails on events, reminders while we wait for the
    customer, and claims created from incoming e-mails.

    Kept apart from claim_claim.py like the resolution and deadline parts.
    """

    _inherit = "claim.claim"

    waiting_for_customer = fields.Boolean(
        tracking=True,
        copy=False,
        help="We wait for the customer (goods, documents, an answer). They get a "
        "reminder when this lasts longer than the company allows.",
    )
    date_waiting_since = fields.Datetime(
        readonly=True, copy=False, index="btree_not_null"
    )
    customer_reminder_sent = fields.Boolean(readonly=True, copy=False)

    # ------------------------------------------------------------------
    # New claims: dispatchers and the customer are told
    # ------------------------------------------------------------------

    registration_mail_pending = fields.Boolean(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The registration e-mail (with its protocol in PDF) is queued: "
        "claims created over the API or imported from a chain's file get it from "
        "a scheduled action, so that e-shops and imports creating many claims "
        "do not wait for the PDFs.",
    )

    def _on_created(self):
        res = super()._on_created()
        self._notify_dispatchers()
        # a PDF takes about a second: the channels that create claims by the
        # hundred (API, a chain's file) leave the e-mails to the scheduled
        # action (a 1,000-row file: 200 PDFs, minutes instead of seconds)
        queued = self.filtered(lambda c: c.channel in QUEUED_MAIL_CHANNELS)
        (self - queued)._send_customer_template(
            "claim_management.mail_template_claim_registered"
        )
        if queued:
            queued._workflow().write({"registration_mail_pending": True})
            self.env.ref("claim_management.ir_cron_claim_registration_mails")._trigger()
        return res

    @api.model
    def _cron_claim_registration_mails(self, batch_size=100):
        """Send the queued registration e-mails."""
        self._cron_handle_once(
            Domain("registration_mail_pending", "=", True),
            lambda claims: claims._send_customer_template(
                "claim_management.mail_template_claim_registered"
            ),
            {"registration_mail_pending": False},
            batch_size,
        )

    def _get_dispatchers(self):
        """Users told of every new claim: the company's dispatchers, its
        dispatcher group and the dispatchers of the claim type."""
        self.ensure_one()
        company = self.company_id
        users = (
            company.claim_dispatcher_ids
            | company.claim_dispatcher_group_id.user_ids
            | self.claim_type_id.dispatcher_ids
        )
        return users.filtered(
            lambda u: u.active and not u.share and company in u.company_ids
        )

    def _notify_dispatchers(self):
        for claim in self:
            dispatchers = claim._get_dispatchers() - self.env.user
            if not dispatchers:
                continue
            claim.message_notify(
                partner_ids=dispatchers.partner_id.ids,
                subject=self.env._("New claim %(name)s", name=claim.name),
                body=Markup("<p>%s</p>")
                % self.env._(
                    "New %(type)s claim %(name)s from %(customer)s (%(channel)s).",
                    type=claim.claim_type_id.name,
                    name=claim.name,
                    customer=claim.partner_id.display_name,
                    channel=dict(
                        claim._fields["channel"]._description_selection(self.env)
                    )[claim.channel],
                ),
                model_description=self.env._("Claim"),
                email_layout_xmlid="mail.mail_notification_layout",
            )

    def _send_customer_template(self, template_xmlid):
        """Post a customer e-mail from a template; it stays in the chatter."""
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            return
        for claim in self.filtered(lambda c: c.partner_id.email):
            claim.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=claim.partner_id.ids,
                author_id=claim._customer_mail_author().id,
            )

    def _customer_mail_author(self):
        """Who signs our e-mails to the customer: the user acting, or the
        company when a customer's own action (portal, public form) sent it."""
        self.ensure_one()
        if self.env.user.share:
            return self.company_id.partner_id
        return self.env.user.partner_id

    # ------------------------------------------------------------------
    # Stage changes: the template of the stage, for customer-visible stages
    # ------------------------------------------------------------------

    def _stage_mail_template(self):
        """The template entering its stage posts to the customer (with its
        protocol): the template of a customer-visible stage."""
        self.ensure_one()
        stage = self.stage_id
        return stage.mail_template_id if stage.is_customer_visible else None

    def _on_stage_moved(self, old_stages):
        res = super()._on_stage_moved(old_stages)
        # The decision e-mail of the Decided stage is the answer on a durable
        # medium the law counts (PL art. 7a): it leaves with this transaction.
        answered = self.filtered(
            lambda c: (
                c.state == "decided"
                and not c.decision_sent_date
                and c._stage_mail_template()
                and c.partner_id.email
            )
        )
        if answered:
            answered._workflow().write({"decision_sent_date": fields.Datetime.now()})
        return res

    def _track_template(self, changes):
        res = super()._track_template(changes)
        claim = self[0]
        stage = claim.stage_id
        if "stage_id" in changes and claim._stage_mail_template():
            res["stage_id"] = (
                stage.mail_template_id,
                {
                    "auto_delete_keep_log": False,
                    "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id(
                        "mail.mt_comment"
                    ),
                    "email_layout_xmlid": "mail.mail_notification_light",
                },
            )
        return res

    # ------------------------------------------------------------------
    # Waiting for the customer
    # ------------------------------------------------------------------

    def _prepare_write_vals(self, vals):
        vals = super()._prepare_write_vals(vals)
        if "waiting_for_customer" in vals:
            vals = dict(
                vals,
                date_waiting_since=fields.Datetime.now()
                if vals["waiting_for_customer"]
                else False,
                customer_reminder_sent=False,
            )
        return vals

    @api.model
    def _cron_claim_customer_reminders(self, batch_size=500):
        """Remind customers we wait for, once per waiting period."""
        days = self.env.company.claim_customer_reminder_days
        if days <= 0:
            return
        domain = (
            Domain("waiting_for_customer", "=", True)
            & Domain("customer_reminder_sent", "=", False)
            & Domain(
                "date_waiting_since", "<=", fields.Datetime.now() - timedelta(days=days)
            )
        )
        self._cron_handle_once(
            domain,
            lambda claims: claims._send_customer_reminders(),
            {"customer_reminder_sent": True},
            batch_size,
        )

    def _send_customer_reminders(self):
        """Tell the customers of these claims that we wait for them (extended
        by claim_claim_sms.py)."""
        self._send_customer_template("claim_management.mail_template_claim_reminder")

    # ------------------------------------------------------------------
    # E-mail intake (mail alias of a claim type)
    # ------------------------------------------------------------------

    @api.private  # the mail gateway's door only: never a client's
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A claim from an incoming e-mail: the sender is the customer."""
        values = dict(custom_values or {})
        email = email_normalize(msg_dict.get("email_from") or "")
        partner = self.env["res.partner"].browse(msg_dict.get("author_id") or [])
        if not partner and email:
            partner = self.env["res.partner"].search(
                [("email_normalized", "=", email)], limit=1
            ) or self.env["res.partner"].create(
                {"name": msg_dict.get("email_from") or email, "email": email}
            )
        if not values.get("claim_type_id"):
            values["claim_type_id"] = self.env["claim.type"].search([], limit=1).id
        subject = msg_dict.get("subject") or ""
        body = msg_dict.get("body") or ""
        values.update(
            {
                # the sequence gives the number; mail.thread would use the subject
                "name": self.env._("New"),
                "partner_id": partner.id,
                "channel": "email",
                # the Html field sanitizes the incoming body
                "description": Markup("<p><b>%s</b></p>%s") % (subject, Markup(body)),
            }
        )
        if msg_dict.get("date"):
            # when the e-mail was sent, unless the sender's clock is ahead
            values.setdefault(
                "date_received",
                min(
                    fields.Datetime.to_datetime(msg_dict["date"]), fields.Datetime.now()
                ),
            )
        # an e-mail cannot give what the type requires (remedy, lots...): the
        # operator completes the claim, checked when it leaves "new"
        return super(
            ClaimClaim, self.with_context(**{TYPE_FIELDS_LATER_KEY: WORKFLOW})
        ).message_new(msg_dict, custom_values=values)
