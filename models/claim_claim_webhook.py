from odoo import models

from .claim_webhook_tools import STATE_EVENTS

# Messages a customer writes: portal replies (comment), e-mail replies (email).
CUSTOMER_MESSAGE_TYPES = ("comment", "email")


class ClaimClaim(models.Model):
    """The events of claims (outbox of webhooks and automation rules): what
    emits them and the payload they carry. Kept apart from claim_claim.py
    like the other concerns; the events are written by claim.event._emit in
    the transaction of the change."""

    _inherit = "claim.claim"

    def _webhook_payload(self, event_type, event_uuid, time, data):
        """The JSON payload of an event of this claim (one place: add-ons add
        their own keys here). ``data``: what is specific to the event."""
        self.ensure_one()
        return {
            "id": event_uuid,
            "type": event_type,
            "time": time,
            "company_id": self.company_id.id,
            "claim": {
                "id": self.id,
                "number": self.name,
                "state": self.state,
                # the references the filing system and the customer know it by
                "client_ref": self.client_ref or None,
                "customer_ref": self.customer_ref or None,
            },
            "data": data,
        }

    def _on_created(self):
        res = super()._on_created()
        self.env["claim.event"]._emit(
            [{"claim": claim, "type": "claim.created"} for claim in self]
        )
        return res

    def _on_stage_moved(self, old_stages):
        res = super()._on_stage_moved(old_stages)
        specs = []
        for claim in self:
            old_state = old_stages[claim.id].state
            if old_state == claim.state:
                continue
            move = {
                "data": {"old_state": old_state, "new_state": claim.state},
                "values": {"old_state": old_state, "new_state": claim.state},
            }
            specs.append({"claim": claim, "type": "claim.state_changed", **move})
            if claim.state in STATE_EVENTS:
                specs.append(
                    {"claim": claim, "type": STATE_EVENTS[claim.state], **move}
                )
        self.env["claim.event"]._emit(specs)
        return res

    def _message_post_after_hook(self, message, msg_values):
        res = super()._message_post_after_hook(message, msg_values)
        if self._is_customer_message(message):
            self.env["claim.event"]._emit(
                [
                    {
                        "claim": self,
                        "type": "claim.message",
                        "data": {
                            "message": {
                                "id": message.id,
                                "author_id": message.author_id.id,
                                "attachment_count": len(message.attachment_ids),
                            }
                        },
                        "values": {"message_id": message.id},
                    }
                ]
            )
        return res

    def _is_customer_message(self, message):
        """A message the customer wrote (portal, e-mail reply, API): not an
        internal note, by the claim's customer or a contact of its company."""
        self.ensure_one()
        author = message.author_id
        return bool(
            author
            and message.message_type in CUSTOMER_MESSAGE_TYPES
            and message.subtype_id
            and not message.subtype_id.internal
            and (
                author == self.partner_id
                or author.commercial_partner_id == self.commercial_partner_id
            )
        )

    # Documents created for claims ------------------------------------------

    def _emit_document_events(self, documents, claims_of):
        """One claim.document_created event per (claim, document);
        ``claims_of(document)``: the claims a document was made for."""
        specs = [
            {
                "claim": claim,
                "type": "claim.document_created",
                "data": {
                    "document": {
                        "model": document._name,
                        "id": document.id,
                        "name": document.name,
                    }
                },
                "values": {"res_model": document._name, "res_id": document.id},
            }
            # sudo: the links are read whatever the user's document rights
            for document in documents.sudo()
            for claim in claims_of(document)
        ]
        self.env["claim.event"]._emit(specs)

    def _create_credit_notes(self, lines, label_lines=False):
        credit_notes = super()._create_credit_notes(lines, label_lines=label_lines)
        self._emit_document_events(credit_notes, lambda move: move.claim_ids)
        return credit_notes

    def _create_replacements(self, requests, with_return=True):
        pickings = super()._create_replacements(requests, with_return=with_return)
        self._emit_document_events(pickings, lambda p: p.resolution_claim_id)
        return pickings

    def _receive_goods(self):
        pickings = super()._receive_goods()
        self._emit_document_events(pickings, lambda p: p.resolution_claim_id)
        return pickings

    def _return_to_customer(self):
        pickings = super()._return_to_customer()
        self._emit_document_events(pickings, lambda p: p.resolution_claim_id)
        return pickings

    def _create_repairs(self, lines):
        repairs = super()._create_repairs(lines)
        self._emit_document_events(repairs, lambda repair: repair.claim_id)
        return repairs
