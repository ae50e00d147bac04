from odoo import fields, models

from .claim_state import CLAIM_STATES


class ClaimStage(models.Model):
    _name = "claim.stage"
    _description = "Claim Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    state = fields.Selection(
        CLAIM_STATES,
        required=True,
        default="new",
        help="Fixed meaning of the stage; the claim workflow relies on it.\n"
        "New: registered, not yet assessed.\n"
        "In Progress: being assessed.\n"
        "Decided: a final decision was made on every line; locked for operators.\n"
        "Resolved: the remedy (credit note, replacement, repair...) was carried out.\n"
        "Closed: nothing left to do.\n"
        "Cancelled: withdrawn or registered by mistake.",
    )
    fold = fields.Boolean(
        string="Folded in Kanban",
        help="Folded stages are collapsed in the kanban view.",
    )
    type_ids = fields.Many2many(
        "claim.type",
        string="Claim Types",
        help="Limit the stage to these claim types. Leave empty to use it for all types.",
    )
    is_customer_visible = fields.Boolean(
        string="Visible to Customer",
        default=True,
        help="The customer sees the stage name on the portal and is told when the "
        "claim reaches it.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Customer E-mail",
        domain="[('model', '=', 'claim.claim')]",
        help="Sent to the customer when a claim reaches this stage (customer-visible "
        "stages only).",
    )
    description = fields.Text(translate=True)

    def _applies_to_type(self, claim_type):
        self.ensure_one()
        return not self.type_ids or claim_type in self.type_ids
