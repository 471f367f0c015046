"""Checker for exercise 15: app3 in the student's inventory, rolled into the running fleet.

Reads the student's inventory, then asks the running fleet what a user and an
operator would see: app3 is a host (its namespace and its sshd), requests sent to
the site from client reach app3's gunicorn through the load balancer, the fleet's
DNS knows it, the firewall lets only the load balancer reach its app port, Redis
answers it, and Prometheus scrapes it.

    sudo python check.py path/to/hosts.yml
"""

import json
import os
import secrets
import sys
import time
from pathlib import Path

from course.tasks.checking import Checks
from fleet import inventory, monitoring, network, on_host, paths
from stacks.runner.errors import StackError

NEEDS = "fleet"
NEW = "app3"
REQUESTS = 12  # sent to the site from client: the load balancer spreads them over the app hosts
ACCESS_LOG = paths.HOST_MOUNTS["log"] / "gunicorn.log"


def services(health: str) -> dict:
    """The services a /health answer names, {} when it is not the app's JSON."""
    try:
        return dict(json.loads(health).get("services", {}))
    except (ValueError, AttributeError, TypeError):
        return {}


def served(token: str) -> int:
    """Requests carrying ``token`` that app3's gunicorn has logged."""
    return on_host.run(NEW, "cat", str(ACCESS_LOG)).stdout.count(token)


def through_the_site(checks: Checks) -> None:
    token = secrets.token_hex(6)
    ca = str(paths.fleet_dir() / "tls" / "ca.crt")
    url = f"https://{inventory.setting('site_name')}/?from={token}"
    answers = [
        on_host.run("client", "curl", "-sS", "--max-time", "10", "--cacert", ca, url).stdout for _ in range(REQUESTS)
    ]
    checks.expect(
        answers == ["Hello, World!"] * REQUESTS,
        "the site answers every request from client",
        f"answers: {sorted(set(answers))}",
    )
    checks.expect(
        served(token) > 0,
        f"requests to the site from client reach {NEW} through the load balancer",
        f"{NEW}'s gunicorn logged none of {REQUESTS}: is it in the load balancer's upstream?",
    )


def scraped(address: str, seconds: float = 30) -> str:
    """Prometheus' health of the hello target at ``address`` (waiting for its first scrape)."""
    api, deadline, health = monitoring.api(), time.monotonic() + seconds, "not a target"
    while time.monotonic() < deadline:
        try:
            targets = api.targets()
        except StackError as exc:
            return str(exc)
        health = next(
            (t["health"] for t in targets if t["job"] == "hello" and t["instance"].startswith(address + ":")),
            "not a target",
        )
        if health == "up":
            break
        time.sleep(1)
    return health


def on_the_fleet(checks: Checks, app3) -> None:
    lb = next(h for h in inventory.hosts(paths.INVENTORY) if "lbs" in h.groups)
    app_port = inventory.setting("app_port")
    health = on_host.run(lb.name, "curl", "-sS", "--max-time", "5", f"http://{app3.address}:{app_port}/health").stdout
    checks.expect(
        services(health).get("redis") == "ok",
        f"{NEW}'s /health, asked from the load balancer, says Redis is ok",
        f"it answered {health[:120]!r}",
    )
    through_the_site(checks)
    name = f"{NEW}.{inventory.setting('site_name').split('.', 1)[1]}"
    resolved = on_host.run("client", "getent", "ahostsv4", name).stdout.split()[:1]
    checks.expect(
        resolved == [app3.address],
        f"the fleet's DNS answers {name} with {app3.address}",
        f"client resolved it to {resolved or 'nothing'}",
    )
    checks.expect(
        not on_host.connects("client", app3.address, app_port),
        f"client cannot reach {NEW}'s gunicorn directly (the firewall knows it is an app host)",
    )
    health = scraped(app3.address)
    checks.expect(health == "up", f"Prometheus scrapes {NEW}'s /metrics", f"its target: {health}")


def main(path: str) -> int:
    checks = Checks(f"exercise 15: {NEW} in {path}, rolled into the fleet")
    try:
        hosts = {h.name: h for h in inventory.hosts(Path(path))}
    except SystemExit as exc:
        return checks.stop(f"the inventory does not read: {exc}")
    app3 = hosts.get(NEW)
    if not checks.expect(
        app3 is not None and "apps" in app3.groups,
        f"{NEW} is in the group apps of your inventory",
        f"add it under apps, with an address of its own in {paths.NETWORK}",
    ):
        return checks.finish()
    lab = inventory.hosts(paths.INVENTORY)
    checks.expect(
        all(hosts.get(h.name) == h for h in lab),
        "every host of the lab's inventory is still there, unchanged",
        "compare your copy with fleet/inventory/lab/hosts.yml",
    )
    if os.geteuid() != 0:
        return checks.stop("the fleet's hosts are network namespaces: run 'sudo make check EXERCISE=15-add-app3'")
    if paths.BRIDGE_NS not in network.namespaces():
        return checks.stop("no fleet is running: run 'sudo make fleet-up' first")
    running = (
        paths.namespace(NEW) in network.namespaces()
        and (paths.host_dir(NEW) / "sshd.pid").exists()
        and on_host.run(NEW, "hostname").stdout.strip() == NEW
    )
    if not checks.expect(
        running, f"{NEW} is a host of the running fleet", f"roll it in: sudo make fleet-up FLEET_INVENTORY={path}"
    ):
        return checks.finish()
    on_the_fleet(checks, app3)
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
