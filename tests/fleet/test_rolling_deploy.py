"""make fleet-deploy / fleet-rollback under a steady load from client: not one request fails,
each app host moves from one release to the other once, one host at a time, and Prometheus'
request counter, summed over the app hosts, never goes backwards and counts them all.

Every request is recorded with the host and release that answered it (fleet/deploy_timeline.py):
``make fleet-measure`` keeps them for the rolling-deploy chart on docs/fleet.md."""

import itertools
import json
import time

from fleet import deploy_timeline, monitoring, results
from tests.fleet import scrapes
from tests.fleet.conftest import curl, fleet_command, site_url
from tests.fleet.load_from_client import steady_load


def releases_served(samples: int = 6) -> set:
    return {json.loads(curl("client", site_url("/health")).stdout).get("release") for _ in range(samples)}


def rolled_one_at_a_time(load: dict, old: str, new: str) -> dict:
    """The load's requests with the host and release that answered each; every answer came from an
    app host, each host went from ``old`` to ``new`` once, and never both at the same moment."""
    timeline = deploy_timeline.join(load["requests"])
    unplaced = [row for row in timeline["rows"] if row[3] == 200 and not row[1]]
    assert not unplaced, f"answers no app host logged: {unplaced[:5]}"
    for host in timeline["hosts"]:
        assert deploy_timeline.releases_in_turn(timeline, host) in ([old], [old, new]), host
    # One at a time: a host's time away (its last old answer to its first new one) ends before the next one's begins.
    away = sorted(filter(None, (deploy_timeline.away(timeline, host) for host in timeline["hosts"])))
    assert away and all(back <= gone for (_, back), (gone, _) in itertools.pairwise(away)), away
    return timeline


def test_rolling_deploy_and_rollback_lose_no_request(fleet):
    before = releases_served()
    assert len(before) == 1
    began, counted_before = time.time(), monitoring.api().scalar(scrapes.REQUESTS, 0.0)
    with steady_load(rate=20, post_every=5, record=True) as deploy_load:
        deployed = fleet_command("deploy", RELEASE="fleet-test-release")
    assert deployed.returncode == 0, deployed.stdout[-3000:] + deployed.stderr[-1000:]
    assert releases_served() == {"fleet-test-release"}
    assert deploy_load["sent"] > 50 and deploy_load["failed"] == 0, deploy_load

    with steady_load(rate=20, post_every=5, record=True) as rollback_load:
        rolled = fleet_command("rollback")
    assert rolled.returncode == 0, rolled.stdout[-3000:] + rolled.stderr[-1000:]
    assert releases_served() == before
    assert rollback_load["sent"] > 50 and rollback_load["failed"] == 0, rollback_load
    (old,) = before
    deploy_rows = rolled_one_at_a_time(deploy_load, old, "fleet-test-release")
    rollback_rows = rolled_one_at_a_time(rollback_load, "fleet-test-release", old)

    # Every gunicorn was restarted twice: its counters live on in the metrics folder.
    ended = time.time()
    counted = scrapes.requests_counted_after(ended) - counted_before
    assert counted >= deploy_load["sent"] + rollback_load["sent"], (counted, deploy_load, rollback_load)
    ever = scrapes.requests_counted_between(began, ended)
    assert ever and all(later >= earlier for earlier, later in itertools.pairwise(ever)), ever
    results.record(
        "rolling_deploy",
        {"requests": deploy_load["sent"], "failed": deploy_load["failed"], "seconds": deploy_load["seconds"]},
    )
    results.record("rolling_deploy_requests", deploy_rows)
    results.record(
        "rollback",
        {"requests": rollback_load["sent"], "failed": rollback_load["failed"], "seconds": rollback_load["seconds"]},
    )
    results.record("rollback_requests", rollback_rows)
