from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, TransactionCase, new_test_user, tagged

SETTINGS_VIEW = "claim_management.res_config_settings_view_form_claims"


class ClaimSettingsCommon:
    @classmethod
    def _settings_users(cls):
        cls.company = cls.env.company
        cls.manager = new_test_user(
            cls.env,
            login="settings_claim_manager",
            groups="claim_management.group_claim_manager",
        )
        cls.operator = new_test_user(
            cls.env,
            login="settings_claim_operator",
            groups="claim_management.group_claim_operator",
        )
        cls.company.write({"claim_public_form": False, "claim_upload_max_mb": 10})


@tagged("post_install", "-at_install")
class TestClaimSettings(ClaimSettingsCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._settings_users()

    def test_manager_without_settings_rights_saves_claims_settings(self):
        self.assertFalse(self.manager.has_group("base.group_system"))
        self.assertFalse(self.manager.has_group("base.group_erp_manager"))
        Settings = self.env["res.config.settings"].with_user(self.manager)
        with Form(Settings, view=SETTINGS_VIEW) as form:
            self.assertFalse(form.claim_public_form)
            self.assertEqual(form.claim_upload_max_mb, 10)
            form.claim_public_form = True
            form.claim_upload_max_mb = 25
            form.claim_consumer_response_days = 21
        action = form.record.execute()
        self.assertEqual(action, {"type": "ir.actions.client", "tag": "reload"})
        self.assertTrue(self.company.claim_public_form)
        self.assertEqual(self.company.claim_upload_max_mb, 25)
        self.assertEqual(self.company.claim_consumer_response_days, 21)
        # the page opens again with the saved values
        with Form(Settings, view=SETTINGS_VIEW) as form:
            self.assertTrue(form.claim_public_form)
            self.assertEqual(form.claim_upload_max_mb, 25)

    def test_operator_gets_access_error(self):
        Settings = self.env["res.config.settings"].with_user(self.operator)
        with self.assertRaises(AccessError):
            Settings.create({"claim_public_form": True})
        with self.assertRaises(AccessError):
            Form(Settings, view=SETTINGS_VIEW)
        self.assertFalse(self.company.claim_public_form)

    def test_manager_cannot_change_other_settings(self):
        Settings = self.env["res.config.settings"].with_user(self.manager)
        footer = self.company.report_footer
        # a company field of another app, a system parameter, a group
        for values in (
            {"report_footer": "<p>Changed by a claims manager</p>"},
            {"show_effect": False},
            {"group_multi_currency": True},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                Settings.create({"claim_public_form": True, **values})
        self.assertEqual(self.company.report_footer, footer)
        self.assertFalse(self.company.claim_public_form)
        # nor read them: system parameters are not returned, fields refused
        self.assertIn(
            "show_effect", self.env["res.config.settings"].default_get(["show_effect"])
        )
        self.assertNotIn("show_effect", Settings.default_get(["show_effect"]))
        settings = Settings.create({"claim_upload_max_mb": 12})
        with self.assertRaises(AccessError):
            settings.read(["report_footer"])
        with self.assertRaises(AccessError):
            settings.write({"report_footer": "<p>Changed</p>"})
        self.assertEqual(self.company.claim_upload_max_mb, 12)
        self.assertEqual(self.company.report_footer, footer)

    def test_manager_cannot_change_another_company(self):
        other = self.env["res.company"].create({"name": "Not my company"})
        Settings = self.env["res.config.settings"].with_user(self.manager)
        with self.assertRaises(AccessError):
            Settings.create({"company_id": other.id, "claim_public_form": True})
        self.assertFalse(other.claim_public_form)

    def test_administrator_saves_as_usual(self):
        with Form(self.env["res.config.settings"], view=SETTINGS_VIEW) as form:
            form.claim_upload_max_files = 4
        form.record.execute()
        self.assertEqual(self.company.claim_upload_max_files, 4)


@tagged("post_install", "-at_install")
class TestClaimSettingsUi(ClaimSettingsCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._settings_users()

    def test_manager_ticks_public_form_in_settings_page(self):
        self.start_tour(
            "/odoo/claims",
            "claim_management_settings_tour",
            login=self.manager.login,
        )
        self.assertTrue(self.company.claim_public_form)
