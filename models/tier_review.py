from odoo import api, models
from odoo.exceptions import AccessError

from .claim_state import is_workflow

CLAIM_MODEL = "claim.claim"
OPEN_STATUSES = ("waiting", "pending")
# What identifies a review and who reviews it: set by the engine when it
# requests the approval (the stored computes are never written by clients).
REVIEW_KEYS = {
    "model",
    "res_id",
    "definition_id",
    "sequence",
    "requested_by",
    "reviewer_ids",
    "can_review",
    "todo_by",
    "company_id",
}


class TierReview(models.Model):
    """Reviews of claims: the engine writes them as the acting user (any
    internal user may write tier.review), so the rules of who approves are
    enforced here for claims, whatever client or route writes them."""

    _inherit = "tier.review"

    @api.model
    def _get_reviewer_fields(self):
        return [
            *super()._get_reviewer_fields(),
            "reviewer_id.claim_deputy_id",
            "reviewer_group_id.user_ids.claim_deputy_id",
        ]

    def _get_reviewers(self):
        reviewers = super()._get_reviewers()
        if self.model == CLAIM_MODEL and reviewers:
            # the deputy of a reviewer on leave reviews in their place (the
            # reviewer keeps the review: whoever acts first decides)
            reviewers |= reviewers._claim_deputies_for_absent()
            if self.definition_id.exclude_requester and self.requested_by:
                reviewers -= self.requested_by
        return reviewers

    @api.model_create_multi
    def create(self, vals_list):
        if not (self.env.su or is_workflow(self.env)):
            # only the claim's request_validation creates its reviews (from
            # the tier definitions that apply): a review made by hand would
            # stand in for the ones the claim needs
            if any(vals.get("model") == CLAIM_MODEL for vals in vals_list):
                raise AccessError(
                    self.env._(
                        "The reviews of a claim are created by requesting its approval."
                    )
                )
        return super().create(vals_list)

    def write(self, vals):
        claim_reviews = self.filtered(lambda r: r.model == CLAIM_MODEL)
        if claim_reviews and not self.env.su:
            claim_reviews._check_claim_review_write(vals)
        return super().write(vals)

    def _check_claim_review_write(self, vals):
        """Who may change a review of a claim, and how."""
        user = self.env.user
        if REVIEW_KEYS.intersection(vals):
            raise AccessError(
                self.env._("The reviews of a claim are set by its approval path.")
            )
        status = vals.get("status")
        reviewer_only = (
            status in ("approved", "rejected")
            or "comment" in vals
            or "done_by" in vals
            or "reviewed_date" in vals
        )
        for review in self:
            if reviewer_only and user not in review.reviewer_ids:
                raise AccessError(
                    self.env._(
                        "Only its reviewers (%(reviewers)s) can approve, reject or "
                        "comment the review “%(review)s”.",
                        reviewers=review.todo_by or "-",
                        review=review.name,
                    )
                )
            if vals.get("done_by", user.id) != user.id:
                raise AccessError(
                    self.env._("A review is approved or rejected in one's own name.")
                )
            if (
                status in ("approved", "rejected")
                and review.status not in OPEN_STATUSES
            ):
                raise AccessError(
                    self.env._(
                        "The review “%(review)s” is already done.", review=review.name
                    )
                )
            if status == "cancel" and not review._claim_has_rejection():
                raise AccessError(
                    self.env._(
                        "The review “%(review)s” is cancelled only when an earlier "
                        "review of the claim is rejected.",
                        review=review.name,
                    )
                )
            if (
                status in OPEN_STATUSES
                and review.status not in OPEN_STATUSES
                and user not in review.reviewer_ids
            ):
                raise AccessError(
                    self.env._(
                        "The review “%(review)s” is done: restart the approval "
                        "instead.",
                        review=review.name,
                    )
                )

    def _claim_has_rejection(self):
        self.ensure_one()
        claim = self.env[CLAIM_MODEL].browse(self.res_id)
        return "rejected" in claim.review_ids.mapped("status")

    def unlink(self):
        claim_reviews = self.filtered(lambda r: r.model == CLAIM_MODEL)
        if claim_reviews and not self.env.su:
            claims = self.env[CLAIM_MODEL].browse(claim_reviews.mapped("res_id"))
            # through restart_validation, which logs it, or with the claim
            claims.check_access("write")
        return super().unlink()
