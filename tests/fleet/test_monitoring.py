"""Prometheus on ops, asked through its HTTP API from the controller, as an operator would:
every target the inventory implies is scraped and up, the production stack's rules run,
/metrics is never public, and ``make fleet-status`` shows what Prometheus sees.
(Who may reach the scrape ports: test_firewall.py; counters across a deploy: test_rolling_deploy.py.)"""

import time

from fleet import inventory, monitoring
from tests.fleet.conftest import curl, fleet_command, site_url
from tests.fleet.scrapes import expected_targets, targets_once_all_up

SCRAPE_SECONDS = inventory.setting("scrape_seconds")


def test_prometheus_scrapes_every_host_and_every_target_is_up(fleet):
    found = targets_once_all_up(seconds=12 * SCRAPE_SECONDS)
    assert {(job, name) for job, name, _, _ in found} == expected_targets(), found
    assert all(health == "up" for _, _, health, _ in found), found


def test_the_production_stacks_rules_are_evaluated(fleet):
    """A recording rule of stacks/production/rules/ yields its series from the apps' counters."""
    api, deadline = monitoring.api(), time.monotonic() + 12 * SCRAPE_SECONDS
    while not api.query("route:hello_requests:rate1m") and time.monotonic() < deadline:
        time.sleep(1)
    routes = {labels.get("route") for labels, _ in api.query("route:hello_requests:rate1m")}
    assert "/" in routes, routes


def test_metrics_are_not_served_to_the_public(fleet):
    answer = curl("client", "-s", "-o", "/dev/null", "-w", "%{http_code}", site_url("/metrics"))
    assert answer.stdout == "404"


def test_fleet_status_shows_prometheus_target_health(fleet):
    targets_once_all_up(seconds=12 * SCRAPE_SECONDS)
    status = fleet_command("status", timeout=120)
    assert status.returncode == 0, status.stderr
    total = len(expected_targets())
    assert "prometheus on ops (http://" in status.stdout and f": {total} of {total} targets up" in status.stdout, (
        status.stdout
    )
    for job, name in expected_targets():
        assert any(line.split()[:3] == [job, name, "up"] for line in status.stdout.splitlines()), (
            job,
            name,
            status.stdout,
        )
