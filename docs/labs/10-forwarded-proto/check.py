"""Lab 10: behind TLS termination the app knows the client used https (X-Forwarded-Proto)."""

import json

from checking import request

STACK = "production"


def check(checks, url, state) -> None:
    status, _, body = request(url + "/env", cafile=state.cafile)
    try:
        client = json.loads(body)["client"]
    except (ValueError, KeyError):
        checks.expect(False, "GET /env answers the request environment", f"got {status} {body[:60]!r}")
        return
    checks.expect(client.get("scheme") == "https", "the app sees the client's scheme: https",
                  f"/env says client {client}")
