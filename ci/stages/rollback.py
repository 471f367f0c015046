"""Stage ``rollback`` (runs only when production or verify failed): every app host back on the
release it ran before, the same rolling way (``make fleet-rollback``), then checked host by host.

The failed requests verify counted are reported again here, with the release production is
back on: the build ends red either way, and says why.
"""

import os

from ci import fleet_hosts, production_load
from ci.stages import fail, python, result, run, settings


def main() -> None:
    config = settings()
    bad = os.environ["CI_RELEASE_ID"]
    left = production_load.stop(config.path)  # verify stops it; a failed roll leaves it running
    code = run(python(), "-m", "fleet", "rollback")
    served = fleet_hosts.releases_served()
    print(f"rollback: app hosts serve {served}")
    still_bad = sorted(host for host, release in served.items() if release in (bad, ""))
    values = {
        "rolled_back_from": bad,
        "rolled_back_to": sorted(set(served.values())),
        "failed_requests_while_rolling_out": left.get("failed") if left else None,
    }
    if code != 0 or still_bad:
        fail(f"the rollback did not bring back every host (exit {code}; still on {bad} or down: {still_bad})", **values)
    print(
        f"rollback: release {bad} is off every app host; production is back on {', '.join(sorted(set(served.values())))}"
    )
    result(**values)


if __name__ == "__main__":
    main()
