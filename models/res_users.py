from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    claim_deputy_id = fields.Many2one(
        "res.users",
        string="Claims Deputy",
        domain="[('share', '=', False), ('id', '!=', id)]",
        help="Reviews the claims' approvals of this user while this user is on "
        "leave (a time off of the user's resource in Odoo's working times).",
    )

    @property
    def SELF_WRITEABLE_FIELDS(self):
        # users name their own deputy in their preferences
        return [*super().SELF_WRITEABLE_FIELDS, "claim_deputy_id"]

    def _claim_on_leave(self, at=None):
        """The users of ``self`` on leave at ``at`` (now by default): a leave
        (resource.calendar.leaves) of one of their resources covers it.
        One query for all of them."""
        at = at or fields.Datetime.now()
        if not self:
            return self
        # sudo: the leaves of colleagues decide who gets a claim or a review;
        # only who is away is read, never the leave's reason
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            ._read_group(
                [
                    ("resource_id.user_id", "in", self.ids),
                    ("date_from", "<=", at),
                    ("date_to", ">", at),
                ],
                ["resource_id"],
            )
        )
        away = {resource.user_id.id for (resource,) in leaves}
        return self.filtered(lambda user: user.id in away)

    def _claim_deputies_for_absent(self):
        """Deputies of the users of ``self`` who are on leave now (a deputy
        on leave too passes it on to their own deputy, once)."""
        absent = self._claim_on_leave()
        deputies = absent.claim_deputy_id - self
        away_deputies = deputies._claim_on_leave()
        return (deputies - away_deputies) | (
            away_deputies.claim_deputy_id - self - deputies
        )
