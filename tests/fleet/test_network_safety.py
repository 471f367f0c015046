"""DESIGN.md's network safety rule, asserted on the running fleet."""

import ipaddress
import json

from fleet import inventory, paths
from fleet.run import run
from tests.fleet.conftest import on

RESERVED = ipaddress.ip_network(paths.RESERVED)


def test_no_host_namespace_has_a_default_route(fleet):
    for host in inventory.hosts():
        routes = json.loads(run("ip", "-n", paths.namespace(host.name), "-j", "route", "show", "table", "all").stdout)
        destinations = {r["dst"] for r in routes if r.get("type", "unicast") == "unicast" and r.get("table") != "local"}
        assert destinations == {paths.NETWORK}, f"{host.name} routes to {destinations}"
        assert run("ip", "-n", paths.namespace(host.name), "-6", "route", "show", "default").stdout == ""


def test_every_address_of_a_host_is_in_the_reserved_range(fleet):
    for host in inventory.hosts():
        links = json.loads(run("ip", "-n", paths.namespace(host.name), "-j", "addr", "show").stdout)
        addresses = [a["local"] for link in links if link["ifname"] != "lo" for a in link.get("addr_info", [])]
        assert addresses == [host.address]
        assert ipaddress.ip_address(host.address) in RESERVED


def test_the_bridge_lives_in_a_namespace_of_its_own(fleet):
    bridges = json.loads(run("ip", "-n", paths.BRIDGE_NS, "-j", "link", "show", "type", "bridge").stdout)
    assert [b["ifname"] for b in bridges] == [paths.BRIDGE]
    assert paths.BRIDGE not in run("ip", "link", "show").stdout  # not in the root namespace
    # the bridge's namespace has no address and no route at all
    assert run("ip", "-n", paths.BRIDGE_NS, "-4", "route", "show").stdout == ""


def test_root_namespace_has_one_specific_route_and_the_unreachable_range_behind_it(fleet):
    routes = json.loads(run("ip", "-j", "route", "show").stdout)
    fleet_routes = [r for r in routes if r["dst"] != "default" and ipaddress.ip_network(r["dst"]).subnet_of(RESERVED)]
    assert {(r["dst"], r.get("type", "unicast"), r.get("dev")) for r in fleet_routes} == {
        (paths.NETWORK, "unicast", paths.ROOT_LINK),
        (paths.RESERVED, "unreachable", None),
    }
    # an address of the range outside the fleet's subnet goes nowhere
    lookup = run("ip", "route", "get", "198.19.255.1", check=False)
    assert lookup.returncode != 0 and "no route to host" in lookup.stderr.lower()


def test_with_the_link_down_nothing_for_the_range_leaves_the_machine(fleet):
    run("ip", "link", "set", paths.ROOT_LINK, "down")
    try:
        lookup = run("ip", "route", "get", "198.18.0.11", check=False)
        assert lookup.returncode != 0 and "no route to host" in lookup.stderr.lower(), lookup.stdout
    finally:
        run("ip", "link", "set", paths.ROOT_LINK, "up")


def test_each_host_has_its_own_hostname_and_folders(fleet):
    for host in inventory.hosts():
        assert on(host.name, "hostname").stdout.strip() == host.name
        marker = on(host.name, "cat", "/etc/interface-lab/ssh/sshd_config").stdout
        assert f"ListenAddress {host.address}" in marker
