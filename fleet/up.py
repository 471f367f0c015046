"""``make fleet-up``: make the namespace hosts (if missing), then let Ansible configure them.

A second run finds the hosts alive, makes nothing, and Ansible reports
``changed=0`` for every host. A host new to the inventory (``FLEET_INVENTORY``,
exercise 15's app3) joins the running fleet: it is made, and the playbook rolls it
in. The time it took is written to the results file.
"""

import os
import subprocess
import sys
import time

from fleet import host, inventory, keys, measure, network, paths, playbook, release, results


def _make_mountpoints() -> None:
    """The empty folders the hosts' private mounts sit on; recorded so fleet-down removes them."""
    made = paths.fleet_dir() / "made-paths"
    for target in [*paths.HOST_MOUNTS.values(), paths.SSHD_PRIVSEP]:
        if not target.exists():
            target.mkdir(mode=0o755, parents=True)
            with made.open("a") as record:
                record.write(f"{target}\n")


def _alive(h) -> bool:
    pid_file = paths.host_dir(h.name) / "sshd.pid"
    return (
        pid_file.exists()
        and (paths.namespace(h.name) in network.namespaces())
        and subprocess.run(["kill", "-0", pid_file.read_text().strip()], capture_output=True).returncode == 0
    )


def make_hosts(hosts) -> str:
    """Make the network and the hosts that are missing; return 'zero' (all made), 'added'
    (hosts new to the inventory joined a running fleet) or '' (everything ran already)."""
    present = network.namespaces()
    from_zero = paths.BRIDGE_NS not in present
    if from_zero and present:
        raise SystemExit("fleet: error: a part of the fleet exists but not all of it runs; run 'make fleet-down' first")
    new = [h for h in hosts if paths.namespace(h.name) not in present]
    if any(not _alive(h) for h in hosts if h not in new):
        raise SystemExit("fleet: error: a part of the fleet exists but not all of it runs; run 'make fleet-down' first")
    if not new:
        return ""
    paths.fleet_dir().mkdir(mode=0o755, parents=True, exist_ok=True)
    _make_mountpoints()
    public_key = keys.controller_key()
    dns = next((h.address for h in hosts if "nameservers" in h.groups), "")
    if from_zero:
        network.make_bridge()
    for h in hosts:  # every host's /etc/hosts names the new ones too
        host.prepare(h, hosts, dns, public_key)
    for h in new:
        network.make_host(h.name, h.address)
        host.start(h)
    keys.write_known_hosts(hosts)
    deadline = time.monotonic() + 30
    for h in new:
        host.wait_for_ssh(h, deadline)
    return "zero" if from_zero else "added"


def tls_files() -> None:
    """The site's certificate from the lab's certificate authority (the production stack's tls.py)."""
    subprocess.run(
        [
            sys.executable,
            str(paths.ROOT / "stacks" / "production" / "tls.py"),
            str(paths.fleet_dir()),
            inventory.setting("site_name"),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def main() -> None:
    started = time.monotonic()
    hosts = inventory.hosts()
    made = make_hosts(hosts)
    tls_files()
    rel = release.build()
    recap = playbook.play("site.yml", *playbook.lab_variables(rel))
    seconds = time.monotonic() - started
    changed = sum(r[1] for r in recap.values())
    key = {"zero": "fleet_up_from_zero_seconds", "": "fleet_up_again_seconds"}.get(
        made, "fleet_up_adding_hosts_seconds"
    )
    results.record(key, round(seconds, 1))
    memory_mib, processes = measure.fleet_memory_mib()
    if made != "added":  # the lab's fleet, not one an exercise grew
        results.record("load_average_during_fleet_up", round(os.getloadavg()[0], 1))  # a busy machine is slower
        results.record("fleet_memory_after_up", {"pss_mib": memory_mib, "processes": processes})
    print(
        f"fleet-up: {len(hosts)} hosts, {changed} changes, {seconds:.0f} s, {memory_mib:.0f} MiB in "
        f"{processes} processes; 'make fleet-status' shows them, 'make fleet-down' removes them"
    )
