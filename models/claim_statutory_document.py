from odoo import api, fields, models
from odoo.exceptions import AccessError

# Documents consumer law asks us to give the customer in writing.
STATUTORY_DOCUMENT_TYPES = [
    ("cz_filing", "Filing Confirmation (CZ)"),
    ("cz_settlement", "Settlement Confirmation (CZ)"),
    ("pl_answer", "Answer to the Claim (PL)"),
]


class ClaimStatutoryDocument(models.Model):
    """Proof that a statutory document left for the customer: what, when, to
    whom, with the chatter message and its PDF. Written only by the code that
    sends the document (under sudo), never by a user."""

    _name = "claim.statutory.document"
    _description = "Claim Statutory Document"
    _order = "claim_id, date_sent desc, id desc"

    claim_id = fields.Many2one(
        "claim.claim", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="claim_id.company_id", store=True, index=True)
    document_type = fields.Selection(
        STATUTORY_DOCUMENT_TYPES, required=True, readonly=True
    )
    date_sent = fields.Datetime(string="Sent On", required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Sent To", readonly=True, ondelete="restrict"
    )
    email = fields.Char(
        readonly=True, help="The address the document was sent to, as it was then."
    )
    lang = fields.Char(string="Language", readonly=True)
    message_id = fields.Many2one(
        "mail.message", readonly=True, index="btree_not_null", ondelete="set null"
    )
    attachment_ids = fields.Many2many(
        "ir.attachment", string="Documents", readonly=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_written_by_workflow()
        return super().create(vals_list)

    def write(self, vals):
        self._check_written_by_workflow()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_workflow(self):
        # the claim's deletion cascades in SQL; this refuses deleting a proof
        self._check_written_by_workflow()

    def _check_written_by_workflow(self):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "Statutory documents are recorded when they are sent; nobody "
                    "may write or delete them."
                )
            )
