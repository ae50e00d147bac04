from markupsafe import Markup

from odoo import models


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _has_attachments_ownership(self, attachment_tokens):
        """Files of claims are never removed by portal users or visitors
        through the mail routes (/mail/attachment/delete): the customer's own
        files are evidence, our protocols are ours."""
        # sudo: only the attachment's model is read, to decide
        if self.env.user.share and any(
            attachment.sudo().res_model == "claim.claim" for attachment in self
        ):
            return False
        return super()._has_attachments_ownership(attachment_tokens)

    def _post_add_create(self, **kwargs):
        """Files uploaded straight onto a claim (the chatter's attachment box)
        are logged in its chatter: who added what (audit trail). Files sent
        with a message show in the message itself."""
        res = super()._post_add_create(**kwargs)
        self._log_on_claims(self.env._("Files added"))
        return res

    def unlink(self):
        self._log_on_claims(self.env._("Files removed"))
        return super().unlink()

    def _log_on_claims(self, what):
        # sudo: the attachments' model and record are read to find the claims
        attachments = self.sudo().filtered(
            lambda a: a.res_model == "claim.claim" and a.res_id
        )
        claims = (
            self.env["claim.claim"].sudo().browse(set(attachments.mapped("res_id")))
        )
        for claim in claims.exists():
            names = attachments.filtered(lambda a, c=claim: a.res_id == c.id).mapped(
                "name"
            )
            claim._message_log(
                body=Markup("<p>%s: %s</p>") % (what, ", ".join(names)),
                author_id=self.env.user.partner_id.id,
            )
