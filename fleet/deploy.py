"""``make fleet-deploy`` / ``make fleet-rollback``: the rolling playbook over the running fleet.

A deploy ships the checkout's release (``RELEASE=name`` labels it); a rollback
switches every app host back to the release it ran before, the same way.
"""

from fleet import network, paths, playbook, release


def main(rollback: bool = False) -> None:
    if paths.BRIDGE_NS not in network.namespaces():
        raise SystemExit("fleet: error: no fleet is running; run 'make fleet-up' first")
    rel = release.build()
    extra = ["-e", "rollback=true"] if rollback else []
    recap = playbook.play("deploy.yml", *playbook.lab_variables(rel), *extra)
    what = "rolled back" if rollback else f"deployed release {rel} on"
    print(f"fleet-{'rollback' if rollback else 'deploy'}: {what} {len(recap) - 1} app hosts, one at a time")
