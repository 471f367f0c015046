"""app1 lost abruptly (its link cut at the bridge): GETs keep succeeding through app2, and app1 rejoins."""

import time

from fleet import paths, results
from fleet.run import run
from tests.fleet.conftest import on
from tests.fleet.load_from_client import steady_load

OUTAGE_SECONDS = 8


def served_by_app1() -> int:
    """Requests app1's gunicorn has logged so far."""
    return on("app1", "cat", "/var/log/interface-lab/gunicorn.log").stdout.count('"GET ')


def test_a_lost_app_host_costs_no_get_and_rejoins(fleet):
    with steady_load(rate=20) as load:
        time.sleep(2)
        run("ip", "-n", paths.BRIDGE_NS, "link", "set", "app1", "down")
        time.sleep(OUTAGE_SECONDS)
        run("ip", "-n", paths.BRIDGE_NS, "link", "set", "app1", "up")
        back, deadline = served_by_app1(), time.monotonic() + 30
        while served_by_app1() == back and time.monotonic() < deadline:
            time.sleep(0.5)
        rejoined = served_by_app1() > back
    assert rejoined, "app1 served nothing within 30 s of its link coming back"
    assert load["failed"] == 0, load
    results.record(
        "lost_host",
        {
            "outage_seconds": OUTAGE_SECONDS,
            "gets": load["sent"],
            "failed_gets": load["failed"],
            "slowest_get_seconds": load["slowest_seconds"],
        },
    )
