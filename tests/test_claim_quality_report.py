import subprocess
from contextlib import contextmanager
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common_resolution import ClaimResolutionCommon


@tagged("post_install", "-at_install")
class TestClaimQualityReport(ClaimResolutionCommon):
    """8D reports opened from real claims on real deliveries and invoices:
    lifecycle, actions, effectiveness check, PDF and access."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # no styles for wkhtmltopdf (see test_claim_reports.py)
        cls.env["ir.config_parameter"].sudo().set_param(
            "report.url", "http://127.0.0.1:9"
        )
        cls.cause_production = cls.env.ref("claim_management.root_cause_production")
        cls.cause_assembly = cls.env.ref(
            "claim_management.root_cause_production_assembly"
        )
        cls.cause_packing = cls.env.ref("claim_management.root_cause_packing")
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Weld Parts Supplier", "is_company": True}
        )
        cls.Report = cls.env["claim.quality.report"]

    @contextmanager
    def _refused(self, exception, text):
        """assertRaises (rolled back to a savepoint) and the message."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertIn(text, str(catcher.exception))

    def _decided_claim_with_causes(self):
        claim = self._claim(
            {(self.product_a, None): 2.0, (self.product_lot, self.lot_1): 1.0},
            decide=False,
        )
        claim.line_ids.write({"root_cause_id": self.cause_assembly.id})
        claim.action_decide()
        return claim

    def _report_from(self, lines, user=None):
        action = lines.with_user(user or self.operator).action_create_quality_report()
        self.assertEqual(action["res_model"], "claim.quality.report")
        return self.Report.with_user(user or self.operator).browse(action["res_id"])

    def _pdf_text(self, report, user=None):
        pdf, file_format = (
            self.env["ir.actions.report"]
            .with_user(user or self.operator)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "claim_management.action_report_claim_quality", report.ids
            )
        )
        self.assertEqual(file_format, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        result = subprocess.run(
            ["pdftotext", "-layout", "-", "-"],
            input=pdf,
            capture_output=True,
            check=True,
        )
        return " ".join(result.stdout.decode().split())

    def _backdate(self, lines, days):
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE claim_line SET create_date = now() at time zone 'utc' - "
            "make_interval(days => %s) WHERE id IN %s",
            (days, tuple(lines.ids)),
        )
        lines.invalidate_recordset(["create_date"])

    # Opening ------------------------------------------------------------

    def test_create_from_selected_lines_and_from_the_claim(self):
        claim = self._decided_claim_with_causes()
        report = self._report_from(claim.line_ids)
        self.assertRecordValues(
            report,
            [
                {
                    "state": "draft",
                    "company_id": self.company.id,
                    "root_cause_id": self.cause_assembly.id,
                    "user_id": self.operator.id,
                }
            ],
        )
        self.assertTrue(report.name.startswith("8D/"))
        self.assertEqual(report.claim_line_ids, claim.line_ids)
        self.assertEqual(report.claim_ids, claim)
        self.assertEqual(report.product_ids, self.product_a | self.product_lot)
        self.assertEqual(report.lot_ids, self.lot_1)
        self.assertIn(claim.name, report.problem_description)
        # the claim's button opens another one; the claim counts both
        action = claim.with_user(self.operator).action_create_quality_report()
        self.assertEqual(claim.with_user(self.operator).quality_report_count, 2)
        second = self.Report.browse(action["res_id"])
        self.assertNotEqual(second.name, report.name)
        found = self.Report.with_user(self.operator).search(
            claim.action_view_quality_reports()["domain"]
        )
        self.assertEqual(found, report | second)

    def test_create_from_products_lots_and_vendor(self):
        report = self.Report.with_user(self.operator).create(
            {
                "title": "Drill chucks loosen",
                "product_ids": [Command.set(self.product_lot.ids)],
                "lot_ids": [Command.set(self.lot_2.ids)],
                "vendor_id": self.vendor.id,
                "root_cause_id": self.cause_production.id,
            }
        )
        self.assertEqual(report.vendor_id, self.vendor)
        self.assertFalse(report.claim_line_ids)
        self.assertEqual(report.state, "draft")

    def test_refused_openings(self):
        with self.assertRaises(UserError):
            self.Report.with_user(self.operator)._action_create_from_lines(
                self.env["claim.line"]
            )
        # the number and the state are the report's own
        with self.assertRaises(AccessError):
            self.Report.with_user(self.operator).create(
                {"title": "Forged", "state": "closed"}
            )
        with self.assertRaises(AccessError):
            self.Report.with_user(self.operator).create(
                {"title": "Forged", "name": "8D/0001"}
            )

    # Lifecycle ----------------------------------------------------------

    def test_lifecycle_operators_edit_managers_close(self):
        claim = self._decided_claim_with_causes()
        report = self._report_from(claim.line_ids)
        report.action_open()
        self.assertEqual(report.state, "open")
        with self.assertRaises(AccessError):
            report.write({"state": "closed"})
        with self.assertRaises(AccessError):
            report.action_close()
        as_manager = report.with_user(self.manager)
        report.root_cause_id = False
        with self._refused(UserError, "cannot be closed without"):
            as_manager.action_close()
        report.write(
            {
                "root_cause_id": self.cause_assembly.id,
                "date_implemented": fields.Date.today(),
                "why_1": "The leg breaks at the weld",
            }
        )
        as_manager.action_close()
        self.assertRecordValues(
            report, [{"state": "closed", "closed_by_id": self.manager.id}]
        )
        self.assertTrue(report.date_closed)
        # closed: locked for everyone, reopened by a manager only
        for user in (self.operator, self.manager):
            with self._refused(UserError, "is closed"):
                report.with_user(user).write({"why_2": "Too short welding time"})
        self.assertFalse(report.why_2)
        with self.assertRaises(AccessError):
            report.action_reopen()
        as_manager.action_reopen()
        self.assertRecordValues(
            report, [{"state": "open", "date_closed": False, "closed_by_id": False}]
        )
        report.why_2 = "Too short welding time"

    def test_refused_transitions_and_deletion(self):
        report = self.Report.with_user(self.manager).create(
            {
                "title": "Lamp shades crack",
                "root_cause_id": self.cause_packing.id,
                "date_implemented": fields.Date.today(),
            }
        )
        with self._refused(UserError, "cannot go from Draft to Closed"):
            report.action_close()
        report.action_open()
        with self._refused(UserError, "Only draft"):
            report.unlink()
        draft = self.Report.with_user(self.manager).create({"title": "Draft only"})
        with self.assertRaises(AccessError):
            draft.with_user(self.operator).unlink()
        draft.unlink()
        self.assertFalse(draft.exists())

    # Actions, effectiveness, PDF ---------------------------------------

    def test_corrective_and_preventive_actions(self):
        claim = self._decided_claim_with_causes()
        report = self._report_from(claim.line_ids)
        due = fields.Date.today() + timedelta(days=7)
        corrective = report._schedule_action(
            "corrective", "Longer welds", self.operator, due
        )
        preventive = report._schedule_action(
            "preventive", "Weld check in the FMEA", self.manager, due
        )
        self.assertEqual(
            corrective.activity_type_id,
            self.env.ref("claim_management.mail_activity_type_8d_corrective"),
        )
        self.assertEqual(report.corrective_activity_ids, corrective)
        self.assertEqual(report.preventive_activity_ids, preventive)
        # done: archived, still part of the report
        corrective.action_feedback(feedback="Done on line 2")
        report.invalidate_recordset()
        self.assertEqual(report.corrective_activity_ids, corrective)
        self.assertEqual(corrective.state, "done")
        # the form's button opens the activity dialog with our type
        action = report.action_add_preventive_action()
        self.assertEqual(action["res_model"], "mail.activity")
        self.assertEqual(
            action["context"]["default_activity_type_id"],
            self.env.ref("claim_management.mail_activity_type_8d_preventive").id,
        )

    def test_effectiveness_check(self):
        today = fields.Date.today()
        implemented = today - timedelta(days=10)

        def line(product, cause, days_ago):
            claim = self._create_claim(lines=[(product, 1.0, 10.0)])
            claim.line_ids.root_cause_id = cause
            self._backdate(claim.line_ids, days_ago)
            return claim.line_ids

        before = line(self.product_a, self.cause_assembly, 15) | line(
            self.product_a, self.cause_production, 12
        )
        after = line(self.product_a, self.cause_assembly, 5)
        line(self.product_a, self.cause_assembly, 25)  # before the compared days
        line(self.product_a, self.cause_packing, 5)  # another root cause
        line(self.product_b, self.cause_assembly, 5)  # another product
        report = self.Report.with_user(self.operator).create(
            {
                "title": "Chairs break",
                "product_ids": [Command.set(self.product_a.ids)],
                "root_cause_id": self.cause_production.id,
                "claim_line_ids": [Command.set(before.ids)],
            }
        )
        self.assertFalse(report.effect_days)
        report.date_implemented = implemented
        report.invalidate_recordset()
        # the report's own fields read, the counts are one query
        report.read(["date_implemented", "product_ids", "lot_ids", "company_id"])
        report.root_cause_id.read(["parent_path"])
        with self.assertQueryCount(1):
            counts = report._effectiveness_counts()
        self.assertEqual(counts["before"], 2)
        self.assertEqual(counts["after"], 1)
        self.assertEqual(counts["days"], 10)
        self.assertRecordValues(
            report,
            [
                {
                    "effect_days": 10,
                    "effect_count_before": 2,
                    "effect_count_after": 1,
                    "effect_change": -50.0,
                }
            ],
        )
        # as long before the implementation date as since it (hours included)
        self.assertIn(
            report.effect_date_from,
            (implemented - timedelta(days=11), implemented - timedelta(days=10)),
        )
        self.assertEqual(
            self.env["claim.line"].search([("id", "in", after.ids)]).create_date.date(),
            today - timedelta(days=5),
        )

    def test_8d_pdf(self):
        self.operator.name = "Olga Operator"
        self.manager.name = "Max Manager"
        claim = self._decided_claim_with_causes()
        report = self._report_from(claim.line_ids)
        report.write(
            {
                "title": "Chair legs break at the weld",
                "team_ids": [Command.set((self.operator | self.manager).ids)],
                "vendor_id": self.vendor.id,
                "problem_description": "<p>Legs break after two weeks.</p>",
                "containment": "<p>Lot blocked in the warehouse.</p>",
                "why_1": "The weld is too thin",
                "why_2": "The welding time is too short",
                "root_cause_analysis": "<p>Machine settings changed in March.</p>",
                "corrective_action": "<p>Longer welding time.</p>",
                "date_implemented": fields.Date.today() - timedelta(days=3),
                "implementation": "<p>Verified on 50 chairs.</p>",
                "preventive_action": "<p>Weld check in the control plan.</p>",
                "closure": "<p>Thanks to the welding team.</p>",
            }
        )
        due = fields.Date.today() + timedelta(days=7)
        report._schedule_action(
            "corrective", "Longer welds", self.operator, due
        ).action_feedback(feedback="done")
        report._schedule_action(
            "preventive", "Weld check in the FMEA", self.manager, due
        )
        report.action_open()
        text = self._pdf_text(report)
        for expected in (
            "8D Report",
            report.name,
            "Chair legs break at the weld",
            "Weld Parts Supplier",
            "D1 Team",
            self.operator.name,
            "D2 Problem Description",
            "Legs break after two weeks.",
            claim.name,
            "Office Chair",
            "DR-001",
            "Production / Assembly",
            "D3 Containment Actions",
            "Lot blocked in the warehouse.",
            "D4 Root Cause",
            "The weld is too thin",
            "The welding time is too short",
            "D5 Corrective Actions",
            "Longer welds",
            "Done on",
            "Done",
            "D6 Implementation and Verification",
            "Verified on 50 chairs.",
            "Effectiveness check",
            "D7 Preventive Actions",
            "Weld check in the FMEA",
            self.manager.name,
            "Planned",
            "D8 Closure and Recognition",
            "Thanks to the welding team.",
        ):
            self.assertIn(expected, text)

    # Access -------------------------------------------------------------

    def test_access_by_role_company_and_portal(self):
        claim = self._decided_claim_with_causes()
        report = self._report_from(claim.line_ids)
        # claims users read the reports of their companies, nothing more
        as_user = report.with_user(self.claim_user)
        self.assertEqual(as_user.title, report.title)
        with self.assertRaises(AccessError):
            as_user.write({"why_1": "Guess"})
        with self.assertRaises(AccessError):
            as_user.action_open()
        with self.assertRaises(AccessError):
            self.Report.with_user(self.claim_user).create({"title": "Mine"})
        # another company's operator does not see it
        self.assertFalse(
            self.Report.with_user(self.operator_b).search([("id", "=", report.id)])
        )
        with self.assertRaises(AccessError):
            report.with_user(self.operator_b).read(["title"])
        # portal users never see reports
        portal = new_test_user(
            self.env, login="claim_8d_portal", groups="base.group_portal"
        )
        with self.assertRaises(AccessError):
            self.Report.with_user(portal).search([])
        with self.assertRaises(AccessError):
            report.with_user(portal).read(["title"])

    def test_lines_of_another_company_refused(self):
        claim = self._decided_claim_with_causes()
        with self.assertRaises(UserError):
            self.Report.create(
                {
                    "title": "Cross-company",
                    "company_id": self.company_2.id,
                    "claim_line_ids": [Command.set(claim.line_ids.ids)],
                }
            )
        report = self._report_from(claim.line_ids)
        with self.assertRaises(UserError):
            report.sudo().company_id = self.company_2
        # an operator of the other company cannot put them in a report of theirs
        with self.assertRaises(AccessError):
            self.Report.with_user(self.operator_b)._action_create_from_lines(
                claim.line_ids.with_user(self.operator_b)
            )

    def test_closed_report_refuses_actions(self):
        claim = self._decided_claim_with_causes()
        report = self._report_from(claim.line_ids)
        report.write(
            {"date_implemented": fields.Date.today(), "title": "Closed problem"}
        )
        report.action_open()
        report.with_user(self.manager).action_close()
        due = fields.Date.today() + timedelta(days=7)
        with self._refused(UserError, "is closed"):
            report._schedule_action("corrective", "Too late", self.operator, due)
        with self._refused(UserError, "is closed"):
            report.action_add_corrective_action()
        # nor through the activities themselves
        with self.assertRaises(AccessError):
            self.env["mail.activity"].with_user(self.operator).create(
                {
                    "res_model_id": self.env["ir.model"]._get_id(report._name),
                    "res_id": report.id,
                    "activity_type_id": self.env.ref(
                        "claim_management.mail_activity_type_8d_corrective"
                    ).id,
                    "summary": "Too late",
                    "user_id": self.operator.id,
                }
            )
        self.assertFalse(report.corrective_activity_ids)
