from odoo import fields, models
from odoo.exceptions import UserError

from .claim_state import WORKFLOW

# Context key (valued WORKFLOW, out of a client's reach) of the customer
# e-mails our own code sends: those carrying a statutory document are
# recorded as proofs.
STATUTORY_SEND_KEY = "claim_statutory_send"
SETTLEMENT_TEMPLATE = "claim_management.mail_template_claim_settlement"
# Consumer regimes whose customer gets the reasons of a rejection in writing.
CONSUMER_REGIMES = ("pl_consumer", "cz_consumer")


class ClaimClaim(models.Model):
    """Statutory documents: the CZ filing and settlement confirmations
    (§19 of act 634/1992), the PL answer (art. 7a), each recorded as a proof
    when it leaves for the customer.

    Kept apart from claim_claim_mail.py (what the customer is told) because
    these documents follow the claim's legal regime.
    """

    _inherit = "claim.claim"

    statutory_document_ids = fields.One2many(
        "claim.statutory.document",
        "claim_id",
        string="Statutory Documents",
        readonly=True,
        groups="claim_management.group_claim_operator",
    )

    # ------------------------------------------------------------------
    # Proofs: customer e-mails carrying a statutory document
    # ------------------------------------------------------------------

    def _statutory_send(self):
        """These claims, sending customer e-mails whose statutory documents
        are recorded (see message_post_with_source)."""
        return self.with_context(**{STATUTORY_SEND_KEY: WORKFLOW})

    def _send_customer_template(self, template_xmlid):
        return super(ClaimClaim, self._statutory_send())._send_customer_template(
            template_xmlid
        )

    def _message_track_post_template(self, changes):
        # the stage templates (the Decided stage's decision e-mail)
        return super(ClaimClaim, self._statutory_send())._message_track_post_template(
            changes
        )

    def message_post_with_source(self, source_ref, *args, **kwargs):
        messages = super().message_post_with_source(source_ref, *args, **kwargs)
        if self.env.context.get(STATUTORY_SEND_KEY) is WORKFLOW:
            template = (
                self.env.ref(source_ref) if isinstance(source_ref, str) else source_ref
            )
            if template._name == "mail.template":
                self._record_statutory_documents(template, messages)
        return messages

    def _statutory_document_types(self, template):
        """Which statutory documents a customer e-mail of this template is
        for this claim, from the protocols it carries."""
        self.ensure_one()
        reports = template.report_template_ids
        ref = self.env.ref
        types = []
        if self.legal_regime == "cz_consumer":
            if ref("claim_management.action_report_claim_registration") in reports:
                types.append("cz_filing")
            if ref("claim_management.action_report_claim_settlement") in reports:
                types.append("cz_settlement")
        if (
            self.legal_regime == "pl_consumer"
            and ref("claim_management.action_report_claim_decision") in reports
        ):
            types.append("pl_answer")
        return types

    def _record_statutory_documents(self, template, messages):
        values = []
        for claim in self:
            message = messages.filtered(lambda m, c=claim: m.res_id == c.id)[:1]
            if not message or claim.partner_id not in message.partner_ids:
                continue
            for document_type in claim._statutory_document_types(template):
                values.append(
                    {
                        "claim_id": claim.id,
                        "document_type": document_type,
                        "date_sent": message.date or fields.Datetime.now(),
                        "partner_id": claim.partner_id.id,
                        "email": claim.partner_id.email,
                        "lang": claim.partner_id.lang,
                        "message_id": message.id,
                        "attachment_ids": [
                            fields.Command.set(message.attachment_ids.ids)
                        ],
                    }
                )
        # sudo: proofs are written by the sending code only; no user may
        # create them (see claim.statutory.document)
        self.env["claim.statutory.document"].sudo().create(values)

    # ------------------------------------------------------------------
    # CZ: settlement confirmation, once, when the claim is settled
    # ------------------------------------------------------------------

    def _on_stage_moved(self, old_stages):
        res = super()._on_stage_moved(old_stages)
        self._send_settlement_confirmations()
        return res

    def _is_settled(self):
        self.ensure_one()
        return self.state in ("resolved", "closed") or (
            self.state == "decided" and self.decision == "rejected"
        )

    def _send_settlement_confirmations(self):
        """The settlement confirmation of Czech consumers' claims: when the
        claim is resolved or closed, or decided as rejected; once."""
        # sudo: the proofs tell whether it left already; operators read them,
        # but accountants and warehouse users also settle claims
        claims = self.sudo().filtered(
            lambda c: (
                c.legal_regime == "cz_consumer"
                and c.partner_id.email
                and c._is_settled()
                and "cz_settlement"
                not in c.statutory_document_ids.mapped("document_type")
            )
        )
        if not claims:
            return
        self.browse(claims.ids)._send_customer_template(SETTLEMENT_TEMPLATE)
        # a rejection's settlement confirmation carries the decision: the
        # answer is sent, if the decision e-mail did not leave first
        answered = claims.filtered(
            lambda c: c.decision == "rejected" and not c.decision_sent_date
        )
        if answered:
            answered._workflow().write({"decision_sent_date": fields.Datetime.now()})

    def _settlement_date(self):
        self.ensure_one()
        if self.state == "decided":
            return self.date_decided
        return self.date_resolved or self.date_closed or self.date_decided

    def _repair_durations(self):
        """Each done repair of the claim with its start and end (stamped by
        the repair's actions) and its duration in calendar days."""
        self.ensure_one()
        result = []
        # sudo: the protocol lists the repairs for users without repair rights
        for repair in self.sudo().repair_ids.filtered(lambda r: r.state == "done"):
            start = repair.claim_date_repair_start or repair.create_date
            end = repair.claim_date_repair_end or repair.write_date
            result.append(
                {
                    "repair": repair,
                    "start": start,
                    "end": end,
                    "days": max((end.date() - start.date()).days, 0) + 1,
                }
            )
        return result

    # ------------------------------------------------------------------
    # A consumer gets the reasons of a rejection in writing
    # ------------------------------------------------------------------

    def _check_can_decide(self):
        res = super()._check_can_decide()
        for claim in self.filtered(lambda c: c.legal_regime in CONSUMER_REGIMES):
            unexplained = claim.line_ids.filtered(
                lambda line: (
                    line.decision in ("rejected", "partially_accepted")
                    and not (line.decision_note or "").strip()
                )
            )
            if unexplained:
                raise UserError(
                    self.env._(
                        "Claim %(name)s: the consumer gets the reasons of a "
                        "rejection in writing. Give the reason for %(products)s.",
                        name=claim.name,
                        products=", ".join(
                            unexplained.mapped("product_id.display_name")
                        ),
                    )
                )
        return res
