"""Webhooks of claims: event types, the signature scheme, the check of the
receiver's address and the HTTP post itself.

Nothing here touches the ORM: the scheduled action (claim.webhook.delivery)
prepares what to send, then hands ``post_event`` to a small thread pool that
only does HTTP, and writes the results back itself.
"""

import hashlib
import hmac
import ipaddress
import socket
import time
from urllib.parse import urlsplit

# (type, label, subscription field): the events a claim emits. A claim moving
# to "decided" emits claim.state_changed and claim.decided; subscriptions
# choose the events they want.
EVENT_TYPES = [
    ("claim.created", "Claim created", "on_created"),
    ("claim.state_changed", "State changed", "on_state_changed"),
    ("claim.decided", "Claim decided", "on_decided"),
    ("claim.resolved", "Claim resolved", "on_resolved"),
    ("claim.closed", "Claim closed", "on_closed"),
    ("claim.message", "Customer message", "on_message"),
    ("claim.document_created", "Document created", "on_document"),
]
EVENT_SELECTION = [(code, label) for code, label, _field in EVENT_TYPES]
EVENT_FIELDS = {code: field for code, _label, field in EVENT_TYPES}
# The state events emitted besides claim.state_changed.
STATE_EVENTS = {
    "decided": "claim.decided",
    "resolved": "claim.resolved",
    "closed": "claim.closed",
}

SIGNATURE_HEADER = "X-Claims-Signature"
USER_AGENT = "OdooClaims-Webhooks/1.0"
# timeout of a delivery, in seconds, for connecting and for each read
TIMEOUT = 5.0
# the start of a receiver's answer kept; the rest is not read
MAX_RESPONSE_BYTES = 4096
ALLOW_PRIVATE_PARAM = "claim_management.webhook_allow_private_hosts"


def sign(secret, timestamp, body):
    """HMAC-SHA256 (hex) of ``timestamp + "." + body`` with ``secret``;
    ``body``: the bytes sent."""
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret, timestamp, body):
    """Value of the signature header: ``t=<unix time>,v1=<hex HMAC>``."""
    return f"t={timestamp},v1={sign(secret, timestamp, body)}"


def parse_allowed_hosts(value):
    """The system parameter's comma list: host names (lower case) and IP
    networks (a single address is a network of one)."""
    names, networks = set(), []
    for item in (value or "").split(","):
        item = item.strip().lower()
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            names.add(item)
    return names, networks


def _is_public(address):
    return address.is_global and not address.is_multicast


def host_is_allowed(host, allowed, resolve=True):
    """Whether ``host`` may receive webhooks: a public address, or a host or
    address the allow list names. With ``resolve``, names are resolved and
    every address they resolve to must be public or allowed; a name that
    does not resolve is refused (it cannot be reached). Returns an error
    text, or None when the host is allowed."""
    host = (host or "").strip("[]").lower()
    names, networks = allowed
    if not host:
        return "no host"
    if host in names:
        return None
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        if host == "localhost" or host.endswith((".localhost", ".local")):
            return f"{host} is a local name"
        if not resolve:
            return None
        try:
            infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except OSError as error:
            return f"{host} does not resolve ({error})"
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    for address in addresses:
        if _is_public(address) or any(address in net for net in networks):
            continue
        return f"{host} resolves to a private, loopback or link-local address"
    return None


def url_error(url, allowed, resolve=True):
    """Why ``url`` may not receive webhooks (an English text for logs and the
    delivery log), or None. HTTPS is required, except for the hosts of the
    allow list (test receivers, a receiver inside the company network)."""
    try:
        parts = urlsplit(url or "")
        host = parts.hostname or ""
        port = parts.port  # raises ValueError on a bad port
    except ValueError:
        return "not a valid URL"
    if parts.scheme not in ("http", "https") or not host or port == 0:
        return "not an http(s) URL"
    if parts.username or parts.password:
        return "credentials in the URL"
    names, networks = allowed
    listed = host in names
    if not listed:
        try:
            listed = any(ipaddress.ip_address(host) in net for net in networks)
        except ValueError:
            listed = False
    if parts.scheme != "https" and not listed:
        return "HTTPS is required"
    return host_is_allowed(host, allowed, resolve=resolve)


def post_event(session, url, body, headers, timeout=TIMEOUT):
    """POST one event (runs in a worker thread: HTTP only, no ORM, no
    cursor). Returns (status code or 0, duration in ms, error text or "").
    Redirects are not followed (they could lead to a private address)."""
    start = time.monotonic()
    try:
        response = session.post(
            url,
            data=body,
            headers=headers,
            timeout=timeout,
            allow_redirects=False,
            stream=True,
        )
        try:
            # read the start of the answer: a short answer read to its end
            # leaves the connection open for the next event (keep-alive)
            snippet = b""
            for chunk in response.iter_content(1024):
                snippet += chunk
                if len(snippet) >= MAX_RESPONSE_BYTES:
                    break
        finally:
            response.close()
        code = response.status_code
        error = ""
        if not 200 <= code < 300:
            text = snippet.decode("utf-8", "replace").strip()[:200]
            error = f"HTTP {code}" + (f": {text}" if text else "")
    except Exception as exc:
        code, error = 0, f"{type(exc).__name__}: {exc}"[:500]
    return code, int((time.monotonic() - start) * 1000), error
