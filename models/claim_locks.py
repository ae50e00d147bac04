"""The one row lock of the add-on for work that must happen once.

Odoo's ``lock_for_update()`` / ``try_lock_for_update()`` take a row lock with
``SELECT ... FOR UPDATE``: a second transaction waits, then proceeds once the
first commits, seeing the old snapshot (Odoo runs REPEATABLE READ), and does
the work again. A no-op UPDATE writes a new row version instead: the second
transaction waits, then fails to serialize and Odoo retries its request, which
then sees what the first one made. Used where two workers must never create
the same document twice (credit notes, replacements, cost entries, claimed
units); crons that only need to skip busy rows use ``try_lock_for_update``.
"""

from odoo.tools import SQL


def serialize_on(records):
    """Make concurrent transactions touching ``records`` serialize (see the
    module docstring). Returns ``records``."""
    if records.ids:
        records.env.cr.execute(
            SQL(
                "UPDATE %s SET write_date = write_date WHERE id IN %s",
                SQL.identifier(records._table),
                tuple(records.ids),
            )
        )
    return records


def remind_in_locked_batches(model, domain, batch_size):
    """The daily overdue reminders of loaners and service orders: the records
    of ``domain`` in batches other workers skip (``try_lock_for_update``),
    each reminded (``_remind_overdue``), flagged ``overdue_reminded`` and, in
    a scheduled action, committed with its progress."""
    while True:
        records = model.search(domain, limit=batch_size, order="id")
        # other workers skip the records this one handles
        records = records.try_lock_for_update(allow_referencing=True)
        if not records:
            return
        records._remind_overdue()
        records._workflow().write({"overdue_reminded": True})
        model.env.flush_all()
        if model.env.context.get("cron_id"):
            model.env["ir.cron"]._commit_progress(len(records))
