from contextvars import ContextVar

from odoo import api, models
from odoo.fields import Domain
from odoo.models import parse_read_group_spec

# labels of grouped values already made during one grouping-sets call:
# {(model, grouping): {value: (label, domain)}}
_SHARED_LABELS = ContextVar("claim_group_shared_labels", default=None)


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
    the domains, which the ORM reads as the same conjunction). The pivot
    view asks for its groupings (total, rows, columns, cells) in one
    ``formatted_read_grouping_sets`` call: a value is labelled once for all
    of them. The records of a relational grouping are made once per record,
    not once per group.

    Upgrade risk, kept on purpose: this overrides the web client's private
    ``_web_read_group_format`` (the aggregates of a group are written as
    Odoo writes them: their raw values) and
    ``_web_read_group_groupby_formatter``, and the ORM's private
    ``_read_group_postprocess_groupby``; the need is measured
    (bench/vendor.py, bench/rates.py, bench/RESULTS.md), and
    tests/test_claim_group_format.py compares every grouping with Odoo's own
    result, so a change of the web layer that breaks it fails there first.
    """

    _name = "claim.group.format.mixin"
    _description = "Claim Grouping Labels"

    @api.model
    @api.readonly
    def formatted_read_grouping_sets(
        self, domain, grouping_sets, aggregates=(), *, order=None
    ):
        # the sets of one call share their values' labels: a pivot of products
        # by month asks for the products alone and by month in one call, and
        # each product is labelled once for both
        token = _SHARED_LABELS.set({})
        try:
            return super().formatted_read_grouping_sets(
                domain, grouping_sets, aggregates, order=order
            )
        finally:
            _SHARED_LABELS.reset(token)

    def _web_read_group_groupby_formatter(self, groupby_spec, values):
        shared = _SHARED_LABELS.get()
        formatted = (
            {} if shared is None else shared.setdefault((self._name, groupby_spec), {})
        )
        # Odoo's formatter, made only if a value is not labelled yet
        odoo_formatter_of = super()._web_read_group_groupby_formatter
        formatter = None

        def format_once(value):
            nonlocal formatter
            # records by their ids (cheaper to hash than the recordset),
            # dates and False as they are
            key = value._ids if isinstance(value, models.BaseModel) else value
            found = formatted.get(key)
            if found is None:
                if formatter is None:
                    formatter = self._claim_group_formatter(
                        groupby_spec, values, odoo_formatter_of
                    )
                found = formatted[key] = formatter(value)
            return found

        return format_once

    def _claim_group_formatter(self, groupby_spec, values, odoo_formatter_of):
        """Formatter of one value of ``groupby_spec``: the model's own, else
        Odoo's (``odoo_formatter_of(groupby_spec, values)``) with the domain
        normalized to one expression (shared by the groups of the value and
        never changed in place)."""
        own = self._claim_group_formatters().get(groupby_spec)
        if own:
            return own(values)
        odoo_formatter = odoo_formatter_of(groupby_spec, values)

        def formatter(value):
            label, domain = odoo_formatter(value)
            return label, list(Domain(domain))

        return formatter

    def _claim_group_formatters(self):
        """{grouping: method(values) returning a formatter of one value,
        (label, domain)} for groupings the model labels faster than Odoo;
        their domains are lists of conditions, used as they are. Each value
        is formatted once either way."""
        return {}

    def _read_group_postprocess_groupby(self, groupby_spec, raw_values):
        """Records of a relational grouping made once per distinct record
        (Odoo makes one per group: 59,390 of them for 5,001 products in a
        pivot of products by month), with the same prefetch set: the
        records of every group, each once."""
        fname, chain, __ = parse_read_group_spec(groupby_spec)
        field = self._fields[fname]
        if chain or not field.relational:
            return super()._read_group_postprocess_groupby(groupby_spec, raw_values)
        comodel = self.env[field.comodel_name]
        prefetch_ids = tuple(dict.fromkeys(value for value in raw_values if value))
        records = {}

        def record(value):
            if not value:
                return comodel
            found = records.get(value)
            if found is None:
                found = records[value] = comodel.browse((value,)).with_prefetch(
                    prefetch_ids
                )
            return found

        return map(record, raw_values)

    def _web_read_group_format(self, groupby, aggregates, groups):
        if not groupby or self._web_read_group_field_expand(groupby):
            return super()._web_read_group_format(groupby, aggregates, groups)
        count = len(groupby)
        # (label, domain) of each group's value, grouping by grouping
        columns = []
        for index, groupby_spec in enumerate(groupby):
            values = [group[index] for group in groups]
            formatter = self._web_read_group_groupby_formatter(groupby_spec, values)
            columns.append(list(map(formatter, values)))
        result = []
        append = result.append
        # the aggregates as the web client writes them: their raw values
        if count == 2:
            # the pivot's cells (rows by columns): as below, unrolled (a third
            # faster for 59,390 cells)
            first, second = groupby
            for group, (label_1, domain_1), (label_2, domain_2) in zip(
                groups, *columns, strict=True
            ):
                dict_group = dict(zip(aggregates, group[2:], strict=True))
                dict_group[first] = label_1
                dict_group[second] = label_2
                dict_group["__extra_domain"] = ["&", *domain_1, *domain_2]
                append(dict_group)
            return result
        # one grouping: a group's domain is a copy of its value's
        head = ["&"] * (count - 1)
        for group, *formatted in zip(groups, *columns, strict=True):
            dict_group = dict(zip(aggregates, group[count:], strict=True))
            extra = head.copy()
            for groupby_spec, (label, domain) in zip(groupby, formatted, strict=True):
                dict_group[groupby_spec] = label
                extra += domain
            dict_group["__extra_domain"] = extra
            append(dict_group)
        return result
