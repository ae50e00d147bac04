from datetime import timedelta

from odoo import fields

from .common import ClaimCommon


class ClaimApprovalCommon(ClaimCommon):
    """Approval paths (tier definitions of claims) and the users who review."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_2 = cls._new_user(
            "claim_manager_2", "claim_management.group_claim_manager"
        )
        cls.value_tier = cls.env.ref(
            "claim_management.tier_definition_claim_value_limit"
        )

    @classmethod
    def _tier(cls, name, domain, **vals):
        values = {
            "name": name,
            "model_id": cls.env.ref("claim_management.model_claim_claim").id,
            "definition_domain": repr(domain),
            "company_id": False,
            "review_type": "individual",
        }
        values.update(vals)
        return cls.env["tier.definition"].create(values)

    def _claim_to_decide(self, user=None, lines=None, **vals):
        """A claim in assessment with every line accepted: ready to decide
        but for its approval."""
        claim = self._create_claim(user=user, lines=lines, **vals)
        claim.action_start()
        claim.action_accept_all()
        return claim

    def _leave(self, user, days=1):
        """A time off of ``user`` covering now (Odoo's resource leaves)."""
        resource = self.env["resource.resource"].create(
            {"name": user.name, "user_id": user.id}
        )
        now = fields.Datetime.now()
        return self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "resource_id": resource.id,
                "calendar_id": resource.calendar_id.id,
                "date_from": now - timedelta(hours=1),
                "date_to": now + timedelta(days=days),
            }
        )
