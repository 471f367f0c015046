"""Prometheus as an operator sees it: /metrics only on the internal listener, every target
scraped, /error requests in its counters within a few scrape intervals, counters that
never go backwards when gunicorn replaces its workers."""

import os
import re
import signal
import urllib.error
import urllib.request

from stacks.runner import proctree
from tests.integration import lab
from tests.production.helpers import counted, healthy, program, prometheus, scrape, wait_for

SCRAPE_SECONDS = float(
    re.search(r"scrape_interval: (\d+)s", (lab.ROOT / "stacks/production/prometheus.yml").read_text()).group(1)
)
JOBS = {"hello", "nginx", "redis", "prometheus"}


def test_public_port_does_not_serve_metrics(production):
    for path in ("/metrics", "//metrics", "/%6Detrics", "/metrics?format=text", "/./metrics"):
        status, _, body = production.request(path)
        assert status == 404 and b"hello_requests_total" not in body, (path, status, body[:200])


def test_scrape_listener_serves_metrics_and_nothing_else(production):
    status, _, text = scrape(production)
    assert status == 200 and "# TYPE hello_requests_total counter" in text
    with urllib.request.urlopen(f"http://127.0.0.1:{production.state.ports['scrape_port']}/stub_status") as answer:
        assert b"Active connections" in answer.read()
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{production.state.ports['scrape_port']}/", timeout=10)
        raise AssertionError("the scrape listener served /")
    except urllib.error.HTTPError as refused:
        assert refused.code == 404


def test_prometheus_scrapes_every_target(production):
    def all_up():
        targets = prometheus(production).targets()
        return {t["job"] for t in targets} == JOBS and all(t["health"] == "up" for t in targets)

    assert wait_for(all_up, seconds=6 * SCRAPE_SECONDS), prometheus(production).targets()
    assert "prometheus: http://localhost:" in production.output  # the run summary names its UI


def test_error_requests_reach_prometheus_counters_within_a_few_scrapes(production):
    api = prometheus(production)
    assert wait_for(lambda: api.scalar("sum(up)") == len(JOBS), seconds=6 * SCRAPE_SECONDS), api.targets()
    requests = 'sum(hello_requests_total{route="/error"})'
    errors = 'sum(hello_requests_total{route="/error", status=~"5.."})'
    before_requests, before_errors = api.scalar(requests, 0.0), api.scalar(errors, 0.0)
    for number in range(5):
        assert production.request(f"/error?id=prometheus-{number}")[0] == 500
    # A scrape every SCRAPE_SECONDS: the next one or two carry them (a busy machine may delay one).
    seen = wait_for(lambda: api.scalar(errors, 0.0) - before_errors >= 5, seconds=4 * SCRAPE_SECONDS, interval=0.5)
    assert seen, (before_errors, api.scalar(errors), api.targets())
    assert api.scalar(requests, 0.0) - before_requests >= 5
    rate = 'sum(route:hello_request_errors:rate1m{route="/error"})'
    assert wait_for(lambda: (api.scalar(rate) or 0.0) > 0, seconds=6 * SCRAPE_SECONDS, interval=0.5)


def test_counters_never_go_backwards_when_workers_are_replaced(production):
    for _ in range(10):
        assert production.request("/json")[0] == 200
    before = counted(production)
    master = program(production, "gunicorn")["pid"]
    old = set(proctree.descendants(master))
    for worker in old:
        os.kill(worker, signal.SIGTERM)
    assert wait_for(lambda: len(set(proctree.descendants(master)) - old) == len(old), seconds=60)
    assert wait_for(lambda: healthy(production), seconds=30)
    assert counted(production) >= before + 1  # the gone workers' counts, and the health check
    folder = production.run / "var" / "metrics"  # child_exit folded the gone workers' files into the archive
    assert wait_for(
        lambda: not [p.name for p in folder.glob("*.db") if int(p.stem.split("_")[-1].replace("archive", "0")) in old],
        seconds=10,
    ), sorted(p.name for p in folder.glob("*.db"))
    api = prometheus(production)
    assert wait_for(lambda: api.scalar("max(timestamp(up{job='hello'}))", 0) > 0, seconds=10)
    # A counter that dropped would be a reset in Prometheus' eyes: none happened.
    resets = api.scalar("sum(resets(hello_requests_total[10m]))", 0.0)
    assert resets == 0, resets
    # Leave the stack as found: a scrape during the replacement may have failed; the next one works.
    assert wait_for(lambda: all(t["health"] == "up" for t in api.targets()), seconds=6 * SCRAPE_SECONDS)
