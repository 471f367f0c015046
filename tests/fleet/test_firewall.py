"""The security rules (nftables on every host): each allowed path works, each forbidden one does not."""

import pytest

from fleet import inventory, paths
from fleet.on_host import connects


def address(name: str) -> str:
    return next(h.address for h in inventory.hosts() if h.name == name)


ALLOWED = [
    ("lb", "app1", 8000),
    ("lb", "app2", 8000),  # only the load balancer reaches the app port
    ("app1", "cache", 6379),
    ("app2", "cache", 6379),  # only the app hosts reach Redis
    ("client", "lb", 443),
    ("client", "lb", 80),  # the site is public
    ("client", "app1", 22),
    ("client", "cache", 22),  # SSH from client
]
FORBIDDEN = [
    ("client", "app1", 8000),
    ("cache", "app2", 8000),
    ("app1", "app2", 8000),
    ("lb", "cache", 6379),
    ("client", "cache", 6379),
    ("dns", "cache", 6379),
    ("app1", "app2", 22),
    ("lb", "app1", 22),
    ("app2", "lb", 22),  # SSH only from client and controller
    ("client", "ops", 8580),
    ("client", "dns", 80),
]
# The scrape ports: Prometheus on ops only (its own port: who administers the fleet).
SCRAPED = [
    ("app1", "app_metrics_port"),
    ("app2", "app_metrics_port"),
    ("lb", "nginx_exporter_port"),
    ("cache", "redis_exporter_port"),
]
ALLOWED += [("ops", host, inventory.setting(port)) for host, port in SCRAPED]
ALLOWED += [("client", "ops", inventory.setting("prometheus_port"))]
FORBIDDEN += [("client", host, inventory.setting(port)) for host, port in SCRAPED]
FORBIDDEN += [
    ("app2", "app1", inventory.setting("app_metrics_port")),
    ("lb", "ops", inventory.setting("prometheus_port")),
]


@pytest.mark.parametrize("source,target,port", ALLOWED, ids=[f"{s}->{t}:{p}" for s, t, p in ALLOWED])
def test_allowed_path(fleet, source, target, port):
    assert connects(source, address(target), port), f"{source} cannot reach {target}:{port}"


@pytest.mark.parametrize("source,target,port", FORBIDDEN, ids=[f"{s}->{t}:{p}" for s, t, p in FORBIDDEN])
def test_forbidden_path(fleet, source, target, port):
    assert not connects(source, address(target), port), f"{source} reaches {target}:{port}, which the rules forbid"


def test_the_controller_reaches_ssh_but_not_the_app_port(fleet):
    import socket

    with socket.create_connection((address("app1"), 22), timeout=2) as sock:
        assert sock.recv(8).startswith(b"SSH-")
    with pytest.raises(OSError):
        socket.create_connection((address("app1"), 8000), timeout=1.5).close()
    assert paths.CONTROLLER not in (address("lb"),)
