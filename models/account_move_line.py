from odoo import api, fields, models
from odoo.exceptions import AccessError

from .claim_state import is_workflow

# Links only the claim's resolution actions set: they say which claimed
# product a credit note line resolves, and how (see claim.line's credited
# quantities). Accountants edit credit notes, never these.
CLAIM_LINK_FIELDS = ("claim_line_id", "claim_price_reduction")


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    claim_line_id = fields.Many2one(
        "claim.line",
        index="btree_not_null",
        copy=False,
        readonly=True,
        ondelete="set null",
        help="Claimed product this credit note line resolves.",
    )
    claim_price_reduction = fields.Boolean(
        readonly=True,
        copy=False,
        help="Credits the price reduction agreed on the claimed product, not "
        "goods: it covers the product's whole accepted quantity.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not is_workflow(self.env):
            for vals in vals_list:
                self._check_claim_link_values(
                    [name for name in CLAIM_LINK_FIELDS if vals.get(name)]
                )
        return super().create(vals_list)

    def write(self, vals):
        if not is_workflow(self.env):
            self._check_claim_link_values(self._claim_link_changes(vals))
        return super().write(vals)

    def _claim_link_changes(self, vals):
        """The claim links ``vals`` would change on these lines."""
        current = {
            "claim_line_id": lambda line: line.claim_line_id.id,
            "claim_price_reduction": lambda line: line.claim_price_reduction,
        }
        return [
            name
            for name in CLAIM_LINK_FIELDS
            if name in vals
            and any(
                (current[name](line) or False) != (vals[name] or False) for line in self
            )
        ]

    def _check_claim_link_values(self, names):
        """Refuse a client's values of the claim links (whatever the door:
        form, JSON-RPC, JSON-2, import)."""
        if names:
            raise AccessError(
                self.env._(
                    "Only the claim's resolution actions link credit note lines to "
                    "claims (%(fields)s).",
                    fields=", ".join(self._fields[name].string for name in names),
                )
            )
