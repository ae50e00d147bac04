import logging
from collections import defaultdict

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import clean_context

from .claim_state import can_move

_logger = logging.getLogger(__name__)

# The SMS templates of the events a customer is told of by SMS.
SMS_TEMPLATES = {
    "registered": "claim_management.sms_template_claim_registered",
    "decided": "claim_management.sms_template_claim_decided",
    "resolved": "claim_management.sms_template_claim_resolved",
    "waiting": "claim_management.sms_template_claim_waiting",
}


class ClaimClaim(models.Model):
    """Text messages (SMS) to the customer at the steps of the claim:
    registered, decided, resolved, and the reminders while we wait for them.

    Sent when the claim's company enables them (Claims settings) and the
    customer has a number; queued in Odoo's SMS queue (``sms.sms``, sent by
    Odoo's scheduled action through IAP) and logged in the chatter. Kept apart
    from claim_claim_mail.py like the other concerns of claims.
    """

    _inherit = "claim.claim"

    customer_claim_url = fields.Char(
        string="Customer Link",
        compute="_compute_customer_claim_url",
        groups="base.group_user",
        help="The claim's page for the customer, as the SMS give it: the portal "
        "page when the customer has a portal account, the claim's private link "
        "otherwise.",
    )

    def _on_created(self):
        # before super(): claims accepted automatically at creation are
        # registered, then decided
        self._queue_customer_sms("registered")
        return super()._on_created()

    def _on_stage_moved(self, old_stages):
        res = super()._on_stage_moved(old_stages)
        for state in ("decided", "resolved"):
            # forward moves only: a cancelled credit note taking a resolved
            # claim back to "decided" is no news for the customer
            self.filtered(
                lambda c, state=state: (
                    c.state == state and can_move(old_stages[c.id].state, state)
                )
            )._queue_customer_sms(state)
        return res

    def _send_customer_reminders(self):
        res = super()._send_customer_reminders()
        self._queue_customer_sms("waiting")
        return res

    def mail_allowed_qweb_expressions(self):
        # what our SMS templates use: claims managers who are not Odoo's "Mail
        # Template Editors" may still edit the texts around them
        return (
            *super().mail_allowed_qweb_expressions(),
            "object.company_id.name",
            "object.customer_claim_url",
        )

    @api.depends("partner_id.user_ids", "access_token")
    def _compute_customer_claim_url(self):
        for claim in self:
            url = claim.get_base_url() + claim.access_url
            if claim.access_token and not claim.partner_id.user_ids:
                url += f"?access_token={claim.access_token}"
            claim.customer_claim_url = url

    def _queue_customer_sms(self, event):
        """Queue the SMS of ``event`` (a key of SMS_TEMPLATES) to the
        customers of these claims who have a number, for the claims of
        companies that send SMS. Never blocks the action that caused it: a
        template that cannot be rendered is logged and skipped."""
        if not self:
            return
        if self.env.user.share:
            # Portal customers and visitors file and accept claims: the SMS
            # is the company's, logged by the system rather than the customer.
            claims = self.with_user(SUPERUSER_ID)
        else:
            # sudo: the SMS is the claim's notice, not the user's choice; users
            # whose action moved the claim (an accountant posting its credit
            # note) may read neither the template nor use the SMS composer.
            claims = self.sudo()
        # default_* keys of the caller's context would become the composer's
        # values (its body among them)
        claims = claims.with_context(clean_context(self.env.context))
        claims = claims.filtered(lambda c: c.company_id.claim_sms_enabled)
        template = claims.env.ref(SMS_TEMPLATES[event], raise_if_not_found=False)
        if not claims or not template:
            return  # a template deleted by a manager: no SMS for this event
        recipients = claims._sms_get_recipients_info()
        claims = claims.filtered(lambda c: recipients[c.id]["sanitized"])
        if not claims:
            return
        try:
            # No savepoint (it would flush the tracking of the action under
            # way): the composer renders every body before it writes the SMS
            # and the notes, so a failed rendering leaves nothing half-written.
            claims._sms_ensure_private_links()
            for batch in claims._sms_batches(recipients):
                # mass mode: bodies rendered, SMS created and notes logged for
                # the whole batch at once; Odoo's queue sends them
                batch._message_sms_schedule_mass(
                    template=template, mass_keep_log=True, mass_force_send=False
                )
        except UserError as error:
            _logger.warning(
                "SMS template %s could not be sent for claims %s: %s",
                template.display_name,
                claims.ids,
                error,
            )

    def _sms_ensure_private_links(self):
        """Customers without a portal account follow the claim through its
        private link: the claim needs an access token for it."""
        for claim in self.filtered(
            lambda c: not c.access_token and not c.partner_id.user_ids
        ):
            claim._portal_ensure_token()

    def _sms_batches(self, recipients):
        """Split the claims in batches without two SMS to the same number: the
        SMS composer cancels the second one as a duplicate, whereas each claim
        is its own news (a customer with two claims decided together)."""
        batches = []
        seen = defaultdict(int)
        for claim in self:
            number = recipients[claim.id]["sanitized"]
            index = seen[number]
            seen[number] += 1
            if index == len(batches):
                batches.append(self.browse())
            batches[index] |= claim
        return batches
