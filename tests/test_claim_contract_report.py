from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common_contract import ClaimContractCommon


@tagged("post_install", "-at_install")
class TestClaimContractReport(ClaimContractCommon):
    """The SLA report: each claim under a contract stores whether its answer
    and its resolution came in time; the report groups them by contract,
    month and priority."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._contract()

    def _answer_and_resolve(self, claim, answered, resolved):
        with freeze_time(answered):
            claim.action_start()
            claim.line_ids.write({"decision": "accepted"})
            claim.action_decide()
            claim.action_mark_decision_sent()
            self.env.flush_all()
        with freeze_time(resolved):
            claim._move_to_state("resolved")
            self.env.flush_all()

    def test_met_and_missed_grouped(self):
        with freeze_time("2026-03-02 09:00:00"):
            urgent = self._claim(priority="2")
            normal = self._claim(priority="0")
            self.env.flush_all()
            self.assertEqual(urgent.sla_response_status, "running")
        # answered within 4 working hours, resolved after Thursday 10:00
        self._answer_and_resolve(urgent, "2026-03-02 13:30:00", "2026-03-06 08:00:00")
        # answered on Wednesday, resolved on Monday 9 March: both in time
        self._answer_and_resolve(normal, "2026-03-04 10:00:00", "2026-03-09 10:00:00")
        self.assertEqual(
            (urgent.sla_response_status, urgent.sla_resolution_status),
            ("met", "missed"),
        )
        self.assertEqual(
            (normal.sla_response_status, normal.sla_resolution_status), ("met", "met")
        )
        with freeze_time("2026-04-06 09:00:00"):
            late = self._claim(priority="0", received="2026-04-06 08:00:00")
            self.env.flush_all()
        self.assertEqual(late.sla_resolution_status, "running")
        # unanswered after its due moment: the daily action marks it missed
        with freeze_time("2026-04-20 09:00:00"):
            self.env["claim.claim"]._cron_claim_deadlines()
        # the contract's other customer claims nothing; no contract: no status
        self.customer.claim_sla_days = 1
        self.contract.action_close()
        self.assertFalse(self._claim().sla_resolution_status)
        groups = self.env["claim.claim"]._read_group(
            [("contract_id", "=", self.contract.id)],
            [
                "contract_id",
                "month_received:month",
                "priority",
                "sla_resolution_status",
            ],
            ["__count"],
        )
        self.assertEqual(
            sorted(
                (month, priority, status, count)
                for _contract, month, priority, status, count in groups
            ),
            [
                (date(2026, 3, 1), "0", "met", 1),
                (date(2026, 3, 1), "2", "missed", 1),
                (date(2026, 4, 1), "0", "missed", 1),
            ],
        )
        self.assertEqual(late.sla_resolution_status, "missed")

    def test_cron_marks_missed(self):
        with freeze_time("2026-03-02 09:00:00"):
            claim = self._claim(priority="2")
            self.env.flush_all()
        self.assertEqual(claim.sla_response_status, "running")
        with freeze_time("2026-03-02 15:00:00"):
            self.env["claim.claim"]._cron_claim_deadlines()
        self.assertEqual(claim.sla_response_status, "missed")
        self.assertEqual(claim.sla_resolution_status, "running")
        # answered late, then resolved in time
        self._answer_and_resolve(claim, "2026-03-03 08:00:00", "2026-03-04 08:00:00")
        self.assertEqual(
            (claim.sla_response_status, claim.sla_resolution_status),
            ("missed", "met"),
        )

    def test_cancelled_claim_not_counted(self):
        with freeze_time("2026-03-02 09:00:00"):
            claim = self._claim(priority="2")
            claim.action_cancel()
            self.env.flush_all()
        self.assertFalse(claim.sla_response_status)

    def test_report_action_views(self):
        action = self.env.ref("claim_management.claim_claim_action_sla")
        self.assertEqual(action.res_model, "claim.claim")
        views = (
            self.env["claim.claim"]
            .with_user(self.operator)
            .get_views([(view.view_id.id, view.view_mode) for view in action.view_ids])
        )
        self.assertEqual(set(views["views"]), {"pivot", "graph", "list"})
        menu = self.env.ref("claim_management.claim_menu_analysis_sla")
        self.assertEqual(menu.action, action)
        # it opens on the last 12 months, months as rows and the status as
        # columns: readable with thousands of contracts (bench/sla.py)
        self.assertEqual(
            safe_eval(action.context), {"search_default_last_12_months": 1}
        )
        pivot = etree.fromstring(views["views"]["pivot"]["arch"])
        self.assertEqual(
            [(f.get("name"), f.get("type")) for f in pivot.iter("field")],
            [("month_received", "row"), ("sla_resolution_status", "col")],
        )
        search = self.env["claim.claim"].get_views(
            [(action.search_view_id.id, "search")]
        )["views"]["search"]["arch"]
        (last_12,) = etree.fromstring(search).xpath("//filter[@name='last_12_months']")
        domain = safe_eval(
            last_12.get("domain"),
            {
                "context_today": lambda: date(2026, 11, 29),
                "relativedelta": relativedelta,
            },
        )
        self.assertEqual(domain, [("month_received", ">=", "2025-12-01")])
