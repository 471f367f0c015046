"""The fleet's network: a namespace per host, a bridge in a namespace of its own.

    root namespace ── ilab-root (198.18.0.1/24) ─┐
                                                 ├─ ilab-br0 (in namespace ilab-bridge)
    ilab-app1: eth0 (198.18.0.11/24) ────────────┘   ...one port per host

No host namespace gets a default route: a host reaches only the fleet's subnet.
The root namespace reaches the subnet through its one link, and an
``unreachable`` route for the whole of 198.18.0.0/15 sits behind that specific
route, so even with the link or the bridge down no packet for these addresses
can follow the machine's default route out. IPv6 is off on every fleet link.
"""

from fleet import paths
from fleet.run import in_namespace, run


def _sysctl_no_ipv6(ns: str) -> None:
    in_namespace(ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1")


def make_bridge() -> None:
    run("ip", "netns", "add", paths.BRIDGE_NS)
    _sysctl_no_ipv6(paths.BRIDGE_NS)
    run("ip", "-n", paths.BRIDGE_NS, "link", "add", paths.BRIDGE, "type", "bridge")
    run("ip", "-n", paths.BRIDGE_NS, "link", "set", paths.BRIDGE, "up")
    # The root namespace: the unreachable route first, then the one specific route.
    run("ip", "route", "add", "unreachable", paths.RESERVED)
    run("ip", "link", "add", paths.ROOT_LINK, "type", "veth", "peer", "name", "root", "netns", paths.BRIDGE_NS)
    run("sysctl", "-q", "-w", f"net.ipv6.conf.{paths.ROOT_LINK}.disable_ipv6=1")
    run("ip", "-n", paths.BRIDGE_NS, "link", "set", "root", "master", paths.BRIDGE, "up")
    run("ip", "addr", "add", f"{paths.CONTROLLER}/{paths.PREFIX_LEN}", "dev", paths.ROOT_LINK)
    run("ip", "link", "set", paths.ROOT_LINK, "up")


def make_host(name: str, address: str) -> None:
    ns = paths.namespace(name)
    run("ip", "netns", "add", ns)
    _sysctl_no_ipv6(ns)
    run("ip", "-n", ns, "link", "set", "lo", "up")
    # The bridge's port is named after the host; the host sees its end as eth0.
    run("ip", "-n", paths.BRIDGE_NS, "link", "add", name, "type", "veth", "peer", "name", "eth0", "netns", ns)
    run("ip", "-n", paths.BRIDGE_NS, "link", "set", name, "master", paths.BRIDGE, "up")
    run("ip", "-n", ns, "addr", "add", f"{address}/{paths.PREFIX_LEN}", "dev", "eth0")
    run("ip", "-n", ns, "link", "set", "eth0", "up")


def namespaces() -> list:
    """The fleet's namespaces that exist now (by prefix: never anyone else's)."""
    listing = run("ip", "netns", "list").stdout.split()
    return [word for word in listing if word.startswith(paths.PREFIX)]


def root_route_present() -> bool:
    return paths.RESERVED in run("ip", "route", "show", "type", "unreachable").stdout


def remove() -> list:
    """Remove every namespace, link and route the fleet made; return what was removed."""
    removed = []
    for ns in namespaces():
        for pid in run("ip", "netns", "pids", ns, check=False).stdout.split():
            removed.append(f"process {pid}")  # reported; the caller ends them before this
        run("ip", "netns", "del", ns)
        removed.append(f"namespace {ns}")
    # The root end of the veth goes with its peer when the bridge's namespace is deleted, a moment
    # later: whichever comes first, the link is gone, so a delete that finds none is not a failure.
    if run("ip", "link", "show", paths.ROOT_LINK, check=False).returncode == 0:
        if run("ip", "link", "del", paths.ROOT_LINK, check=False).returncode == 0:
            removed.append(f"link {paths.ROOT_LINK}")
    if root_route_present():
        run("ip", "route", "del", "unreachable", paths.RESERVED)
        removed.append(f"route unreachable {paths.RESERVED}")
    return removed
