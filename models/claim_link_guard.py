"""Fields of core documents only the claims' own actions set.

Views show them read-only, which protects nothing: a client reaches pickings,
stock moves and repair orders over JSON-RPC and JSON-2 with any values. These
fields say which claim a document resolves, who packed a delivery, what a
replacement cost; the claims' figures (resolved quantities, costs, packer
rates) are computed from them. So the models refuse them from anybody but the
workflow (``is_workflow``: sudo, or the claim actions' token)."""

from odoo.exceptions import AccessError

from .claim_state import WORKFLOW, WORKFLOW_KEY, is_workflow


def _value(record, name):
    value = record[name]
    if record._fields[name].type == "many2one":
        return value.id or False
    return value or False


def changed_claim_links(records, vals, names):
    """The fields of ``names`` that ``vals`` would change on ``records``."""
    return [
        name
        for name in names
        if name in vals
        and any(_value(record, name) != (vals[name] or False) for record in records)
    ]


def check_claim_links(model, names):
    """Refuse ``names`` (fields of ``model``) to a client."""
    if names and not is_workflow(model.env):
        raise AccessError(
            model.env._(
                "%(fields)s of %(model)s are set by the claims' actions only.",
                fields=", ".join(model._fields[name].string for name in names),
                model=model._description,
            )
        )


def check_claim_links_create(model, vals_list, names):
    """Refuse values of ``names`` in new records of a client."""
    if not is_workflow(model.env):
        for vals in vals_list:
            check_claim_links(model, [name for name in names if vals.get(name)])


def check_claim_links_write(records, vals, names):
    """Refuse a client's change of ``names`` on ``records``."""
    if not is_workflow(records.env) and not set(names).isdisjoint(vals):
        check_claim_links(records, changed_claim_links(records, vals, names))


def as_workflow(records):
    """``records`` writing on behalf of the claims' actions."""
    return records.with_context(**{WORKFLOW_KEY: WORKFLOW})
