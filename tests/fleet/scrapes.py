"""What the fleet's Prometheus has scraped, asked from the controller (fleet/monitoring.py)."""

import time

from fleet import inventory, monitoring
from stacks.runner.errors import StackError

REQUESTS = 'sum(hello_requests_total{route!="/metrics"})'
# Each series' last scraped value, so a target missing one scrape (gunicorn restarting) does
# not drop out of the sum: what is left is the counters themselves, which never go backwards.
REQUESTS_EVER = 'sum(last_over_time(hello_requests_total{route!="/metrics"}[1m]))'


def expected_targets() -> set:
    """(job, host) for every target the inventory implies."""
    jobs = {"apps": "hello", "lbs": "nginx", "caches": "redis", "monitors": "prometheus"}
    return {(job, h.name) for h in inventory.hosts() for group, job in jobs.items() if group in h.groups}


def targets_once_all_up(seconds: float) -> list:
    """Prometheus' targets once every expected one is up, or as they are at the deadline."""
    api, deadline, found = monitoring.api(), time.monotonic() + seconds, []
    while time.monotonic() < deadline:
        try:
            found = monitoring.targets(api)
        except StackError:  # Prometheus itself not answering yet
            found = []
        if {(job, name) for job, name, _, _ in found} == expected_targets() and all(t[2] == "up" for t in found):
            break
        time.sleep(1)
    return found


def requests_counted_after(moment: float, seconds: float = 30) -> float:
    """The app hosts' request count, from scrapes of every app host made after ``moment`` (time.time())."""
    api, deadline = monitoring.api(), time.monotonic() + seconds
    apps = sum("apps" in h.groups for h in inventory.hosts())
    while True:
        # timestamp() of a bare selector is the scrape's time (of an expression, the query's)
        scraped = api.query('timestamp(up{job="hello"})')
        answered = api.query('up{job="hello"}')
        if len(scraped) == apps and all(at > moment for _, at in scraped) and all(v == 1 for _, v in answered):
            return api.scalar(REQUESTS, 0.0)
        assert time.monotonic() < deadline, f"no fresh scrape of every app host within {seconds} s: {scraped}"
        time.sleep(0.5)


def requests_counted_between(start: float, end: float) -> list:
    """The request count summed over the app hosts, second by second from ``start`` to ``end``."""
    series = monitoring.api().query_range(REQUESTS_EVER, start, end, 1)
    return [value for _, value in series[0][1]] if series else []
