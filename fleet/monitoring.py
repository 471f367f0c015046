"""The fleet's Prometheus, asked from the controller through its HTTP API.

The same client as the production stack's (stacks/production/prometheus_api.py);
only the address differs: the monitoring host's, on its own port, which the
firewall opens to whoever may administer the fleet (the controller among them).
"""

from fleet import inventory
from stacks.production.prometheus_api import Prometheus


def monitor():
    """The inventory's monitoring host, or None for an inventory without one."""
    return next((h for h in inventory.hosts() if "monitors" in h.groups), None)


def api(timeout: float = 5) -> Prometheus:
    host = monitor()
    if host is None:
        raise SystemExit("fleet: error: the inventory has no host in group 'monitors'")
    return Prometheus(f"http://{host.address}:{inventory.setting('prometheus_port')}", timeout=timeout)


def targets(prometheus: Prometheus) -> list:
    """Every scrape target as (job, host name, health, last error), the host named from the inventory."""
    names = {h.address: h.name for h in inventory.hosts()}
    found = [
        (t["job"], names.get(t["instance"].rsplit(":", 1)[0], t["instance"]), t["health"], t["lastError"])
        for t in prometheus.targets()
    ]
    return sorted(found)
