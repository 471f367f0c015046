"""Lab 07: the app reaches Redis, its attached resource: /health says so and /counter counts in it."""

import json

from course.tasks.checking import request

STACK = "production"

# The mistake: the stack's own redis.conf with this one change (broken); unchanged, it is the fix.
BREAK = {
    "redis.conf": [
        (
            "unixsocket {{ var }}/redis.sock\n",
            "unixsocket {{ var }}/redis-server.sock\n",
        )
    ]
}


def answer(url: str, path: str, cafile: str) -> tuple:
    status, _, body = request(url + path, cafile=cafile)
    try:
        return status, json.loads(body)
    except ValueError:
        return status, {}


def check(checks, url, state) -> None:
    status, health = answer(url, "/health", state.cafile)
    checks.expect(
        status == 200 and health.get("services", {}).get("redis") == "ok",
        "GET /health answers 200 with redis ok",
        f"got {status} {health}",
    )
    _, first = answer(url, "/counter", state.cafile)
    status, second = answer(url, "/counter", state.cafile)
    counted = isinstance(first.get("counter"), int) and second.get("counter") == first["counter"] + 1
    checks.expect(
        status == 200 and counted and second.get("backend") == "redis",
        "GET /counter counts up by one in Redis",
        f"got {first} then {status} {second}",
    )
