"""The probe: one request whose status and body say the stack is serving.

The same check serves start-up (wait for it with a deadline), ``verify``, the
tests and the benchmarks, so "up" means one thing everywhere.
"""

import http.client
import socket
import ssl
import time
from urllib.parse import urlsplit


def request(url: str, cafile: str = "", method: str = "GET", timeout: float = 5.0, body=None, headers=None):
    """(status, headers, body bytes) for one request to ``url``."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        context = ssl.create_default_context(cafile=cafile or None)
        conn = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=timeout, context=context)
    else:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def get_over(conn: http.client.HTTPConnection, path: str, headers: dict) -> tuple:
    """(status, body) of one GET over ``conn`` (any kind: TCP, TLS, a unix socket); closes it."""
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def check(url: str, status: int, body: str, cafile: str = "") -> str:
    """'' when the probe passes, else a short reason."""
    try:
        got_status, _, got_body = request(url, cafile)
    except (OSError, http.client.HTTPException) as exc:
        return f"{url}: {exc.__class__.__name__}: {exc}"
    if got_status != status:
        return f"{url}: status {got_status}, expected {status}"
    if got_body.decode(errors="replace") != body:
        return f"{url}: body {got_body[:60]!r}, expected {body!r}"
    return ""


def wait(url: str, status: int, body: str, seconds: float, cafile: str = "", still_starting=None) -> str:
    """Poll until the probe passes or the deadline; '' on success, else the last reason.

    ``still_starting`` is called between attempts and may return a reason to
    stop early (a program that already died).
    """
    deadline = time.monotonic() + seconds
    reason = "no attempt made"
    while time.monotonic() < deadline:
        reason = check(url, status, body, cafile)
        if not reason:
            return ""
        if ssl.SSLCertVerificationError.__name__ in reason:
            return reason  # the certificate is served already; waiting will not change it
        if still_starting:
            fatal = still_starting()
            if fatal:
                return fatal
        time.sleep(0.1)
    return f"not healthy after {seconds:.0f}s: {reason}"


def wait_listening(urls: dict, seconds: float) -> str:
    """Wait until every named URL of the manifest accepts connections; '' or which did not.

    The probe proves the app serves; a stack's other services (the production
    stack's error tracker) start beside it and must be reachable too before the
    stack counts as up, or a check run right after start-up finds them refusing.
    """
    deadline = time.monotonic() + seconds
    for name, url in urls.items():
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        while True:
            try:
                socket.create_connection((parts.hostname, port), timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    return f"{name} at {url} did not accept connections within {seconds:g} s"
                time.sleep(0.1)
    return ""
