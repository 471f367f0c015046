"""Stage ``production``: the fleet's rolling deploy of the artefact, under the fleet tests' load.

The artefact's signature is checked, the tarball put where the fleet's releases live, and
``python -m fleet deploy`` (make fleet-deploy) rolls it over the app hosts one at a time
(``serial: 1``: drained at the balancer, switched, health-checked, put back). The load started
here goes on through the verify stage, which reads and stops it.
"""

import os
import shutil

from ci import artefact, fleet_hosts, production_load
from ci.stages import fail, python, result, run, settings
from fleet import network, paths
from stacks.runner.paths import ROOT


def main() -> None:
    config = settings()
    release_id = os.environ["CI_RELEASE_ID"]
    artefact.checked(ROOT / artefact.FOLDER, release_id)
    if paths.BRIDGE_NS not in network.namespaces():
        fail("no fleet is running: 'make fleet-up' makes production", rolled_out=False)
    releases = paths.fleet_dir() / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / artefact.FOLDER / f"{release_id}.tar.gz", releases / f"{release_id}.tar.gz")
    before = fleet_hosts.releases_served()
    print(f"production: app hosts serve {before}; rolling {release_id} over them under load")
    production_load.start(config.path)
    code = run(python(), "-m", "fleet", "deploy", env={"RELEASE": release_id})
    served = fleet_hosts.releases_served()
    print(f"production: app hosts now serve {served}")
    if code != 0:
        fail(f"the rolling deploy failed (exit {code})", rolled_out=True, previous=sorted(set(before.values())))
    result(rolled_out=True, previous=sorted(set(before.values())), hosts=sorted(served))


if __name__ == "__main__":
    main()
