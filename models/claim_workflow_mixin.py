from odoo import api, models
from odoo.exceptions import AccessError, UserError

from .claim_state import WORKFLOW, WORKFLOW_KEY


class ClaimWorkflowMixin(models.AbstractModel):
    """Fields owned by the claim's workflow, for claims and their lines.

    Every field of ours the model marks read-only (dates and users stamped by
    the workflow, approvals, computed amounts and decisions, resolution
    quantities, deadline, mail and customer flags) is written only by the
    action that owns it, through ``_workflow()``; a client is refused,
    whatever view, route or context it uses. Fields fixed from a state on
    (a loan's unit once lent, a service order's goods once sent) are refused
    by ``_refuse_fixed_fields``.
    """

    _name = "claim.workflow.mixin"
    _description = "Claim Workflow: Owned Fields"

    @api.model
    def _workflow_owned_fields(self):
        return {
            name
            for name, field in self._fields.items()
            if field.readonly and self._module in field._modules
        }

    def _refuse_owned_fields(self, names):
        if names:
            labels = sorted(
                self._fields[name]._description_string(self.env) for name in names
            )
            raise AccessError(
                self.env._(
                    "These fields of %(model)s are set by the claim's own actions "
                    "and cannot be written directly: %(fields)s.",
                    model=self._description,
                    fields=", ".join(labels),
                )
            )

    def _refuse_fixed_fields(self, vals, names, states, message):
        """Refuse a write of any of ``names`` (in ``vals``) when one of these
        records is in a state not in ``states``: those fields are fixed
        there. ``message`` (translated) says which fields and when."""
        if names.intersection(vals) and any(
            record.state not in states for record in self
        ):
            raise UserError(message)

    def _workflow(self):
        """These records, for writes made by their own actions: owned fields
        may be written (see claim_state.WORKFLOW). Never reachable from a
        client: a context sent over RPC cannot hold the token."""
        return self.with_context(**{WORKFLOW_KEY: WORKFLOW})
