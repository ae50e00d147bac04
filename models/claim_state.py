"""The claim's fixed states and the one table of moves between them.

Every state change of a claim, however it is asked for (a button, a stage
written in the form or dragged in the kanban, a type change, a mass
operation, an import, the API, a resolution document), passes through
``claim.claim._check_state_change``, which reads this table. The ``can_*``
booleans of the form and the lists of open and locked states come from here
too, so the workflow is written once.
"""

# The fixed meanings a stage can have. Code only ever looks at these values,
# never at stage names, so companies may rename and add stages freely.
CLAIM_STATES = [
    ("new", "New"),
    ("in_progress", "In Progress"),
    ("decided", "Decided"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]

# (from state, to state) -> the move it is. The kind says who may make it:
#   forward   anyone who may write the claim (with the checks of the target)
#   back      anyone who may write the claim, giving a reason (logged)
#   reopen    a claims manager only, giving a reason (logged): the decision
#             is final for everybody else
#   document  the workflow only: a resolution document was cancelled
TRANSITIONS = {
    ("new", "in_progress"): "forward",
    ("new", "cancelled"): "forward",
    ("in_progress", "decided"): "forward",
    ("in_progress", "cancelled"): "forward",
    ("in_progress", "new"): "back",
    ("decided", "resolved"): "forward",
    ("decided", "closed"): "forward",
    ("decided", "in_progress"): "reopen",
    ("resolved", "closed"): "forward",
    ("resolved", "decided"): "document",
    ("resolved", "in_progress"): "reopen",
    ("closed", "in_progress"): "reopen",
    ("cancelled", "new"): "forward",
}

# States in which the claim is still being worked on.
OPEN_STATES = ("new", "in_progress", "decided")
# States in which the decision is final: only a manager reopens it.
LOCKED_STATES = ("decided", "resolved", "closed")
# States in which lines and their decisions may still change.
EDITABLE_STATES = ("new", "in_progress")
# Date field stamped when a claim enters a state.
STATE_DATE_FIELDS = {
    "decided": "date_decided",
    "resolved": "date_resolved",
    "closed": "date_closed",
}


def transition_kind(old_state, new_state):
    """The kind of the move (see TRANSITIONS), or None when it is not allowed."""
    return TRANSITIONS.get((old_state, new_state))


def can_move(old_state, new_state, kinds=("forward",)):
    """Whether the table allows the move with one of the given kinds."""
    return transition_kind(old_state, new_state) in kinds


class _WorkflowToken:
    """Marks, in the context, writes made by the claim's own actions.

    A context sent by a client is JSON: it can hold strings, numbers, lists
    and dicts, never this object. So a client cannot pretend to be the
    workflow, whatever context keys it sends (see ``claim.claim._workflow``).
    """

    __slots__ = ()

    def __repr__(self):
        return "<claim workflow>"

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


WORKFLOW = _WorkflowToken()
WORKFLOW_KEY = "claim_workflow"
# Context key (valued WORKFLOW, out of a client's reach) of intakes that
# create claims before the customer could give what the type requires (the
# e-mail alias): those fields are checked when the claim leaves "new".
TYPE_FIELDS_LATER_KEY = "claim_type_fields_later"


def is_workflow(env):
    """Whether this environment writes on behalf of the workflow: the claim's
    own actions (token in the context) or the superuser (sudo, crons)."""
    return env.su or env.context.get(WORKFLOW_KEY) is WORKFLOW
