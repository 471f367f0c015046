"""Checker for exercise 14: the student's firewall for an app host, tried on the running fleet.

The file is an nftables ruleset for app1. The checker has ``nft -c`` read it, then
replaces app1's rules with it (inside app1's network namespace only), tries every path
that matters with a real TCP connection from the host it starts at, and always puts
app1's own rules back (the file the fleet's role firewall wrote) before it ends.

    sudo python check.py path/to/app-firewall.nft
"""

import os
import socket
import sys
from pathlib import Path

from course.tasks.checking import Checks
from fleet import inventory, network, on_host, paths

NEEDS = "fleet"
HOST = "app1"
OWN_RULES = paths.HOST_MOUNTS["etc"] / "nftables.conf"


def expectations() -> list:
    """(from, port, must connect, what it shows) for every path to app1 that matters."""
    app, metrics = inventory.setting("app_port"), inventory.setting("app_metrics_port")
    return [
        ("lb", app, True, f"the load balancer reaches gunicorn ({HOST}:{app})"),
        ("client", app, False, "client cannot reach gunicorn directly: it would bypass TLS and the load balancer"),
        ("app2", app, False, "another app host cannot reach gunicorn"),
        ("cache", app, False, "the cache host cannot reach gunicorn"),
        ("ops", metrics, True, f"Prometheus on ops still reads the app's /metrics ({HOST}:{metrics})"),
        ("client", metrics, False, "client cannot read /metrics"),
        ("client", 22, True, "SSH from client still works (you can still log in to fix it)"),
    ]


def controller_reaches_ssh(address: str) -> bool:
    """Whether Ansible, on this machine, can still open SSH to the host."""
    try:
        with socket.create_connection((address, 22), timeout=2) as sock:
            return sock.recv(8).startswith(b"SSH-")
    except OSError:
        return False


def try_paths(checks: Checks) -> None:
    address = next(h.address for h in inventory.hosts() if h.name == HOST)
    for source, port, allowed, what in expectations():
        connected = on_host.connects(source, address, port)
        checks.expect(
            connected == allowed, what, f"{source} {'could not connect' if allowed else 'connected'} to {HOST}:{port}"
        )
    checks.expect(
        controller_reaches_ssh(address), "Ansible (this machine) still reaches SSH", f"no SSH banner from {address}:22"
    )


def main(path: str) -> int:
    checks = Checks(f"exercise 14: the firewall of {HOST} in {path}")
    if os.geteuid() != 0:
        return checks.stop("the fleet's hosts are network namespaces: run 'sudo make check EXERCISE=14-firewall-path'")
    if paths.BRIDGE_NS not in network.namespaces():
        return checks.stop("no fleet is running: run 'sudo make fleet-up' first")
    rules = str(Path(path).absolute())
    syntax = on_host.run(HOST, "nft", "-c", "-f", rules)
    if not checks.expect(syntax.returncode == 0, "nft -c accepts the file", syntax.stderr.strip()):
        return checks.finish()
    try:
        loaded = on_host.run(HOST, "sh", "-c", 'nft flush ruleset && nft -f "$1"', "load", rules)
        if checks.expect(loaded.returncode == 0, f"the rules load on {HOST}", loaded.stderr.strip()):
            try_paths(checks)
    finally:
        restored = on_host.run(HOST, "sh", "-c", f"nft flush ruleset && nft -f {OWN_RULES}")
        if restored.returncode != 0:
            print(
                f"warning: {HOST}'s own rules could not be put back ({restored.stderr.strip()}): "
                "'sudo make fleet-up' restores them"
            )
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
