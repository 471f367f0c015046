"""Lab 03: a 2 MiB upload passes nginx and reaches the app, which echoes it back."""

import os

from checking import request

STACK = "proxy"
BODY = os.urandom(2 << 20)


def check(checks, url, state) -> None:
    status, _, body = request(url + "/echo", "POST", BODY, {"Content-Type": "application/octet-stream"})
    checks.expect((status, body) == (200, BODY), "POST /echo with 2 MiB comes back whole",
                  f"got {status} and {len(body)} bytes")
