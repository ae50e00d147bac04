from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

NOTICE_TEMPLATE = "claim_management.mail_template_claim_auto_close_notice"
# Messages the customer writes (portal, e-mail replies, the API), as opposed
# to notifications and tracking.
CUSTOMER_MESSAGE_TYPES = ("comment", "email")


class ClaimClaim(models.Model):
    """Automatic closing of resolved claims whose customer stays silent: the
    customer is told some days before (company settings), a reply from them
    keeps the claim open, and the claim closes through the workflow (the
    transition table's resolved -> closed), logged in the chatter."""

    _inherit = "claim.claim"

    auto_close_since = fields.Datetime(
        string="Silent Since",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Resolved claims: when the customer last had something to answer "
        "(the resolution, or their last message). The automatic closing counts "
        "from here.",
    )
    auto_close_notice_date = fields.Datetime(
        string="Closing Announced On",
        readonly=True,
        copy=False,
        help="When the customer was told that the claim will close without an "
        "answer from them.",
    )

    # ------------------------------------------------------------------
    # The countdown: from the resolution, restarted by the customer
    # ------------------------------------------------------------------

    def _on_stage_moved(self, old_stages):
        res = super()._on_stage_moved(old_stages)
        resolved = self.filtered(lambda c: c.state == "resolved")
        if resolved:
            resolved._workflow().write(
                {
                    "auto_close_since": fields.Datetime.now(),
                    "auto_close_notice_date": False,
                }
            )
        others = (self - resolved).filtered("auto_close_since")
        if others:
            others._workflow().write(
                {"auto_close_since": False, "auto_close_notice_date": False}
            )
        return res

    def _message_post_after_hook(self, message, msg_values):
        res = super()._message_post_after_hook(message, msg_values)
        if (
            self.state == "resolved"
            and message.message_type in CUSTOMER_MESSAGE_TYPES
            and self._is_customer_author(message.author_id)
        ):
            self._restart_auto_close()
        return res

    def _is_customer_author(self, partner):
        """Whether ``partner`` speaks for the claim's customer (not our staff)."""
        self.ensure_one()
        return (
            bool(partner)
            and partner.commercial_partner_id == self.commercial_partner_id
            and not any(not user.share for user in partner.sudo().user_ids)
        )

    def _restart_auto_close(self):
        """The customer answered: an announced closing is cancelled and the
        silence counts from now."""
        self.ensure_one()
        announced = self.auto_close_notice_date
        self._workflow().write(
            {"auto_close_since": fields.Datetime.now(), "auto_close_notice_date": False}
        )
        if announced:
            self._message_log(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "The customer answered: the announced automatic closing is "
                    "cancelled."
                )
            )

    def _auto_close_date(self):
        """When the claim closes if the customer stays silent, or False."""
        self.ensure_one()
        days = self.company_id.claim_auto_close_days
        if not (days and self.auto_close_since):
            return False
        return self.auto_close_since + timedelta(days=days)

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------

    @api.model
    def _cron_claim_auto_close(self, batch_size=200):
        """Announce, then close, the resolved claims of companies that close
        them automatically. Claims are locked (SKIP LOCKED) and handled by
        committed batches, so several workers never handle one claim twice."""
        now = fields.Datetime.now()
        companies = self.env["res.company"].search([("claim_auto_close_days", ">", 0)])
        for company in companies:
            days = company.claim_auto_close_days
            notice = company.claim_auto_close_notice_days
            resolved = Domain("company_id", "=", company.id) & Domain(
                "state", "=", "resolved"
            )
            if notice:
                self._cron_handle_once(
                    resolved
                    & Domain("auto_close_notice_date", "=", False)
                    & Domain(
                        "auto_close_since", "<=", now - timedelta(days=days - notice)
                    ),
                    lambda claims: claims._send_customer_template(NOTICE_TEMPLATE),
                    {"auto_close_notice_date": now},
                    batch_size,
                )
            due = resolved & Domain(
                "auto_close_since", "<=", now - timedelta(days=days)
            )
            if notice:
                # the customer always gets the days announced
                due &= Domain(
                    "auto_close_notice_date", "<=", now - timedelta(days=notice)
                )
            self._cron_close_silent(due, days, batch_size)

    @api.model
    def _cron_close_silent(self, domain, days, batch_size):
        failed = []
        while True:
            claims = self.search(
                domain & Domain("id", "not in", failed), limit=batch_size
            )
            # other workers skip the claims this one handles
            claims = claims.try_lock_for_update(allow_referencing=True)
            if not claims:
                return
            for claim in claims:
                try:
                    with self.env.cr.savepoint():
                        claim._auto_close(days)
                except (UserError, ValidationError) as error:
                    failed.append(claim.id)
                    claim._message_log(
                        body=Markup("<p>%s</p><p>%s</p>")
                        % (
                            self.env._("The claim could not be closed automatically:"),
                            error.args[0],
                        )
                    )
            self.env.flush_all()
            if self.env.context.get("cron_id"):
                self.env["ir.cron"]._commit_progress(len(claims))

    def _auto_close(self, days):
        self.ensure_one()
        self._move_to_state("closed")
        self.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "Closed automatically: the customer did not answer for %(days)s "
                "days after the resolution.",
                days=days,
            ),
            subtype_xmlid="mail.mt_note",
        )
