import time
from contextlib import closing

from odoo import sql_db


class RealTransactionsMixin:
    """For tests of two workers at once: the test transaction cannot show
    that, so they use real database transactions they commit and clean up."""

    def _cursor(self):
        """A cursor on its own connection, outside the test transaction."""
        return closing(sql_db.db_connect(self.env.cr.dbname).cursor())

    def _wait_until_blocked(self, pid):
        """Wait until the backend `pid` waits on a lock (at most 5 s)."""
        with self._cursor() as cr:
            for _attempt in range(100):
                cr.execute(
                    "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid]
                )
                row = cr.fetchone()
                if row and row[0] == "Lock":
                    return True
                cr.rollback()
                time.sleep(0.05)
        return False
