"""make fleet-deploy / fleet-rollback under a steady load from client: not one request fails,
and Prometheus' request counter, summed over the app hosts, never goes backwards and counts them all."""

import itertools
import json
import time

from fleet import monitoring, results
from tests.fleet import scrapes
from tests.fleet.conftest import curl, fleet_command, site_url
from tests.fleet.load_from_client import steady_load


def releases_served(samples: int = 6) -> set:
    return {json.loads(curl("client", site_url("/health")).stdout).get("release") for _ in range(samples)}


def test_rolling_deploy_and_rollback_lose_no_request(fleet):
    before = releases_served()
    assert len(before) == 1
    began, counted_before = time.time(), monitoring.api().scalar(scrapes.REQUESTS, 0.0)
    with steady_load(rate=20, post_every=5) as deploy_load:
        deployed = fleet_command("deploy", RELEASE="fleet-test-release")
    assert deployed.returncode == 0, deployed.stdout[-3000:] + deployed.stderr[-1000:]
    assert releases_served() == {"fleet-test-release"}
    assert deploy_load["sent"] > 50 and deploy_load["failed"] == 0, deploy_load

    with steady_load(rate=20, post_every=5) as rollback_load:
        rolled = fleet_command("rollback")
    assert rolled.returncode == 0, rolled.stdout[-3000:] + rolled.stderr[-1000:]
    assert releases_served() == before
    assert rollback_load["sent"] > 50 and rollback_load["failed"] == 0, rollback_load

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
    results.record(
        "rollback",
        {"requests": rollback_load["sent"], "failed": rollback_load["failed"], "seconds": rollback_load["seconds"]},
    )
