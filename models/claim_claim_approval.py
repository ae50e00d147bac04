from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .claim_state import EDITABLE_STATES, LOCKED_STATES, is_workflow

# Fields of the approval engine on claims that only the engine writes (the
# ORM would let a client write a stored compute or create reviews through
# the one2many).
ENGINE_FIELDS = {"review_ids", "validation_status"}


class ClaimClaim(models.Model):
    """Approval paths of claims: OCA's tier validation engine.

    Tier definitions (``tier.definition`` records of model claim.claim) say
    which claims need whose approval: a domain on the claim (value, type,
    customer, company, decision...), reviewers by user, group or a field of
    the claim (the team lead), in sequence or in parallel. The decision (the
    move to "decided") is refused until every review of the claim is
    approved: ``_check_can_decide`` is the gate every stage write passes.
    Approvals and rejections are logged in the chatter with their comments.
    """

    _name = "claim.claim"
    _inherit = ["claim.claim", "tier.validation"]

    # the states in which the claim is assessed and its decision prepared;
    # the decision is the state the approval opens
    _state_from = list(EDITABLE_STATES)
    _state_to = ["decided"]
    _cancel_state = "cancelled"
    _tier_validation_manual_config = True

    # ------------------------------------------------------------------
    # The gate of the decision
    # ------------------------------------------------------------------

    def _awaiting_approval(self):
        """The claims whose decision still waits for an approval: a tier
        definition applies and no validation was asked for yet, or the
        reviews asked for are not all approved."""
        return self.filtered(
            lambda c: (
                # approved_by_id without reviews: approved before the claims
                # had approval paths (the manager's approval of the value)
                (c.need_validation and not c.approved_by_id)
                or (c.review_ids and c.validation_status != "validated")
            )
        )

    def _check_can_decide(self):
        for claim in self._awaiting_approval():
            claim._raise_awaiting_approval()
        return super()._check_can_decide()

    def _raise_awaiting_approval(self):
        self.ensure_one()
        if self.validation_status == "rejected":
            rejected = self.review_ids.filtered(lambda r: r.status == "rejected")
            raise UserError(
                self.env._(
                    "The approval of claim %(name)s was rejected by %(users)s: "
                    "change the claim and restart the approval, or decide after "
                    "a new approval.",
                    name=self.name,
                    users=", ".join(rejected.done_by.mapped("name")),
                )
            )
        if self.approval_required:
            raise UserError(
                self.env._(
                    "Claim %(name)s is worth %(amount)s, above the approval limit of "
                    "its type: a claims manager must approve it before the decision.",
                    name=self.name,
                    amount=self.amount_claimed,
                )
            )
        pending = self.review_ids.filtered(lambda r: r.status in ("waiting", "pending"))
        raise UserError(
            self.env._(
                "Claim %(name)s must be approved before the decision "
                "(approval path: %(tiers)s). Request the approval first.",
                name=self.name,
                tiers=", ".join(pending.mapped("name"))
                or self.env._("not requested yet"),
            )
        )

    # ------------------------------------------------------------------
    # The engine's hooks
    # ------------------------------------------------------------------

    @api.model
    def _check_create_values(self, vals_list):
        res = super()._check_create_values(vals_list)
        if not is_workflow(self.env):
            for vals in vals_list:
                self._refuse_owned_fields(ENGINE_FIELDS.intersection(vals))
        return res

    def _check_write_values(self, vals):
        res = super()._check_write_values(vals)
        if not is_workflow(self.env):
            self._refuse_owned_fields(ENGINE_FIELDS.intersection(vals))
        return res

    def _compute_need_validation(self):
        # the engine searches the tier definitions once per claim: once for
        # all of them here (a mass decision checks thousands of claims)
        tiers = (
            self.env["tier.definition"]
            .with_context(active_test=True)
            .search([("model", "=", self._name)])
        )
        for claim in self:
            if (
                not claim.id
                or claim.review_ids
                or not claim._check_state_from_condition()
            ):
                claim.need_validation = False
                continue
            company = claim._get_company()
            claim.need_validation = any(
                claim.evaluate_tier(tier)
                for tier in tiers
                if not tier.company_id or tier.company_id == company
            )

    def request_validation(self):
        # the reviews are created as the workflow: tier.review refuses
        # reviews of claims made any other way
        return super(ClaimClaim, self._workflow()).request_validation()

    def _tier_validation_check_write_allowed(self, vals):
        """Claims stay editable under review (notes, tags, responsible,
        stage): what an approval covers is the claimed goods and the
        proposed decision, and changing those restarts the approval
        (``_restart_approval_after_change``) instead of being refused."""
        return

    def _validate_tier(self, tiers=False):
        before = {review.id: review.status for review in self.review_ids}
        res = super()._validate_tier(tiers)
        self._log_reviews(before, "approved")
        validated = self.filtered(
            lambda c: c.validation_status == "validated" and not c.approved_by_id
        )
        if validated:
            # sudo: the reviewer approves through the review, whatever their
            # rights on the claim; stamping the approval is the workflow's
            # write (approved_by_id and date_approved are owned fields)
            validated.sudo()._workflow().write(
                {
                    "approved_by_id": self.env.user.id,
                    "date_approved": fields.Datetime.now(),
                }
            )
        return res

    def _rejected_tier(self, tiers=False):
        before = {review.id: review.status for review in self.review_ids}
        res = super()._rejected_tier(tiers)
        self._log_reviews(before, "rejected")
        return res

    def _log_reviews(self, before, status):
        """A note per review this user approved or rejected, with its
        comment: the chatter keeps the approval path's history (the
        reviews themselves are deleted when the approval restarts)."""
        for claim in self:
            done = claim.review_ids.filtered(
                lambda r, s=status: r.status == s and before.get(r.id) != s
            )
            if not done:
                continue
            if status == "approved":
                what = self.env._(
                    "Approved: %(tiers)s.", tiers=", ".join(done.mapped("name"))
                )
            else:
                what = self.env._(
                    "Rejected: %(tiers)s.", tiers=", ".join(done.mapped("name"))
                )
            comments = [c for c in done.mapped("comment") if c]
            body = Markup("<p>%s</p>") % what
            if comments:
                body += Markup("<p>%s</p>") % self.env._(
                    "Comment: %(comment)s", comment="; ".join(comments)
                )
            # sudo: a reviewer may approve without write access to the
            # claim; the note is the engine's log, not the reviewer's message
            claim.sudo()._message_log(body=body, author_id=self.env.user.partner_id.id)

    def restart_validation(self):
        had_reviews = self.filtered("review_ids")
        res = super().restart_validation()
        restarted = had_reviews.filtered(lambda c: not c.review_ids)
        if restarted:
            restarted._workflow().write(
                {"approved_by_id": False, "date_approved": False}
            )
            for claim in restarted:
                claim._message_log(body=self.env._("Approval restarted."))
        return res

    def _restart_approval_after_change(self, what):
        """``what`` changed on claims under review or approved: the approval
        covered the claim as it was, so it starts again."""
        claims = self.filtered(
            lambda c: (c.review_ids or c.approved_by_id) and c.state in EDITABLE_STATES
        )
        if not claims:
            return
        claims.restart_validation()
        claims._workflow().write({"approved_by_id": False, "date_approved": False})
        for claim in claims:
            claim._message_log(
                body=self.env._(
                    "%(what)s changed after the approval was requested: request "
                    "it again.",
                    what=what,
                )
            )

    def _on_stage_moved(self, old_stages):
        res = super()._on_stage_moved(old_stages)
        # a decision reopened, a claim moved back or cancelled: its approval
        # covered the decision taken then
        again = self.filtered(
            lambda c: (
                c.review_ids
                and (
                    old_stages[c.id].state in LOCKED_STATES
                    or c.state in ("new", "cancelled")
                )
            )
        )
        # restart_validation only acts in the states the engine covers: a
        # cancelled claim's reviews go when it is brought back to "new"
        again.restart_validation()
        return res

    def _on_type_changed(self):
        res = super()._on_type_changed()
        self._restart_approval_after_change(self.env._("The claim type"))
        return res

    # ------------------------------------------------------------------
    # The manager's approval (API contract kept from the value limit)
    # ------------------------------------------------------------------

    def action_approve(self):
        """Approve the claims as a claims manager: requests the approval
        when nobody did yet, then approves every review this manager may
        approve now (see also validate_tier, the reviewer's button)."""
        if not self._is_claim_manager():
            raise AccessError(self.env._("Only a claims manager can approve a claim."))
        for claim in self:
            if claim.need_validation:
                claim.request_validation()
            sequences = claim._get_sequences_to_approve(self.env.user)
            reviews = claim.review_ids.filtered(
                lambda r, s=sequences: (
                    r.sequence in s and r.status in ("waiting", "pending")
                )
            )
            if reviews:
                claim._validate_tier(reviews)
                claim._update_counter({"review_deleted": True})
        return True

    @api.model
    def _cron_refresh_approval_deputies(self):
        """Reviewers on leave: their deputies join the open reviews (see
        tier.review._get_reviewers), and leave them when they are back."""
        reviews = self.env["tier.review"].search(
            [("model", "=", self._name), ("status", "in", ("waiting", "pending"))]
        )
        self.env.add_to_compute(
            self.env["tier.review"]._fields["reviewer_ids"], reviews
        )
        reviews.flush_recordset(["reviewer_ids"])
