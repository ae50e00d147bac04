from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain


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
        if not ip_address:
            return
        self.env["claim.rate.limit"]._check_limit(
            [f"{self._name}:ip:{ip_address}"],
            company.claim_public_rate_limit * 2,
            self._name,
            Domain("ip_address", "=", ip_address),
            self.env._("Too many unsuccessful searches. Please try again in an hour."),
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
