"""The production front survives one greedy client: per-client limits, capped /slow, trusted-only teaching endpoints.

Before these limits, twelve concurrent ``GET /slow?seconds=20`` from one client put
every gunicorn worker to sleep and ``GET /`` failed for about a minute. See
docs/interfaces/production.md, "What it is".
"""

import http.client
import re
import ssl
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from stacks.runner import probe
from tests.integration import lab

PRODUCTION = lab.ROOT / "stacks" / "production"
OUTSIDE = "127.0.0.2"  # another loopback address: a client that is not this machine's trusted one


def seconds_of(path: Path, directive: str) -> float:
    return float(re.search(rf"^\s*{directive}\s*=?\s*(\d+)s?", path.read_text(), re.M).group(1))


def test_the_slow_cap_is_far_below_every_timeout_in_front_of_it():
    cap = tomllib.loads((lab.ROOT / "apps" / "hello" / "config" / "production.toml").read_text())["slow_cap_seconds"]
    proxy_timeout = seconds_of(PRODUCTION / "proxy-app.conf", "proxy_read_timeout")
    worker_timeout = seconds_of(PRODUCTION / "gunicorn_conf.py", "timeout")
    assert cap * 3 <= min(proxy_timeout, worker_timeout), (cap, proxy_timeout, worker_timeout)


def get(stack, path: str, source: str = "127.0.0.1", timeout: float = 40):
    """(status, body) of one GET from ``source`` over a fresh TLS connection."""
    context = ssl.create_default_context(cafile=stack.cafile)
    conn = http.client.HTTPSConnection(
        "127.0.0.1", stack.state.ports["https_port"], timeout=timeout, context=context, source_address=(source, 0)
    )
    return probe.get_over(conn, path, {"Host": "localhost"})


def test_twelve_slow_requests_from_one_client_do_not_take_it_down(production):
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=12) as pool:
        slow = [pool.submit(get, production, "/slow?seconds=20") for _ in range(12)]
        time.sleep(1)  # the attack is in place
        probes = []
        for _ in range(5):
            probes.append(get(production, "/", timeout=5))
            time.sleep(0.3)
        answers = [future.result() for future in slow]
    assert probes == [(200, b"Hello, World!")] * 5, "GET / keeps answering during the attack"
    statuses = sorted(status for status, _ in answers)
    assert set(statuses) <= {200, 429} and statuses.count(200) <= 2, statuses
    assert all(body == b"slept 5 seconds" for status, body in answers if status == 200), "capped at 5 s"
    assert time.monotonic() - started < 20, "nobody waited for the 20 s asked for"


@pytest.mark.parametrize("path", ["/env", "/error?id=outside", "/slow?seconds=1", "/stream?chunks=2"])
def test_teaching_endpoints_are_for_trusted_clients_only(production, path):
    assert get(production, path, source=OUTSIDE)[0] == 403
    assert get(production, "/", source=OUTSIDE) == (200, b"Hello, World!")
    assert get(production, path)[0] in (200, 500), "this machine still reaches the lesson"


def rapid(stack, source: str, count: int) -> list:
    """Statuses of ``count`` GET / sent back to back on one keep-alive connection."""
    context = ssl.create_default_context(cafile=stack.cafile)
    conn = http.client.HTTPSConnection(
        "127.0.0.1", stack.state.ports["https_port"], timeout=10, context=context, source_address=(source, 0)
    )
    statuses = []
    try:
        for _ in range(count):
            conn.request("GET", "/", headers={"Host": "localhost"})
            response = conn.getresponse()
            response.read()
            statuses.append(response.status)
    finally:
        conn.close()
    return statuses


def test_an_outside_client_is_rate_limited_and_this_machine_is_not(production):
    assert 429 in rapid(production, OUTSIDE, 150), "limit_req answers 429 past the burst"
    assert set(rapid(production, "127.0.0.1", 150)) == {200}, "monitoring and benchmarks are not throttled"
