from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.fields import Domain
from odoo.http import request

from .portal import ClaimPortal


class ClaimContractPortal(ClaimPortal):
    """The customer's service contracts, read only, under /my/claims: the
    list and one page per contract (validity, covered products, service
    level per priority). Access is the portal record rule of claim.contract:
    the contracts of the user's commercial partner, put into force."""

    def _claim_contract_domain(self):
        partner = request.env.user.partner_id.commercial_partner_id
        return Domain("partner_id", "=", partner.id) & Domain("state", "!=", "draft")

    def _claim_contract_count(self):
        Contract = request.env["claim.contract"]
        if not Contract.has_access("read"):
            return 0
        return Contract.search_count(self._claim_contract_domain())

    def _prepare_claims_list_values(self, *args, **kwargs):
        values = super()._prepare_claims_list_values(*args, **kwargs)
        values["claim_contract_count"] = self._claim_contract_count()
        return values

    @http.route(
        "/my/claims/contracts",
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_claim_contracts(self, **kw):
        Contract = request.env["claim.contract"]
        contracts = (
            Contract.search(self._claim_contract_domain())
            if Contract.has_access("read")
            else Contract
        )
        values = self._prepare_portal_layout_values()
        values.update(contracts=contracts, page_name="claim_contracts")
        return request.render("claim_management.portal_my_claim_contracts", values)

    @http.route(
        "/my/claims/contracts/<int:contract_id>",
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_claim_contract_page(self, contract_id, **kw):
        contract = request.env["claim.contract"].browse(contract_id)
        try:
            contract.check_access("read")
            contract.fetch(["name"])
        except (AccessError, MissingError):
            # the same answer whether the contract exists or not
            raise NotFound() from None
        # sudo: the contract was checked readable above; the page shows its
        # covered products and categories, which portal users cannot read
        contract_sudo = contract.sudo()
        values = self._prepare_portal_layout_values()
        values.update(contract=contract_sudo, page_name="claim_contract")
        return request.render("claim_management.portal_claim_contract_page", values)
