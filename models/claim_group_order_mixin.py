from odoo import models
from odoo.tools import SQL, Query

# Up to this many records, and ids up to RANKED_MAX_ID, groups of a many2one
# are ordered by the rank of their record read from a list indexed by id (one
# constant array of at most RANKED_MAX_ID integers); above, by lookups.
RANKED_RECORDS_LIMIT = 10000
RANKED_MAX_ID = 50000


def _parse_order_item(item):
    """(field name, direction, nulls) of an ORDER BY item such as
    "name desc nulls last"; direction and nulls upper-cased, maybe empty."""
    words = item.split()
    return (
        words[0] if words else "",
        words[1].upper() if len(words) > 1 else "",
        " ".join(words[2:]).upper(),
    )


def _flip(direction, nulls):
    """The direction and nulls placement of an order item read backwards."""
    direction = "ASC" if direction == "DESC" else "DESC"
    if nulls:
        nulls = "NULLS LAST" if nulls == "NULLS FIRST" else "NULLS FIRST"
    return direction, nulls


class ClaimGroupOrderMixin(models.AbstractModel):
    """Grouped reads ordered by a many2one without joining its model first.

    The ORM orders groups of a many2one by the order of its model (users by
    name, stages by sequence): it joins that model, and the tables behind its
    order, to every row being grouped and groups by the joined columns too.
    For users, PostgreSQL then expects as many groups as partner names and
    sorts all rows before counting them: the analysis by packer took 850 ms
    on 1.9 M packed lines, where the indexed grouping alone takes 140 ms.

    Here the groups are formed on the id alone and sorted afterwards, in the
    same order, nulls included: by the rank of the id, read from a constant
    array indexed by id, when the model holds up to 10,000 records (so
    PostgreSQL may still aggregate in parallel, and a pivot of 60,000
    product-month groups is sorted in milliseconds), else by one lookup per
    column of the model's order, run once per group.

    Upgrade risk, kept on purpose: this overrides the ORM's private
    ``_read_group_orderby``. The need is measured (bench/RESULTS.md: the
    analysis by packer 850 -> 155 ms at 1 M claims, by stage 145 -> 74 ms);
    tests/test_claim_group_order.py compares every grouping with the ORM's
    own order, so a change of the ORM that breaks it fails there first.
    Remove the mixin when the ORM groups many2ones on their id.
    """

    _name = "claim.group.order.mixin"
    _description = "Claim Grouping Order"

    def _read_group_orderby(self, order, groupby_terms, query):
        if not order:
            return super()._read_group_orderby(order, groupby_terms, query)
        terms = []
        for part in order.split(","):
            fname, direction, nulls = _parse_order_item(part)
            field = self._fields.get(fname)
            sql = None
            if (
                field
                and field.type == "many2one"
                and fname in groupby_terms
                and direction in ("", "ASC", "DESC")
                and not nulls
            ):
                sql = self._claim_group_order(
                    field, groupby_terms[fname], direction == "DESC"
                )
            if sql is None:
                sql = super()._read_group_orderby(part, groupby_terms, query)
            if sql:
                terms.append(sql)
        return SQL(", ").join(terms)

    def _claim_group_order(self, field, group_sql, reverse):
        """ORDER BY terms sorting the groups of many2one `field` (grouped as
        `group_sql`) in the order of its model, or None when that order goes
        through another many2one or a property (left to the ORM)."""
        # sudo: only the order of the groups the user reads comes from it, as
        # from the ORM's join; archived records keep their place
        comodel = self.env[field.comodel_name].sudo().with_context(active_test=False)
        items = [
            _parse_order_item(item)
            for item in comodel._order.split(",")
            if item.strip()
        ]
        if [fname for fname, *__ in items] == ["id"]:
            return None  # the ORM orders by the column itself, without a join
        for fname, _direction, _nulls in items:
            co_field = comodel._fields.get(fname)
            if not co_field or co_field.type == "many2one" or "." in fname:
                return None
        if reverse:
            items = [(f, *_flip(d, n)) for f, d, n in items]
        ids = comodel.search([], limit=RANKED_RECORDS_LIMIT + 1).ids
        if len(ids) <= RANKED_RECORDS_LIMIT and max(ids, default=0) <= RANKED_MAX_ID:
            # ranks[id - 1] is the record's place in the model's order: an
            # array subscript costs the same for any number of records (0,
            # not NULL, for the ids of no record: an array with NULLs is read
            # from its start at each subscript)
            ranks = [0] * max(ids, default=0)
            for rank, record_id in enumerate(ids, start=1):
                ranks[record_id - 1] = rank
            # a group without record sorts where the ORM's join puts it:
            # where NULL falls in the first column of the model's order
            __, direction, nulls = items[0]
            nulls = nulls or ("NULLS FIRST" if direction == "DESC" else "NULLS LAST")
            return SQL(
                "(%s::int[])[%s] %s %s",
                ranks,
                group_sql,
                SQL("DESC") if reverse else SQL("ASC"),
                SQL(nulls),
            )
        terms = []
        for fname, direction, nulls in items:
            lookup = Query(comodel.env, comodel._table, comodel._table_sql)
            lookup.add_where(
                SQL("%s = %s", SQL.identifier(comodel._table, "id"), group_sql)
            )
            value = comodel._order_field_to_sql(
                comodel._table, fname, SQL(), SQL(), lookup
            )
            terms.append(
                SQL(
                    "(%s) %s %s",
                    lookup.select(value),
                    SQL(direction) if direction in ("ASC", "DESC") else SQL(),
                    SQL(nulls) if nulls in ("NULLS FIRST", "NULLS LAST") else SQL(),
                )
            )
        return SQL(", ").join(terms)
