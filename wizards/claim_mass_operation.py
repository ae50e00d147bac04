from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..models.claim_claim import LOCKED_STATES

PROTOCOL_REPORTS = [
    ("registration", "claim_management.action_report_claim_registration"),
    ("acceptance", "claim_management.action_report_claim_acceptance"),
    ("decision", "claim_management.action_report_claim_decision"),
    ("release", "claim_management.action_report_claim_release"),
]


class ClaimMassOperation(models.TransientModel):
    _name = "claim.mass.operation"
    _description = "Claims: Mass Operation"

    claim_ids = fields.Many2many("claim.claim", string="Claims", required=True)
    claim_count = fields.Integer(compute="_compute_claim_count")
    operation = fields.Selection(
        [
            ("assign", "Assign Responsible"),
            ("stage", "Change Stage"),
            ("type", "Set Type"),
            ("tags", "Set Tags"),
            ("message", "Send Message"),
            ("print", "Print Protocol"),
        ],
        required=True,
        default="assign",
    )
    user_id = fields.Many2one(
        "res.users", string="Responsible", domain="[('share', '=', False)]"
    )
    stage_id = fields.Many2one("claim.stage")
    claim_type_id = fields.Many2one("claim.type", string="Type")
    tag_ids = fields.Many2many("claim.tag", string="Tags")
    tag_mode = fields.Selection(
        [("add", "Add"), ("remove", "Remove"), ("replace", "Replace")],
        default="add",
        required=True,
    )
    template_id = fields.Many2one(
        "mail.template",
        string="Message Template",
        domain="[('model', '=', 'claim.claim')]",
    )
    protocol = fields.Selection(
        [
            ("registration", "Registration"),
            ("acceptance", "Acceptance of Goods"),
            ("decision", "Decision"),
            ("release", "Release of Goods"),
        ],
        default="registration",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if (
            "claim_ids" in fields_list
            and context.get("active_model") == "claim.claim"
            and context.get("active_ids")
        ):
            values["claim_ids"] = [Command.set(context["active_ids"])]
        return values

    @api.depends("claim_ids")
    def _compute_claim_count(self):
        for wizard in self:
            wizard.claim_count = len(wizard.claim_ids)

    def action_apply(self):
        self.ensure_one()
        if not self.claim_ids:
            raise UserError(self.env._("Select the claims to change."))
        handler = getattr(self, f"_apply_{self.operation}")
        return handler() or self._done_notification()

    def _done_message(self):
        """What was done, in the words of the operation."""
        claims = (
            self.claim_ids.name
            if len(self.claim_ids) == 1
            else self.env._("%(count)s claims", count=len(self.claim_ids))
        )
        tags = ", ".join(self.tag_ids.mapped("name"))
        if self.operation == "assign":
            return self.env._(
                "%(claims)s assigned to %(user)s.",
                claims=claims,
                user=self.user_id.name,
            )
        if self.operation == "stage":
            return self.env._(
                "%(claims)s moved to “%(stage)s”.",
                claims=claims,
                stage=self.stage_id.name,
            )
        if self.operation == "type":
            return self.env._(
                "%(claims)s set to type “%(type)s”.",
                claims=claims,
                type=self.claim_type_id.name,
            )
        if self.operation == "tags" and self.tag_mode == "add":
            return self.env._(
                "Tags %(tags)s added to %(claims)s.", tags=tags, claims=claims
            )
        if self.operation == "tags" and self.tag_mode == "remove":
            return self.env._(
                "Tags %(tags)s removed from %(claims)s.", tags=tags, claims=claims
            )
        if self.operation == "tags" and not tags:
            return self.env._("Tags of %(claims)s cleared.", claims=claims)
        if self.operation == "tags":
            return self.env._(
                "Tags of %(claims)s replaced by %(tags)s.", claims=claims, tags=tags
            )
        return self.env._(
            "Message “%(template)s” sent on %(claims)s.",
            template=self.template_id.name,
            claims=claims,
        )

    def _done_notification(self):
        """Close the wizard and say what was done (the list reloads)."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Mass Operation"),
                "message": self._done_message(),
                "type": "success",
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _require(self, field_name):
        if not self[field_name]:
            raise UserError(
                self.env._(
                    "Choose a value for “%(field)s”.",
                    field=self._fields[field_name].get_description(self.env)["string"],
                )
            )

    def _apply_assign(self):
        self._require("user_id")
        self._write_claims({"user_id": self.user_id.id})

    def _apply_stage(self):
        self._require("stage_id")
        # through write(): the workflow and the decision lock apply as in the
        # kanban view
        self._write_claims({"stage_id": self.stage_id.id})

    def _apply_type(self):
        self._require("claim_type_id")
        locked = self.claim_ids.filtered(lambda c: c.state in LOCKED_STATES)
        if locked:
            raise UserError(
                self.env._(
                    "The decision on these claims is final, their type can no longer "
                    "change:\n%(names)s",
                    names="\n".join(locked.mapped("name")),
                )
            )
        self._write_claims({"claim_type_id": self.claim_type_id.id})

    def _apply_tags(self):
        if self.tag_mode != "replace":
            self._require("tag_ids")
        command = {
            "add": [Command.link(tag.id) for tag in self.tag_ids],
            "remove": [Command.unlink(tag.id) for tag in self.tag_ids],
            "replace": [Command.set(self.tag_ids.ids)],
        }[self.tag_mode]
        self._write_claims({"tag_ids": command})

    def _apply_message(self):
        self._require("template_id")
        self.claim_ids.message_post_with_source(
            self.template_id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def _apply_print(self):
        self._require("protocol")
        report_xmlid = dict(PROTOCOL_REPORTS)[self.protocol]
        action = self.env.ref(report_xmlid).report_action(self.claim_ids)
        action["close_on_report_download"] = True
        return action

    def _write_claims(self, vals):
        """Write on every claim, or on none.

        Each claim is written on its own so that every refusal is collected;
        if any claim is refused, everything is rolled back and the refusals
        are reported together.
        """
        refusals = []
        # the outer savepoint undoes the claims already written when another
        # claim refuses the change (rolling back also clears the ORM cache)
        with self.env.cr.savepoint():
            for claim in self.claim_ids:
                try:
                    with self.env.cr.savepoint():
                        claim.write(vals)
                except (UserError, ValidationError) as error:
                    refusals.append(f"{claim.name}: {error.args[0]}")
            if refusals:
                raise UserError(
                    self.env._(
                        "Nothing was changed: %(count)s of %(total)s claims refused "
                        "the change.\n%(refusals)s",
                        count=len(refusals),
                        total=len(self.claim_ids),
                        refusals="\n".join(refusals),
                    )
                )
