from odoo import models
from odoo.fields import Domain


class ClaimGroupFormatMixin(models.AbstractModel):
    """Grouped reads of the web client formatted once per value.

    ``formatted_read_group`` formats every group on its own: the label of
    each grouped value (a record's name, a month in the user's language with
    babel) and the group's domain, made by normalizing the conjunction of the
    domains of its values. A pivot of vendors by month has one group per
    vendor and month: 11,000 groups for 100,000 vendor claims, where the
    formatting took 1.0 of the call's 1.2 s and the grouping query 0.2 s.

    Here each distinct value of a grouping is formatted once (300 vendors and
    37 months instead of 11,000 of each), and the group's domain is the
    conjunction of its values' domains written as is (``&`` operators before
    the domains, which the ORM reads as the same conjunction).

    Upgrade risk, kept on purpose: this overrides the web client's private
    ``_web_read_group_format`` (the aggregates of a group are written as
    Odoo writes them: their raw values) and
    ``_web_read_group_groupby_formatter``; the
    need is measured (bench/vendor.py, bench/RESULTS.md), and
    tests/test_claim_group_format.py compares every grouping with Odoo's own
    result, so a change of the web layer that breaks it fails there first.
    """

    _name = "claim.group.format.mixin"
    _description = "Claim Grouping Labels"

    def _web_read_group_groupby_formatter(self, groupby_spec, values):
        own = self._claim_group_formatters().get(groupby_spec)
        if own:
            formatter = own(values)
        else:
            odoo_formatter = super()._web_read_group_groupby_formatter(
                groupby_spec, values
            )

            def formatter(value):
                # the domain normalized to one expression, shared by the
                # groups of the value and never changed in place
                label, domain = odoo_formatter(value)
                return label, list(Domain(domain))

        formatted = {}

        def format_once(value):
            # records by their ids (cheaper to hash than the recordset),
            # dates and False as they are
            key = value._ids if isinstance(value, models.BaseModel) else value
            if key not in formatted:
                formatted[key] = formatter(value)
            return formatted[key]

        return format_once

    def _claim_group_formatters(self):
        """{grouping: method(values) returning a formatter of one value,
        (label, domain)} for groupings the model labels faster than Odoo;
        their domains are lists of conditions, used as they are. Each value
        is formatted once either way."""
        return {}

    def _web_read_group_format(self, groupby, aggregates, groups):
        if len(groupby) < 2 or self._web_read_group_field_expand(groupby):
            return super()._web_read_group_format(groupby, aggregates, groups)
        count = len(groupby)
        # the aggregates as the web client writes them: their raw values
        result = [dict(zip(aggregates, group[count:], strict=True)) for group in groups]
        domains = [[] for __ in groups]
        for index, groupby_spec in enumerate(groupby):
            values = [group[index] for group in groups]
            formatter = self._web_read_group_groupby_formatter(groupby_spec, values)
            for value, dict_group, domain in zip(values, result, domains, strict=True):
                dict_group[groupby_spec], value_domain = formatter(value)
                domain.append(value_domain)
        for dict_group, parts in zip(result, domains, strict=True):
            extra = ["&"] * (len(parts) - 1)
            for part in parts:
                extra += part
            dict_group["__extra_domain"] = extra
        return result
