"""The simulated users of the load run (a locustfile, run by bench/load.py).

Runs in locust's own virtual environment, not in Odoo's Python: it imports
nothing of Odoo. Everything it needs (URLs, logins, API key, documents, view
specifications) comes from the JSON file named by ``LOAD_DATA``, written by
the driver; what it submitted successfully (client references, e-mails) is
written to ``LOAD_OUT`` when the run stops, so that the driver can check that
each is stored exactly once.

Request kinds (the names of the statistics):
- portal customers: ``portal login``, ``portal /my/claims``, ``portal claim
  page``, ``portal reply`` (the page's form POST with its CSRF token);
- visitors: ``public form``, ``public lookup`` (the document), ``public
  submit`` (the claim, one distinct e-mail each);
- operators: ``operator login``, ``operator list`` (web_search_read with the
  "Open" filter), ``operator search`` (number or customer), ``operator open``
  (web_read with the form's fields);
- the e-shop: ``e-shop api_submit`` (JSON-2, one client_ref each).
"""

import collections
import itertools
import json
import os
import random
import re
import time

import gevent
from locust import HttpUser, between, events, task

DATA = json.loads(open(os.environ["LOAD_DATA"]).read())
HOSTS = DATA["hosts"]
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
CLAIM_LINK_RE = re.compile(r'href="/my/claims/(\d+)[?"]')
OPEN_CLAIMS = [["state", "in", ["new", "in_progress", "decided"]]]

# what was submitted with success, checked against the database afterwards
SUBMITTED = {"client_refs": [], "emails": []}
# every request's time by kind, failures by kind and message (the driver
# computes the percentiles from these, not from locust's rounded buckets)
TIMES = collections.defaultdict(list)
FAILURES = collections.Counter()
ERRORS = collections.Counter()
SPAN = {}
USER_NUMBERS = itertools.count()
KIND_NUMBERS = {}


@events.init.add_listener
def _remember_environment(environment, **_kwargs):
    SPAN["environment"] = environment


@events.request.add_listener
def _record_request(name, response_time, exception, **_kwargs):
    now = time.time()
    SPAN.setdefault("first", now - response_time / 1000)
    SPAN["last"] = now
    # [seconds from the first request to this one's start, milliseconds]
    TIMES[name].append(
        [round(now - response_time / 1000 - SPAN["first"], 3), response_time]
    )
    if exception:
        FAILURES[name] += 1
        ERRORS[f"{name}: {str(exception)[:300]}"] += 1
    # bounded in requests too (and in time by locust's -t)
    if sum(len(times) for times in TIMES.values()) == DATA["max_requests"]:
        gevent.spawn(SPAN["environment"].runner.quit)


@events.user_error.add_listener
def _record_user_error(user_instance, exception, tb, **_kwargs):
    ERRORS[f"{type(user_instance).__name__} code: {exception!r}"[:300]] += 1


@events.quitting.add_listener
def _write_results(**_kwargs):
    with open(os.environ["LOAD_OUT"], "w") as out:
        json.dump(
            {
                "submitted": SUBMITTED,
                "times": TIMES,
                "failures": FAILURES,
                "errors": ERRORS,
                "seconds": SPAN.get("last", 0) - SPAN.get("first", 0),
            },
            out,
        )


class LoadUser(HttpUser):
    """Spreads the users over the servers' URLs (round robin)."""

    abstract = True
    host = HOSTS[0]

    def __init__(self, environment):
        self.number = next(USER_NUMBERS)
        # the how-manieth user of its kind: its login, invoice
        self.index = next(
            KIND_NUMBERS.setdefault(type(self).__name__, itertools.count())
        )
        # each kind spread evenly over the servers
        self.host = HOSTS[self.index % len(HOSTS)]
        super().__init__(environment)

    @staticmethod
    def json(response):
        try:
            return response.json()
        except ValueError:
            response.failure(
                f"not JSON ({response.status_code}): {response.text[:200]}"
            )
            return {}

    def csrf(self, response):
        match = CSRF_RE.search(response.text)
        if not match:
            response.failure("no CSRF token on the page")
            return None
        return match.group(1)


class PortalCustomer(LoadUser):
    """A portal contact of a customer with claims: lists them, opens one,
    sometimes writes a short reply on its page."""

    weight = 40
    wait_time = between(3, 10)

    def on_start(self):
        self.login = DATA["portal_logins"][self.index % len(DATA["portal_logins"])]
        self.claim_ids = []
        with self.client.get(
            "/web/login", name="portal login form", catch_response=True
        ) as response:
            token = self.csrf(response)
        with self.client.post(
            "/web/login",
            data={
                "login": self.login,
                "password": self.login,
                "csrf_token": token,
                "redirect": "/my/claims",
            },
            name="portal login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 303 or "/web/login" in response.headers.get(
                "Location", ""
            ):
                response.failure(f"login refused ({response.status_code})")
        self.list_claims()

    @task(3)
    def list_claims(self):
        with self.client.get(
            "/my/claims", name="portal /my/claims", catch_response=True
        ) as response:
            ids = CLAIM_LINK_RE.findall(response.text)
            if not ids:
                response.failure("no claim on the list")
            self.claim_ids = ids or self.claim_ids

    def open_page(self):
        if not self.claim_ids:
            return None, None
        claim_id = random.choice(self.claim_ids)
        with self.client.get(
            f"/my/claims/{claim_id}", name="portal claim page", catch_response=True
        ) as response:
            if 'action="/my/claims/' not in response.text:
                response.failure("no reply form on the claim page")
                return claim_id, None
            return claim_id, self.csrf(response)

    @task(2)
    def open_claim(self):
        self.open_page()

    @task(1)
    def reply(self):
        claim_id, token = self.open_page()
        if not token:
            return
        with self.client.post(
            f"/my/claims/{claim_id}/reply",
            data={"csrf_token": token, "message": "Any news about my claim?"},
            name="portal reply",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 303 or "success=replied" not in (
                response.headers.get("Location", "")
            ):
                response.failure(f"reply refused ({response.status_code})")


class Visitor(LoadUser):
    """A consumer without an account: opens the public form, finds the
    document by its number and e-mail, files a claim (a distinct e-mail
    each time, from the visitor's own network address behind the proxy)."""

    weight = 20
    wait_time = between(3, 10)

    def on_start(self):
        self.sent = 0
        # a network address of its own, as a proxy forwards it
        self.headers = {
            "X-Forwarded-For": f"10.77.{self.number // 250}.{self.number % 250 + 1}",
            "X-Forwarded-Host": self.host.split("//", 1)[1],
        }

    @task
    def file_claim(self):
        public = DATA["public"]
        with self.client.get(
            "/claims/new", name="public form", headers=self.headers, catch_response=True
        ) as response:
            token = self.csrf(response)
        if not token:
            return
        document = {
            "document_number": public["document_number"],
            "document_email": public["document_email"],
            "zip_code": "",
        }
        with self.client.post(
            "/claims/new",
            data={"csrf_token": token, "step": "lookup", **document},
            name="public lookup",
            headers=self.headers,
            catch_response=True,
        ) as response:
            if f"qty_{public['line_key']}" not in response.text:
                response.failure(f"document not found ({response.status_code})")
                return
        self.sent += 1
        email = f"load-{DATA['stamp']}-{self.number}-{self.sent}@example.com"
        with self.client.post(
            "/claims/new",
            data=[
                ("csrf_token", token),
                ("step", "submit"),
                *document.items(),
                (f"qty_{public['line_key']}", "1"),
                ("claim_type_id", str(public["claim_type_id"])),
                ("reason_id", str(public["reason_id"])),
                ("description", "The kettle stopped heating after a week."),
                ("contact_name", f"Load Visitor {self.number}"),
                ("contact_email", email),
                ("contact_phone", "+420 601 123 456"),
                ("website_url", ""),
                *(("consent_ids", str(clause)) for clause in public["consent_ids"]),
            ],
            name="public submit",
            headers=self.headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 303 and response.headers.get(
                "Location", ""
            ).endswith("/claims/sent"):
                SUBMITTED["emails"].append(email)
            else:
                error = re.search(r"alert-danger[^>]*>\s*([^<]{0,200})", response.text)
                response.failure(
                    f"claim refused ({response.status_code}): "
                    + (error.group(1).strip() if error else "")
                )


class Operator(LoadUser):
    """A claims operator in the backend: the list of open claims, searches
    in it, opens a claim (the calls the web client makes)."""

    weight = 30
    wait_time = between(2, 6)

    def on_start(self):
        self.login = DATA["operator_logins"][self.index % len(DATA["operator_logins"])]
        self.claim_ids = []
        self.web_context = {}
        with self.client.post(
            "/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "params": {
                    "db": DATA["database"],
                    "login": self.login,
                    "password": self.login,
                },
            },
            name="operator login",
            catch_response=True,
        ) as response:
            result = self.json(response).get("result")
            if not result:
                response.failure(f"login refused: {response.text[:200]}")
                return
            self.web_context = dict(
                DATA["context"],
                uid=result["uid"],
                allowed_company_ids=[result["user_companies"]["current_company"]],
            )
        self.list_claims()

    def call_kw(self, method, name, args, kwargs):
        with self.client.post(
            f"/web/dataset/call_kw/claim.claim/{method}",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": "claim.claim",
                    "method": method,
                    "args": args,
                    "kwargs": dict(kwargs, context=self.web_context),
                },
            },
            name=name,
            catch_response=True,
        ) as response:
            body = self.json(response)
            if not body:
                return None
            if "error" in body:
                error = body["error"].get("data") or body["error"]
                response.failure(f"{error.get('name')}: {error.get('message')}")
                return None
            return body["result"]

    def search(self, domain, name):
        result = self.call_kw(
            "web_search_read",
            name,
            [],
            {
                "specification": DATA["list_spec"],
                "domain": domain,
                "offset": 0,
                "limit": 80,
                "order": "",
                "count_limit": 10001,
            },
        )
        if result and result["records"]:
            self.claim_ids = [record["id"] for record in result["records"]]

    @task(3)
    def list_claims(self):
        self.search(OPEN_CLAIMS, "operator list")

    @task(2)
    def search_claims(self):
        if random.random() < 0.5:
            term = ["name", "ilike", random.choice(DATA["numbers"])]
        else:
            term = ["partner_id", "child_of", random.choice(DATA["customers"])]
        self.search([*OPEN_CLAIMS, term], "operator search")

    @task(3)
    def open_claim(self):
        if self.claim_ids:
            self.call_kw(
                "web_read",
                "operator open",
                [[random.choice(self.claim_ids)]],
                {"specification": DATA["form_spec"]},
            )


class EShop(LoadUser):
    """The e-shop's integration: files claims over JSON-2 (api_submit) from
    its own invoice, each with its own client_ref."""

    weight = 10
    wait_time = between(1, 3)

    def on_start(self):
        self.sent = 0
        invoices = DATA["eshop_invoices"]
        self.invoice, self.codes = invoices[self.index % len(invoices)]

    @task
    def submit(self):
        self.sent += 1
        client_ref = f"load-{DATA['stamp']}-{self.number}-{self.sent}"
        with self.client.post(
            "/json/2/claim.claim/api_submit",
            json={
                "document": self.invoice,
                "document_type": "invoice",
                "lines": [
                    {
                        "default_code": self.codes[self.sent % len(self.codes)],
                        "quantity": 1,
                    }
                ],
                "client_ref": client_ref,
                "description": "The product broke after a week.",
                "consent_ids": DATA["api_consent_ids"],
            },
            headers={
                "Authorization": f"bearer {DATA['api_key']}",
                "X-Odoo-Database": DATA["database"],
            },
            name="e-shop api_submit",
            catch_response=True,
        ) as response:
            if response.status_code == 200 and self.json(response).get("created"):
                SUBMITTED["client_refs"].append(client_ref)
            else:
                response.failure(f"{response.status_code}: {response.text[:300]}")
