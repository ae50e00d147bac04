from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import html2plaintext

RATING_TEMPLATE = "claim_management.mail_template_claim_rating_request"
LOW_RATING_ACTIVITY = "claim_management.mail_activity_type_claim_low_rating"
# The scale the customer rates on (Odoo's rating.rating: 1 to 5).
RATING_MIN, RATING_MAX = 1, 5


class ClaimClaim(models.Model):
    """Customer satisfaction: once a claim is closed, its customer rates it
    (Odoo's ``rating.mixin``): by the links of the rating request e-mail
    (Odoo's /rate/<token>/<score> pages) or on the claim's portal page. A low
    rating opens an activity for the company's claims manager.

    Ratings are the customer's: the claim's own code writes them (sudo after
    checking who rates); employees read them (see claim_rating_security.xml).
    """

    _inherit = ["claim.claim", "rating.mixin"]
    _name = "claim.claim"

    rating_request_sent = fields.Boolean(
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="The rating request e-mail left when the claim was closed (once).",
    )
    # rating_last_value of rating.mixin is stored: indexed for the dashboard
    # and the lists grouped by rating
    rating_last_value = fields.Float(index="btree_not_null")

    # ------------------------------------------------------------------
    # Closing: the rating request leaves once
    # ------------------------------------------------------------------

    def _on_stage_moved(self, old_stages):
        res = super()._on_stage_moved(old_stages)
        self.filtered(
            lambda c: c.state == "closed" and not c.rating_request_sent
        )._send_rating_request()
        return res

    def _send_rating_request(self):
        """E-mail the customers of these closed claims the links to rate them,
        in their language, once per claim."""
        template = self.env.ref(RATING_TEMPLATE, raise_if_not_found=False)
        to_ask = self.filtered(
            lambda c: c.company_id.claim_rating_request and c.partner_id.email
        )
        if not template or not to_ask:
            return
        for claim in to_ask:
            # a note: the rating links (the token) never show in the portal
            # chatter, the e-mail reaches the customer only
            claim.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_note",
                partner_ids=claim.partner_id.ids,
                author_id=claim._customer_mail_author().id,
                email_layout_xmlid="mail.mail_notification_light",
            )
        to_ask._workflow().write({"rating_request_sent": True})

    # ------------------------------------------------------------------
    # Rating: refused before closing, low ratings followed up
    # ------------------------------------------------------------------

    def rating_apply(
        self,
        rate,
        token=None,
        rating=None,
        feedback=None,
        subtype_xmlid=None,
        notify_delay_send=False,
    ):
        """Odoo's rating pages and the claim page apply the customer's rating
        here: only closed claims are rated; a low rating opens an activity."""
        self.ensure_one()
        if self.state != "closed":
            raise UserError(
                self.env._(
                    "Claim %(name)s is not closed: it can be rated once it is.",
                    name=self.name,
                )
            )
        if not RATING_MIN <= rate <= RATING_MAX:
            raise ValidationError(
                self.env._(
                    "A rating is from %(min)s to %(max)s.",
                    min=RATING_MIN,
                    max=RATING_MAX,
                )
            )
        rating = super().rating_apply(
            rate,
            token=token,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        if rate <= self.company_id.claim_rating_low_threshold:
            self._schedule_low_rating_activity(rating)
        return rating

    def message_post(self, **kwargs):
        # a rating given with a message (rating_value: Odoo's chatter and the
        # /mail routes) would not be the customer's: ratings come through
        # rating_apply only
        if kwargs.get("rating_value"):
            raise AccessError(
                self.env._("A claim is rated by its customer, from the rating links.")
            )
        return super().message_post(**kwargs)

    def _low_rating_user(self):
        """Who follows up a low rating: the company's satisfaction manager,
        else a claims manager of the company, else the responsible. (Claim
        teams, when they come, put their leader first.)"""
        self.ensure_one()
        company = self.company_id
        user = company.claim_rating_manager_id
        if user.active and company in user.company_ids:
            return user
        managers = self.env.ref("claim_management.group_claim_manager").user_ids
        managers = managers.filtered(
            lambda u: u.active and not u.share and company in u.company_ids
        )
        return managers.sorted("id")[:1] or self.user_id

    def _schedule_low_rating_activity(self, rating):
        """One open activity per claim, however often the customer re-rates."""
        self.ensure_one()
        activity_type = self.env.ref(LOW_RATING_ACTIVITY)
        # sudo: the customer's rating (public page) opens the activity
        claim = self.sudo()
        if claim.activity_ids.filtered(lambda a: a.activity_type_id == activity_type):
            return
        user = claim._low_rating_user()
        feedback = html2plaintext(rating.feedback or "").strip()
        note = Markup("<p>%s</p>") % self.env._(
            "The customer rated the claim %(rating)s of %(max)s.",
            rating=int(rating.rating),
            max=RATING_MAX,
        )
        if feedback:
            note += Markup("<blockquote>%s</blockquote>") % feedback
        claim.activity_schedule(
            activity_type_id=activity_type.id,
            summary=self.env._("Low rating: call the customer back"),
            note=note,
            user_id=user.id or self.env.ref("base.user_admin").id,
        )

    # ------------------------------------------------------------------
    # The customer rates on the portal
    # ------------------------------------------------------------------

    def _customer_rating(self):
        """The customer's rating of this claim (the last one given), or an
        empty recordset."""
        self.ensure_one()
        # sudo: customers read their own claim's rating on its portal page
        return (
            self.env["rating.rating"]
            .sudo()
            .search(
                Domain("res_model", "=", self._name)
                & Domain("res_id", "=", self.id)
                & Domain("consumed", "=", True),
                limit=1,
            )
        )

    def _customer_can_rate(self):
        self.ensure_one()
        return self.state == "closed" and not self._customer_rating()

    def _customer_rate(self, partner, score, feedback=""):
        """``partner`` (the customer, checked by the caller: portal access or
        the claim's token) rates the closed claim from 1 to 5, once."""
        self.ensure_one()
        self._check_customer_partner(partner)
        try:
            score = int(score)
        except (TypeError, ValueError):
            score = 0
        if not RATING_MIN <= score <= RATING_MAX:
            raise ValidationError(
                self.env._(
                    "Choose a rating from %(min)s to %(max)s.",
                    min=RATING_MIN,
                    max=RATING_MAX,
                )
            )
        if self.state != "closed":
            raise UserError(
                self.env._(
                    "Claim %(name)s is not closed: it can be rated once it is.",
                    name=self.name,
                )
            )
        if self._customer_rating():
            raise UserError(
                self.env._("Claim %(name)s is rated already.", name=self.name)
            )
        feedback = self._check_customer_text(feedback, self.env._("Comment"))
        # sudo: the customer (portal or visitor with the claim's link, checked
        # above) creates their rating token and rates
        claim = self.sudo()
        token = claim._rating_get_access_token(partner=partner)
        return claim.rating_apply(score, token=token, feedback=feedback or False)

    @api.model
    def _rating_groupings(self):
        """Fields the dashboard shows ratings by: (key, field). Claim teams
        add theirs here."""
        return [("by_user", "user_id"), ("by_type", "claim_type_id")]
