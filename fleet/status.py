"""``make fleet-status``: every host with its address, its programs, the site's health, and
what Prometheus sees of its targets."""

from fleet import inventory, monitoring, network, on_host, paths
from stacks.runner.errors import StackError


def _programs(name: str) -> str:
    conf = paths.HOST_MOUNTS["etc"] / "supervisord.conf"
    result = on_host.run(name, "/usr/bin/test", "-e", str(conf))
    if result.returncode != 0:
        return "no supervisord yet"
    from fleet.playbook import ansible_bin

    result = on_host.run(name, ansible_bin("supervisorctl"), "-c", str(conf), "status")
    lines = [line.split()[:2] for line in result.stdout.splitlines() if line.strip()]
    return ", ".join(f"{p} {s}" for p, s in lines) or result.stderr.strip()


def site_health() -> str:
    """The site's /health, fetched from the client host by name (through the fleet's DNS) over TLS."""
    result = on_host.run(
        "client",
        "curl",
        "-sS",
        "--max-time",
        "5",
        "--cacert",
        str(paths.fleet_dir() / "tls" / "ca.crt"),
        "https://" + inventory.setting("site_name") + "/health",
    )
    return result.stdout.strip() or result.stderr.strip()


def main() -> None:
    present = set(network.namespaces())
    if paths.BRIDGE_NS not in present:
        print("fleet-status: no fleet is running; 'make fleet-up' makes it")
        return
    for h in inventory.hosts():
        if paths.namespace(h.name) not in present:
            print(f"{h.name:7} {h.address:14} missing")
            continue
        print(f"{h.name:7} {h.address:14} {_programs(h.name)}")
    print(f"https://{inventory.setting('site_name')}/health from client: {site_health()}")
    if monitoring.monitor():
        print(target_health())


def target_health() -> str:
    """Prometheus' view: how many targets answer its scrapes, then each one."""
    prometheus = monitoring.api()
    try:
        targets = monitoring.targets(prometheus)
    except StackError as exc:
        return f"prometheus on {monitoring.monitor().name}: {exc}"
    up = sum(health == "up" for _, _, health, _ in targets)
    lines = [f"prometheus on {monitoring.monitor().name} ({prometheus.url}/): {up} of {len(targets)} targets up"]
    lines += [f"  {job:11} {name:7} {health}{'  ' + error if error else ''}" for job, name, health, error in targets]
    return "\n".join(lines)
