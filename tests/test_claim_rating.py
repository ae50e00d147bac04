from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_portal import ClaimPortalCommon


@tagged("post_install", "-at_install")
class TestClaimRating(ClaimPortalCommon):
    """Customer satisfaction: the rating request e-mail leaves once when the
    claim is closed; the customer rates through Odoo's /rate/<token> pages or
    on the claim page; a low rating opens one activity; other customers,
    employees and claims not closed are refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.claim = cls._portal_claim()
        cls.other_claim = cls._portal_claim(
            document=cls.other_invoice, partner=cls.other_portal_user.partner_id
        )
        cls.low_rating_type = cls.env.ref(
            "claim_management.mail_activity_type_claim_low_rating"
        )
        cls.company.claim_rating_manager_id = cls.manager

    def setUp(self):
        super().setUp()
        self.authenticate(self.portal_user.login, self.portal_user.login)

    def _closed(self, claim):
        claim = self._resolved(claim)
        claim.action_close()
        return claim

    def _rating_requests(self, claim):
        return claim.message_ids.filtered(
            lambda m: (m.subject or "").startswith("How did we handle your claim")
        )

    def _token(self, claim):
        rating = claim.sudo().rating_ids.filtered(lambda r: not r.consumed)
        self.assertEqual(len(rating), 1)
        return rating.access_token

    def _low_rating_activities(self, claim):
        return claim.activity_ids.filtered(
            lambda a: a.activity_type_id == self.low_rating_type
        )

    def test_request_sent_once_on_closing(self):
        self._resolved(self.claim)
        self.assertFalse(self._rating_requests(self.claim))
        self.claim.action_close()
        request = self._rating_requests(self.claim)
        self.assertEqual(len(request), 1)
        self.assertEqual(request.partner_ids, self.portal_user.partner_id)
        # a note: the token never shows in the portal chatter
        self.assertEqual(request.subtype_id, self.env.ref("mail.mt_note"))
        self.assertIn(f"/rate/{self._token(self.claim)}/5", request.body)
        self.assertTrue(self.claim.rating_request_sent)
        # reopened by a manager and closed again: no second request
        self.claim.with_user(self.manager)._action_reopen("Wrong credit amount.")
        self.claim.sudo().line_ids.write({"decision": "accepted"})
        self.claim.sudo().action_decide()
        self.claim.sudo().action_close()
        self.assertEqual(self.claim.state, "closed")
        self.assertEqual(len(self._rating_requests(self.claim)), 1)

    def test_no_request_when_disabled(self):
        self.company.claim_rating_request = False
        self._closed(self.claim)
        self.assertFalse(self._rating_requests(self.claim))

    def test_rate_with_token_over_http(self):
        self._closed(self.claim)
        token = self._token(self.claim)
        self.authenticate(None, None)
        page = self.url_open(f"/rate/{token}/1")
        self.assertEqual(page.status_code, 200)
        self.assertIn("submit_feedback", page.text)
        response = self._post(
            f"/rate/{token}/submit_feedback",
            {"rate": 1, "feedback": "Nobody called me back."},
        )
        self.assertEqual(response.status_code, 200)
        rating = self.claim.sudo().rating_ids
        self.assertTrue(rating.consumed)
        self.assertEqual(rating.rating, 1)
        self.assertEqual(rating.partner_id, self.portal_user.partner_id)
        self.assertEqual(self.claim.rating_last_value, 1)
        activity = self._low_rating_activities(self.claim)
        self.assertEqual(activity.user_id, self.manager)
        self.assertIn("Nobody called me back.", activity.note)
        # the customer changes the feedback: still one activity
        self._post(f"/rate/{token}/submit_feedback", {"rate": 1, "feedback": "Still."})
        self.assertEqual(len(self._low_rating_activities(self.claim)), 1)
        # the claim page shows the rating and offers no second one
        self.authenticate(self.portal_user.login, self.portal_user.login)
        page = self.url_open(f"/my/claims/{self.claim.id}").text
        self.assertIn("1 / 5", page)
        self.assertNotIn("o_claim_portal_rate_form", page)

    def test_good_rating_opens_no_activity(self):
        self._closed(self.claim)
        token = self._token(self.claim)
        self.authenticate(None, None)
        self._post(f"/rate/{token}/submit_feedback", {"rate": 5})
        self.assertEqual(self.claim.rating_last_value, 5)
        self.assertFalse(self._low_rating_activities(self.claim))

    def test_low_rating_goes_to_a_claims_manager(self):
        self.company.claim_rating_manager_id = False
        self._closed(self.claim)
        self.claim.sudo()._customer_rate(self.portal_user.partner_id, 2)
        activity = self._low_rating_activities(self.claim)
        self.assertTrue(
            activity.user_id.has_group("claim_management.group_claim_manager")
        )

    def test_low_rating_threshold(self):
        self.company.claim_rating_low_threshold = 1
        self._closed(self.claim)
        self.claim.sudo()._customer_rate(self.portal_user.partner_id, 2)
        self.assertFalse(self._low_rating_activities(self.claim))
        self.company.claim_rating_low_threshold = 0
        self._closed(self.other_claim)
        self.other_claim.sudo()._customer_rate(self.other_portal_user.partner_id, 1)
        self.assertFalse(self._low_rating_activities(self.other_claim))

    def test_other_customers_token_refused(self):
        self._closed(self.claim)
        token = self._token(self.claim)
        self.authenticate(self.other_portal_user.login, self.other_portal_user.login)
        page = self.url_open(f"/rate/{token}/5")
        self.assertNotIn("submit_feedback", page.text)
        response = self._post(f"/rate/{token}/submit_feedback", {"rate": 5})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.claim.sudo().rating_ids.consumed)
        # an unknown token
        response = self._post("/rate/0123456789abcdef/submit_feedback", {"rate": 5})
        self.assertEqual(response.status_code, 404)

    def test_token_refused_once_reopened(self):
        self._closed(self.claim)
        token = self._token(self.claim)
        self.claim.with_user(self.manager)._action_reopen("Goods came back.")
        self.authenticate(None, None)
        response = self._post(f"/rate/{token}/submit_feedback", {"rate": 5})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.claim.sudo().rating_ids.consumed)

    def test_rate_on_the_portal_page(self):
        self._closed(self.claim)
        page = self.url_open(f"/my/claims/{self.claim.id}").text
        self.assertIn("o_claim_portal_rate_form", page)
        response = self._post(
            f"/my/claims/{self.claim.id}/rate",
            {"rating": "4", "feedback": "Quick and fair."},
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("success=rated", response.headers["Location"])
        rating = self.claim.sudo().rating_ids.filtered("consumed")
        self.assertEqual(rating.rating, 4)
        self.assertEqual(rating.feedback, "Quick and fair.")
        self.assertFalse(self._low_rating_activities(self.claim))
        page = self.url_open(response.headers["Location"]).text
        self.assertIn("Thank you for rating", page)
        self.assertIn("4 / 5", page)
        # rated once
        response = self._post(f"/my/claims/{self.claim.id}/rate", {"rating": "1"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("is rated already", response.text)
        self.assertEqual(self.claim.rating_last_value, 4)

    def test_rate_in_the_browser(self):
        self._closed(self.claim)
        self.start_tour(
            f"/my/claims/{self.claim.id}",
            "claim_portal_rating_tour",
            login=self.portal_user.login,
        )
        rating = self.claim.sudo().rating_ids.filtered("consumed")
        self.assertEqual(rating.rating, 2)
        self.assertEqual(rating.feedback, "The replacement took three weeks.")
        self.assertEqual(len(self._low_rating_activities(self.claim)), 1)

    def test_rate_with_claim_link_as_visitor(self):
        self._closed(self.claim)
        token = self.claim._portal_ensure_token()
        self.authenticate(None, None)
        response = self._post(
            f"/my/claims/{self.claim.id}/rate", {"rating": "2", "access_token": token}
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.claim.rating_last_value, 2)
        self.assertTrue(self._low_rating_activities(self.claim))

    def test_portal_rating_refusals(self):
        url = f"/my/claims/{self.claim.id}/rate"
        self._resolved(self.claim)
        page = self.url_open(f"/my/claims/{self.claim.id}").text
        self.assertNotIn("o_claim_portal_rate_form", page)
        response = self._post(url, {"rating": "5"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("is not closed", response.text)
        self.claim.sudo().action_close()
        for value in ("0", "6", "x", ""):
            response = self._post(url, {"rating": value})
            self.assertEqual(response.status_code, 400)
            self.assertIn("Choose a rating from 1 to 5", response.text)
        response = self._post(url, {"rating": "3", "feedback": "<script>x</script>"})
        self.assertIn("plain text", response.text)
        self.assertFalse(self.claim.sudo().rating_ids.filtered("consumed"))

    def test_other_customers_claim_refused(self):
        self._closed(self.other_claim)
        own_token = self.claim._portal_ensure_token()
        for data in ({}, {"access_token": own_token}):
            response = self._post(
                f"/my/claims/{self.other_claim.id}/rate", dict(data, rating="1")
            )
            self.assertEqual(response.status_code, 404)
        self.assertFalse(self.other_claim.sudo().rating_ids.filtered("consumed"))

    def test_staff_cannot_rate_for_the_customer(self):
        self._closed(self.claim)
        claim = self.claim.with_user(self.operator)
        with self.assertRaises(AccessError):
            claim.message_post(body="Great!", rating_value=5)
        rating = (
            self.env["rating.rating"]
            .with_user(self.operator)
            .browse(self.claim.sudo().rating_ids.id)
        )
        self.assertEqual(rating.res_id, self.claim.id)  # employees read it
        with self.assertRaises(AccessError):
            rating.write({"rating": 5, "consumed": True})
        with self.assertRaises(AccessError):
            self.env["rating.rating"].with_user(self.operator).create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("claim.claim"),
                    "res_id": self.claim.id,
                    "rating": 5,
                    "consumed": True,
                }
            )
        self.assertFalse(self.claim.rating_last_value)

    def test_outcome_on_the_portal_page(self):
        outcome = self.env["claim.outcome"].create(
            {"name": "Goodwill voucher", "customer_visible": False}
        )
        self.claim.sudo().outcome_id = outcome
        page = self.url_open(f"/my/claims/{self.claim.id}").text
        self.assertNotIn("Goodwill voucher", page)
        outcome.customer_visible = True
        page = self.url_open(f"/my/claims/{self.claim.id}").text
        self.assertIn("o_claim_portal_outcome", page)
        self.assertIn("Goodwill voucher", page)
