"""``make load WORKERS=N FLEET=1``: locust's workers on the fleet's client hosts really share the users.

The stack's own access log says where requests came from: after a short distributed run
against ``static``, every client host sent some. Under ``make fleet-measure``
(FLEET_RECORD=1) the full comparison runs instead -- locust alone on one client host
against a master with 2 and 4 workers over the client hosts -- and is kept in
benchmarks/results/locust-distributed.json for docs/tuning.md.
"""

import json
import os

from benchmarks.load import distributed, places
from benchmarks.shared.folders import DEFAULT_RESULTS

QUICK = ([2], 4, "3s")  # worker counts, users, duration: bounded and short
FULL = ([0, 2, 4], 64, "10s")


def test_a_distributed_run_on_the_fleet_spreads_users_over_the_client_hosts(fleet):
    place = places.fleet()
    recording = os.environ.get("FLEET_RECORD") == "1"
    found = distributed.compare(*(FULL if recording else QUICK), place)
    for run in found["runs"]:
        assert run["exit_status"] == 0 and run["failures"] == 0 and run["requests"] > 0, run
        from_clients = {host: n for host, n in run["requests_by_host"].items() if host in place.hosts and n}
        expected = set(place.hosts[: run["workers"]]) if run["distributed"] else {place.hosts[0]}
        assert set(from_clients) == expected, run
        # the rest is the runner's own probe of the stack, from the controller
        assert sum(from_clients.values()) >= 0.99 * sum(run["requests_by_host"].values()), run
    if recording:
        (DEFAULT_RESULTS / "locust-distributed.json").write_text(json.dumps(found, indent=2) + "\n")
