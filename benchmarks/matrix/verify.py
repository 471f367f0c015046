"""Checking a stack answers correctly before it is timed.

A fast wrong answer is not a result: a stack is measured only when ``/`` and
``/json`` come back with status 200, the exact body, the contract's
Content-Type, and the headers every real HTTP server sends (Server, Date,
Content-Length matching the body). The body of ``/`` is the manifest's probe
body, the same check the runner and the tests use.
"""

import http.client

from stacks.runner import probe
from stacks.runner.manifest import Manifest

JSON_BODY = '{"message": "Hello, World!"}'
EXPECTED = {  # path: (Content-Type, body or None for the manifest's probe body)
    "/": ("text/plain; charset=utf-8", None),
    "/json": ("application/json", JSON_BODY),
}
REQUIRED_HEADERS = ("Server", "Date", "Content-Length")


def _normal(value: str) -> str:
    return "; ".join(part.strip() for part in value.lower().split(";"))


def check_response(path: str, status: int, headers: list, body: bytes, content_type: str, expected: str) -> str:
    """'' when one response is right, else what is wrong with it."""
    if status != 200:
        return f"GET {path}: status {status}, expected 200"
    if body.decode(errors="replace") != expected:
        return f"GET {path}: body {body[:60]!r}, expected {expected!r}"
    found = {name.lower(): value for name, value in headers}
    missing = [h for h in REQUIRED_HEADERS if h.lower() not in found]
    if missing:
        return f"GET {path}: no {', '.join(missing)} header"
    if _normal(found.get("content-type", "")) != _normal(content_type):
        return f"GET {path}: Content-Type {found.get('content-type', '(none)')!r}, expected {content_type!r}"
    if found["content-length"].strip() != str(len(body)):
        return f"GET {path}: Content-Length {found['content-length']!r} but the body has {len(body)} bytes"
    return ""


def verify(stack: Manifest, base_url: str, cafile: str = "") -> str:
    """'' when the stack passes on every path, else the first failure."""
    for path, (content_type, body) in EXPECTED.items():
        expected = body if body is not None else (stack.probe.body if stack.probe.path == "/" else "Hello, World!")
        try:
            status, headers, got = probe.request(base_url + path, cafile)
        except (OSError, http.client.HTTPException) as exc:
            return f"GET {path}: {exc.__class__.__name__}: {exc}"
        reason = check_response(path, status, headers, got, content_type, expected)
        if reason:
            return reason
    return ""


def verify_body(base_url: str, path: str, body: str, cafile: str = "") -> str:
    """'' when GET ``path`` answers 200 with exactly ``body`` (the I/O workload's check)."""
    try:
        status, _, got = probe.request(base_url + path, cafile)
    except (OSError, http.client.HTTPException) as exc:
        return f"GET {path}: {exc.__class__.__name__}: {exc}"
    if status != 200 or got.decode(errors="replace") != body:
        return f"GET {path}: status {status}, body {got[:60]!r}; expected 200 and {body!r}"
    return ""
