from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL

# How far back the limits of the public form count.
RATE_LIMIT_WINDOW = timedelta(hours=1)


class ClaimRateLimit(models.Model):
    """One row per key a limit of the public form counts by (an e-mail or
    network address), touched by every request the limit lets through.

    A count alone does not hold under parallel requests: Odoo's transactions
    read a snapshot taken when they start (REPEATABLE READ), so twenty requests
    arriving together all count the same records and all pass. Requests of one
    key therefore wait for each other (transaction-level advisory lock) and
    then lock this row; a request whose snapshot is older than the last request
    let through fails to serialize and Odoo runs it again, on a fresh snapshot
    that counts the record of the other one."""

    _name = "claim.rate.limit"
    _description = "Public Claim Form: Rate Limit Key"
    _log_access = False

    key = fields.Char(required=True, readonly=True)
    date_last = fields.Datetime(
        string="Last Request Let Through", required=True, readonly=True
    )

    _key_unique = models.UniqueIndex("(key)")

    @api.model
    def _check_limit(self, keys, limit, model_name, domain, message):
        """Raise UserError(``message``) when ``limit`` or more records of
        ``model_name`` matching ``domain`` were created within the last hour;
        concurrent calls sharing one of ``keys`` run one after the other (see
        the class). ``limit`` <= 0 means no limit. Used by every limit of the
        public form."""
        keys = sorted({key for key in keys if key})
        if limit <= 0 or not keys:
            return
        cr = self.env.cr
        for key in keys:
            # sorted keys: two requests never wait for each other crosswise
            cr.execute(
                SQL("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", key)
            )
            # Locking a row another transaction changed after our snapshot,
            # or inserting one it inserted, fails to serialize: Odoo retries.
            cr.execute(
                SQL(
                    "SELECT id FROM claim_rate_limit WHERE key = %s FOR UPDATE",
                    key,
                )
            )
            if not cr.rowcount:
                cr.execute(
                    SQL(
                        "INSERT INTO claim_rate_limit (key, date_last) "
                        "VALUES (%s, %s) ON CONFLICT (key) DO NOTHING",
                        key,
                        fields.Datetime.now(),
                    )
                )
        since = fields.Datetime.now() - RATE_LIMIT_WINDOW
        # sudo: the records counted (requests, failed searches) are readable
        # by managers only; nothing of them is returned.
        count = (
            self.env[model_name]
            .sudo()
            .search_count(
                Domain(domain) & Domain("create_date", ">=", since), limit=limit
            )
        )
        if count >= limit:
            raise UserError(message)
        # let through: requests holding an older snapshot must retry
        cr.execute(
            SQL(
                "UPDATE claim_rate_limit SET date_last = %s WHERE key IN %s",
                fields.Datetime.now(),
                tuple(keys),
            )
        )

    @api.model
    def _delete_old(self):
        """Forget the keys no limit counts any more."""
        self.env.cr.execute(
            SQL(
                "DELETE FROM claim_rate_limit WHERE date_last < %s",
                fields.Datetime.now() - RATE_LIMIT_WINDOW,
            )
        )
