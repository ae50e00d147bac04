"""Screenshots of each role's main screen, at 1440 and 390 px, for the README.

Needs a running `make run` server with its demo data and Chromium; run
``python3 tools/screenshots.py --url http://localhost:8069 --db claims``.
Logs in as each demo user (JSON-RPC /web/session/authenticate), then drives
headless Chromium through the DevTools protocol (websocket-client).
"""

import argparse
import base64
import json
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket

# (file name, login, path[, CSS selectors clicked one after the other]): the
# screen each role starts its day on
SHOTS = [
    (
        "manager_dashboard",
        "manager",
        "/odoo/action-claim_management.claim_dashboard_action",
    ),
    ("operator_claims_list", "operator", "/odoo/claims"),
    (
        "operator_new_claim_wizard",
        "operator",
        "/odoo/action-claim_management.claim_action_claimable_invoices",
        [
            ".o_list_view .o_data_row td.o_data_cell",
            "button[name=action_open_claim_wizard]",
        ],
    ),
    ("technician_claims_kanban", "technician", "/odoo/claims?view_type=kanban"),
    ("technician_claim_form", "technician", "/odoo/claims/{my_claim}"),
    (
        "warehouse_packed_delivery",
        "warehouse",
        "/odoo/action-stock.action_picking_tree_all/{packed_delivery}",
    ),
    (
        "accountant_credit_notes",
        "accountant",
        "/odoo/action-account.action_move_out_refund_type",
    ),
    ("portal_claims", "portal_b2b", "/my/claims"),
    ("visitor_public_form", "visitor", "/claims/new"),
]
# records named in the paths, searched as the user: (model, domain)
RECORDS = {
    "my_claim": ("claim.claim", [["user_id", "=", "uid"]]),
    "packed_delivery": (
        "stock.picking",
        [["packer_id", "=", "uid"], ["picking_type_code", "=", "outgoing"]],
    ),
}
WIDTHS = {"1440": (1440, 900, False), "390": (390, 844, True)}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def session_id(base_url, db, login):
    request = urllib.request.Request(
        f"{base_url}/web/session/authenticate",
        data=json.dumps(
            {"jsonrpc": "2.0", "params": {"db": db, "login": login, "password": login}}
        ).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        body = json.loads(response.read())
        if body.get("error"):
            raise RuntimeError(f"{login}: {body['error']['data']['message']}")
        for header in response.headers.get_all("Set-Cookie"):
            if header.startswith("session_id="):
                return header.split(";", 1)[0].split("=", 1)[1], body["result"]["uid"]
    raise RuntimeError(f"{login}: no session cookie")


def call_kw(base_url, cookie, model, method, args, kwargs=None):
    request = urllib.request.Request(
        f"{base_url}/web/dataset/call_kw",
        data=json.dumps(
            {
                "jsonrpc": "2.0",
                "params": {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": kwargs or {},
                },
            }
        ).encode(),
        headers={"Content-Type": "application/json", "Cookie": f"session_id={cookie}"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        body = json.loads(response.read())
    if body.get("error"):
        raise RuntimeError(f"{model}.{method}: {body['error']['data']['message']}")
    return body["result"]


def resolve_path(base_url, cookie, uid, path):
    """Fill {name} in a path with the id of the first record of RECORDS[name]."""
    values = {}
    for name, (model, domain) in RECORDS.items():
        if "{" + name + "}" in path:
            domain = [
                [field, operator, uid if value == "uid" else value]
                for field, operator, value in domain
            ]
            ids = call_kw(base_url, cookie, model, "search", [domain], {"limit": 1})
            if not ids:
                raise RuntimeError(f"{path}: no {model} matches {domain}")
            values[name] = ids[0]
    return path.format(**values)


def shrink(path):
    """256 colours are plenty for the web client: a third of the size."""
    try:
        from PIL import Image  # noqa: PLC0415 (Pillow comes with Odoo)
    except ImportError:
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT
        )
    small.save(path, optimize=True)


class Browser:
    def __init__(self, chromium):
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="claims-shots-")
        self.process = subprocess.Popen(
            [
                chromium,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--remote-debugging-port={self.port}",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/json/version", timeout=1
                ) as response:
                    url = json.loads(response.read())["webSocketDebuggerUrl"]
                break
            except OSError:
                time.sleep(0.2)
        self.ws = websocket.create_connection(url, timeout=120)
        self.next_id = 0

    def call(self, method, session=None, **params):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        while True:
            answer = json.loads(self.ws.recv())
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})

    def evaluate(self, session, expression):
        result = self.call(
            "Runtime.evaluate", session, expression=expression, returnByValue=True
        )
        return result.get("result", {}).get("value")

    def click(self, session, selector):
        return self.evaluate(
            session,
            f"(() => {{ const el = document.querySelector({json.dumps(selector)});"
            " if (el) { el.click(); } return !!el; })()",
        )

    def wait_ready(self, session):
        # the web client is ready when its action is drawn and nothing loads
        for _ in range(120):
            time.sleep(0.5)
            ready = self.evaluate(
                session,
                "document.readyState === 'complete' && "
                "(!document.querySelector('.o_web_client') || "
                "(!!document.querySelector('.o_action_manager .o_action') && "
                "!document.querySelector('.o_loading_indicator, .o_view_sample_data')))",
            )
            if ready:
                break
        time.sleep(1.5)

    def shot(self, base_url, cookie, path, clicks, size, target):
        width, height, mobile = size
        context = self.call("Target.createBrowserContext")["browserContextId"]
        target_id = self.call(
            "Target.createTarget", url="about:blank", browserContextId=context
        )["targetId"]
        session = self.call("Target.attachToTarget", targetId=target_id, flatten=True)[
            "sessionId"
        ]
        self.call("Network.enable", session)
        host = base_url.split("//", 1)[1].split(":")[0].split("/")[0]
        self.call(
            "Network.setCookie",
            session,
            name="session_id",
            value=cookie,
            domain=host,
            path="/",
        )
        self.call(
            "Emulation.setDeviceMetricsOverride",
            session,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )
        if mobile:
            self.call(
                "Emulation.setUserAgentOverride",
                session,
                userAgent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) "
                "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 "
                "Safari/604.1 Chrome/120.0",
            )
        self.call("Page.enable", session)
        self.call("Page.navigate", session, url=base_url + path)
        self.wait_ready(session)
        for selector in clicks:
            if not self.click(session, selector):
                # on phones the header buttons wait in a dropdown
                self.click(session, ".o_statusbar_buttons button[title=More]")
                self.wait_ready(session)
                if not self.click(session, selector):
                    raise RuntimeError(f"{target.name}: nothing matches {selector}")
            self.wait_ready(session)
        data = self.call("Page.captureScreenshot", session, format="png")["data"]
        target.write_bytes(base64.b64decode(data))
        shrink(target)
        self.call("Target.closeTarget", targetId=target_id)
        self.call("Target.disposeBrowserContext", browserContextId=context)

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="claims")
    parser.add_argument(
        "--out", default=str(pathlib.Path(__file__).parents[1] / "docs" / "screenshots")
    )
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--only", help="shoot the names containing this text")
    parser.add_argument(
        "--extra",
        nargs=3,
        action="append",
        metavar=("NAME", "LOGIN", "PATH"),
        help="one more screen to shoot",
    )
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    shots = list(SHOTS) + [tuple(extra) for extra in args.extra or []]
    if args.only:
        shots = [shot for shot in shots if args.only in shot[0]]
    browser = Browser(args.chromium)
    try:
        for name, login, path, *clicks in shots:
            # "visitor": no login (a consumer on the public claim form)
            cookie, uid = (
                ("", None)
                if login == "visitor"
                else session_id(args.url, args.db, login)
            )
            path = resolve_path(args.url, cookie, uid, path)
            for suffix, size in WIDTHS.items():
                target = out / f"{name}_{suffix}.png"
                browser.shot(
                    args.url, cookie, path, clicks[0] if clicks else [], size, target
                )
                sys.stdout.write(f"{target}\n")
    finally:
        browser.close()


if __name__ == "__main__":
    main()
