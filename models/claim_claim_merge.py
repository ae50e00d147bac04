from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from .claim_locks import serialize_on
from .claim_state import EDITABLE_STATES


class ClaimClaim(models.Model):
    """Merging duplicate claims: the products, messages, files and followers
    of the duplicates move to one claim; the duplicates are archived with a
    link to it. The merge wizard (wizards/claim_merge_wizard.py) only asks
    which claim to keep: every rule is here."""

    _inherit = "claim.claim"

    merged_into_id = fields.Many2one(
        "claim.claim",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="This claim was a duplicate: everything it held moved to that claim.",
    )

    def _merge_claims(self, duplicates):
        """Merge ``duplicates`` into this claim (the one kept)."""
        self.ensure_one()
        self._check_merge(duplicates)
        serialize_on(self | duplicates)
        names = ", ".join(duplicates.mapped("name"))
        lines = duplicates.line_ids
        if lines:
            lines._workflow().write({"claim_id": self.id})
        self._merge_move_thread(duplicates)
        for duplicate in duplicates:
            duplicate._message_log(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Merged into claim %(claim)s as a duplicate.",
                    claim=self._get_html_link(),
                )
            )
        duplicates._workflow().write({"merged_into_id": self.id, "active": False})
        self._message_log(
            body=Markup("<p>%s</p>")
            % self.env._(
                "Claims %(names)s merged into this claim: their products, "
                "messages and files are here now.",
                names=names,
            )
        )
        return True

    def _check_merge(self, duplicates):
        """Claims operators and managers merge claims of one customer and
        company still being assessed, which they may change."""
        if not self.env.user.has_group("claim_management.group_claim_operator"):
            raise AccessError(
                self.env._("Only claims operators and managers merge claims.")
            )
        claims = self | duplicates
        if not duplicates or self in duplicates:
            raise UserError(
                self.env._("Choose at least two claims to merge, and the one to keep.")
            )
        claims.check_access("write")
        if len(claims.commercial_partner_id) > 1 or len(claims.company_id) > 1:
            raise UserError(
                self.env._(
                    "Only claims of the same customer and company can be merged."
                )
            )
        archived = claims.filtered(lambda c: not c.active)
        if archived:
            raise UserError(
                self.env._(
                    "Claim %(name)s is archived: restore it before merging.",
                    name=archived[0].name,
                )
            )
        settled = claims.filtered(lambda c: c.state not in EDITABLE_STATES)
        if settled:
            raise UserError(
                self.env._(
                    "Claim %(name)s is %(state)s: only new claims and claims in "
                    "progress can be merged, before their decision.",
                    name=settled[0].name,
                    state=settled[0]._state_label(settled[0].state),
                )
            )

    def _merge_move_thread(self, duplicates):
        """Messages, files, activities and followers of ``duplicates`` move to
        this claim."""
        # sudo: messages and files of claims the user may write (checked in
        # _check_merge) include other authors' and internal ones
        messages = (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", self._name), ("res_id", "in", duplicates.ids)])
        )
        messages.write({"res_id": self.id})
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "in", duplicates.ids)])
        )
        attachments.write({"res_id": self.id})
        # sudo: activities of other users on the duplicates follow them
        duplicates.sudo().activity_ids.write({"res_id": self.id})
        followers = duplicates.message_partner_ids - self.message_partner_ids
        if followers:
            self.message_subscribe(partner_ids=followers.ids)
