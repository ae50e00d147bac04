from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class ClaimRequestAttempt(models.Model):
    """A failed search for an order or invoice on the public form (unknown
    number, or e-mail or postal code not matching), kept an hour: one
    network address cannot guess postal codes of sequential invoice numbers
    to read what a customer bought."""

    _name = "claim.request.attempt"
    _description = "Public Claim Form: Failed Document Search"
    _order = "id desc"

    ip_address = fields.Char(string="IP Address", required=True, readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )

    _ip_date_idx = models.Index("(ip_address, create_date)")

    @api.model
    def _check_limit(self, company, ip_address):
        """Refuse searching when the address failed too often within the
        last hour: twice the company's requests per hour."""
        limit = company.claim_public_rate_limit * 2
        if limit <= 0 or not ip_address:
            return
        since = fields.Datetime.now() - timedelta(hours=1)
        count = self.sudo().search_count(
            [("ip_address", "=", ip_address), ("create_date", ">=", since)],
            limit=limit,
        )
        if count >= limit:
            raise UserError(
                self.env._(
                    "Too many unsuccessful searches. Please try again in an hour."
                )
            )

    @api.model
    def _record(self, company, ip_address):
        if ip_address:
            # sudo: visitors record their failed searches, nobody else sees them
            self.sudo().create({"ip_address": ip_address, "company_id": company.id})

    @api.model
    def _delete_old(self):
        since = fields.Datetime.now() - timedelta(hours=1)
        self.sudo().search([("create_date", "<", since)]).unlink()
