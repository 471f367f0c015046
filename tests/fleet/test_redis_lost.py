"""Redis lost (the cache host's link cut): the apps degrade as on one box, and recover."""

import json
import time

from fleet import paths
from fleet.run import run
from tests.fleet.conftest import curl, site_url


def status_and_body(path: str) -> tuple:
    result = curl("client", "-w", "\\n%{http_code}", site_url(path))
    body, _, status = result.stdout.rpartition("\n")
    return status, body


def test_without_redis_health_says_so_and_the_site_still_answers(fleet):
    run("ip", "-n", paths.BRIDGE_NS, "link", "set", "cache", "down")
    try:
        status, body = status_and_body("/health")
        assert status == "503" and json.loads(body)["services"]["redis"].startswith("down"), body
        status, body = status_and_body("/counter")
        assert status == "503" and json.loads(body)["error"] == "redis unavailable", body
        assert status_and_body("/") == ("200", "Hello, World!")
    finally:
        run("ip", "-n", paths.BRIDGE_NS, "link", "set", "cache", "up")
    deadline = time.monotonic() + 30
    while status_and_body("/health")[0] != "200" and time.monotonic() < deadline:
        time.sleep(0.5)
    assert status_and_body("/health")[0] == "200"
