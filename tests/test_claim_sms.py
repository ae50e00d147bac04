from datetime import timedelta

from odoo import fields
from odoo.addons.sms.tests.common import SMSCase
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import ClaimCommon
from .common_portal import ClaimPortalCommon

NUMBER = "+48601234567"
SMS_LOGGER = "odoo.addons.claim_management.models.claim_claim_sms"


@tagged("post_install", "-at_install")
class TestClaimSms(ClaimCommon, SMSCase):
    """SMS to customers at the steps of a claim, through Odoo's SMS queue.
    Odoo's SMS test helper stands in for the IAP gateway: nothing leaves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.claim_sms_enabled = True
        cls.customer_contact.phone = NUMBER
        cls.template_registered = cls.env.ref(
            "claim_management.sms_template_claim_registered"
        )

    def _sms_of(self, claim):
        return (
            self.env["sms.sms"]
            .sudo()
            .search(
                [
                    ("mail_message_id.res_id", "=", claim.id),
                    ("mail_message_id.model", "=", "claim.claim"),
                ]
            )
        )

    def _sms_logs(self, claim):
        return claim.message_ids.filtered(lambda m: m.message_type == "sms")

    def test_registered_sms_queued_then_sent_by_odoo_queue(self):
        with self.mockSMSGateway():
            claim = self._create_claim()
        self.assertSMSOutgoing(
            self.customer_contact,
            NUMBER,
            content=f"we registered your claim {claim.name}",
        )
        # only queued by the claim's action; Odoo's scheduled action sends it
        self.assertEqual(self._sms, [])
        sms = self._sms_of(claim)
        self.assertEqual(len(sms), 1)
        # a customer without portal access gets the claim's private link
        self.assertTrue(claim.access_token)
        self.assertIn(
            f"/my/claims/{claim.id}?access_token={claim.access_token}", sms.body
        )
        # logged in the chatter by the operator who registered the claim
        log = self._sms_logs(claim)
        self.assertEqual(len(log), 1)
        self.assertEqual(log.subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(log.author_id, self.operator.partner_id)
        self.assertIn(claim.name, log.body)
        self.assertEqual(sms.mail_message_id, log)
        with self.mockSMSGateway():
            # what Odoo's queue does with the outgoing SMS (its scheduled
            # action also commits, which tests may not)
            sms.send()
        self.assertSMSIapSent([NUMBER], content=claim.name)

    def test_decided_and_resolved_sms(self):
        claim = self._create_claim()
        claim.action_start()
        claim.action_accept_all()
        with self.mockSMSGateway():
            claim.action_decide()
        self.assertSMSOutgoing(
            self.customer_contact, NUMBER, content=f"decided on your claim {claim.name}"
        )
        with self.mockSMSGateway():
            claim.action_resolve()
        self.assertSMSOutgoing(
            self.customer_contact, NUMBER, content=f"claim {claim.name} is resolved"
        )
        with self.mockSMSGateway():
            claim.action_close()
        self.assertFalse(self._new_sms, "closing sends no SMS")
        self.assertEqual(len(self._sms_logs(claim)), 3)

    def test_auto_accepted_claim_is_registered_then_decided(self):
        self.type_quantity.auto_accept_limit = 1000.0
        with self.mockSMSGateway():
            claim = self._create_claim()
        self.assertEqual(claim.state, "decided")
        bodies = self._new_sms.sorted("id").mapped("body")
        self.assertEqual(len(bodies), 2)
        self.assertIn("we registered your claim", bodies[0])
        self.assertIn("we decided on your claim", bodies[1])

    def test_decision_back_from_resolved_sends_nothing(self):
        """A resolution document cancelled takes the claim back to "decided":
        no new decision for the customer."""
        claim = self._decided_claim()
        claim.action_resolve()
        with self.mockSMSGateway():
            claim._workflow().write({"stage_id": self.stage_decided.id})
        self.assertEqual(claim.state, "decided")
        self.assertFalse(self._new_sms)

    def test_waiting_reminder_sms(self):
        claim = self._create_claim()
        claim.waiting_for_customer = True
        claim._workflow().write(
            {"date_waiting_since": fields.Datetime.now() - timedelta(days=30)}
        )
        with self.mockSMSGateway():
            self.env["claim.claim"]._cron_claim_customer_reminders()
        self.assertTrue(claim.customer_reminder_sent)
        self.assertSMSOutgoing(
            self.customer_contact,
            NUMBER,
            content=f"to go on with your claim {claim.name} we need something",
        )
        # sent by the scheduled action: logged by the system
        self.assertEqual(
            self._sms_logs(claim)[0].author_id, self.env.ref("base.partner_root")
        )

    def test_no_sms_without_number(self):
        self.customer_contact.phone = False
        with self.mockSMSGateway():
            claim = self._decided_claim()
        self.assertFalse(self._new_sms)
        self.assertFalse(self._sms_logs(claim))
        self.assertFalse(claim.access_token)

    def test_no_sms_when_company_disabled(self):
        self.company.claim_sms_enabled = False
        with self.mockSMSGateway():
            claim = self._decided_claim()
        self.assertFalse(self._new_sms)
        self.assertFalse(self._sms_logs(claim))

    def test_portal_customer_gets_portal_page(self):
        self.env["res.users"].create(
            {
                "name": "Anna Acme",
                "login": "anna_sms_portal",
                "partner_id": self.customer_contact.id,
                "group_ids": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        with self.mockSMSGateway():
            claim = self._create_claim()
        sms = self._sms_of(claim)
        self.assertTrue(sms.body.endswith(f"/my/claims/{claim.id}"), sms.body)
        self.assertFalse(claim.access_token)

    def test_customer_language(self):
        self.env["res.lang"]._activate_lang("pl_PL")
        self.customer_contact.lang = "pl_PL"
        self.template_registered.with_context(lang="pl_PL").body = (
            "{{ object.company_id.name }}: zarejestrowaliśmy reklamację "
            "{{ object.name }}: {{ object.customer_claim_url }}"
        )
        with self.mockSMSGateway():
            claim = self._create_claim()
        self.assertSMSOutgoing(
            self.customer_contact,
            NUMBER,
            content=f"zarejestrowaliśmy reklamację {claim.name}",
        )

    def test_claims_of_one_batch(self):
        """Claims created together get their SMS from one composer; two claims
        of one customer get one SMS each."""
        other = self.env["res.partner"].create(
            {"name": "Other Customer", "phone": "+48602000000"}
        )
        with self.mockSMSGateway():
            claims = (
                self.env["claim.claim"]
                .with_user(self.operator)
                .create(
                    [
                        self._claim_vals(self.customer_contact),
                        self._claim_vals(self.customer_contact),
                        self._claim_vals(other),
                    ]
                )
            )
        self.assertEqual(len(self._new_sms), 3)
        self.assertEqual(
            sorted(self._new_sms.mapped("number")),
            sorted([NUMBER, NUMBER, "+48602000000"]),
        )
        self.assertEqual(set(self._new_sms.mapped("state")), {"outgoing"})
        for claim in claims:
            self.assertEqual(len(self._sms_logs(claim)), 1)

    def _claim_vals(self, partner):
        return {
            "partner_id": partner.id,
            "claim_type_id": self.type_quantity.id,
            "description": "<p>Broken.</p>",
            "line_ids": [
                (
                    0,
                    0,
                    {"product_id": self.product_a.id, "quantity": 1, "price_unit": 100},
                )
            ],
        }

    def test_broken_template_does_not_block_the_claim(self):
        self.template_registered.body = "{{ object.no_such_field }}"
        with self.mockSMSGateway(), self.assertLogs(SMS_LOGGER, level="WARNING"):
            claim = self._create_claim()
        self.assertTrue(claim.exists())
        self.assertFalse(self._new_sms)
        self.assertFalse(self._sms_logs(claim))

    def test_only_managers_edit_claim_sms_templates(self):
        template = self.template_registered
        for user in (self.operator, self.claim_user):
            template.with_user(user).read(["body"])
            with self.assertRaises(AccessError):
                template.with_user(user).write({"body": "Hello"})
            with self.assertRaises(AccessError):
                self.env["sms.template"].with_user(user).create(
                    {"name": "Mine", "model_id": template.model_id.id, "body": "Hi"}
                )
        # the manager need not be a "Mail Template Editor" for our placeholders
        self.assertFalse(self.manager.has_group("mail.group_mail_template_editor"))
        body = "{{ object.company_id.name }}: {{ object.name }} {{ object.customer_claim_url }}"
        template.with_user(self.manager).write({"body": body})
        self.assertEqual(template.body, body)
        self.env["sms.template"].with_user(self.manager).create(
            {"name": "Claim: other", "model_id": template.model_id.id, "body": "Hi"}
        )
        # not the templates of other apps
        partner_template = self.env["sms.template"].create(
            {
                "name": "Contact",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "body": "Hi",
            }
        )
        with self.assertRaises(AccessError):
            partner_template.with_user(self.manager).write({"body": "Changed"})

    def test_manager_enables_sms_in_claims_settings(self):
        self.company.claim_sms_enabled = False
        settings = self.env["res.config.settings"].with_user(self.manager)
        with Form(
            settings, view="claim_management.res_config_settings_view_form_claims"
        ) as form:
            form.claim_sms_enabled = True
        form.record.execute()
        self.assertTrue(self.company.claim_sms_enabled)


@tagged("post_install", "-at_install")
class TestClaimSmsPortal(ClaimPortalCommon, SMSCase):
    def test_portal_customer_files_a_claim(self):
        """The customer's own action: the SMS is queued all the same, logged
        by the system, and links to the portal page (no token)."""
        self.env.company.claim_sms_enabled = True
        partner = self.portal_user.partner_id
        partner.phone = NUMBER
        with self.mockSMSGateway():
            claim = self.Claim.with_user(self.portal_user)._create_customer_claim(
                partner,
                channel="portal",
                claim_type=self.type_quality,
                document=self.invoice,
                quantities={self._source_key(self.invoice, self.product_a): 1.0},
                description="The chair wobbles.",
                consent_ids=self.env["claim.consent.clause"]
                ._for_channel(self.invoice.company_id, "portal")
                .ids,
            )
        self.assertSMSOutgoing(partner, NUMBER, content=claim.name)
        sms = self._new_sms
        self.assertEqual(len(sms), 1)
        self.assertTrue(sms.body.endswith(f"/my/claims/{claim.id}"), sms.body)
        log = claim.message_ids.filtered(lambda m: m.message_type == "sms")
        self.assertEqual(log.author_id, self.env.ref("base.partner_root"))
