from werkzeug.exceptions import NotFound

from odoo import http
from odoo.addons.rating.controllers.main import Rating
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from .portal import ClaimPortal


class ClaimPortalRating(ClaimPortal):
    """The customer rates a closed claim from its portal page (logged in, or
    a visitor holding the claim's link); claim.claim._customer_rate checks."""

    @http.route(
        ["/my/claims/<int:claim_id>/rate"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_claim_rate(
        self, claim_id, access_token=None, rating=None, feedback="", **kw
    ):
        claim_sudo = self._claim_check_access(claim_id, access_token)
        try:
            claim_sudo._customer_rate(
                self._claim_customer(claim_sudo), rating, feedback
            )
        except (UserError, ValidationError) as error:
            return self._claim_render_error(claim_sudo, access_token, error.args[0])
        return self._claim_redirect(claim_sudo, access_token, "rated")


class ClaimRating(Rating):
    """Odoo's rating pages (/rate/<token>/...): a logged-in user of another
    customer cannot rate a claim with its token (Odoo only refuses them the
    first page), and a claim is rated once it is closed."""

    @http.route()
    def action_submit_rating(self, token, rate=0, **kwargs):
        rating_sudo, record_sudo = self._get_rating_and_record(token)
        if record_sudo._name == "claim.claim":
            user = request.env.user
            if not user._is_public() and (
                user.partner_id.commercial_partner_id
                != rating_sudo.partner_id.commercial_partner_id
            ):
                raise NotFound()
            if request.httprequest.method == "POST" and record_sudo.state != "closed":
                raise NotFound()
        return super().action_submit_rating(token, rate=rate, **kwargs)
