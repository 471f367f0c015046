"""The namespace hosts, read from the inventory in use (the one list of hosts and addresses).

Ansible reads the same file, so the hosts fleet-up makes and the hosts Ansible
configures cannot drift apart.
"""

import ipaddress
from dataclasses import dataclass

import yaml

from fleet import paths


@dataclass(frozen=True)
class Host:
    name: str
    address: str
    groups: tuple


def _walk(group: dict, group_name: str, found: dict) -> None:
    for name, variables in (group.get("hosts") or {}).items():
        address = (variables or {}).get("ansible_host")
        if name in found:
            if address != found[name]["address"]:
                raise SystemExit(
                    f"fleet: error: host {name} has two addresses in the inventory, "
                    f"{found[name]['address']} and {address}: give it one"
                )
            found[name]["groups"].append(group_name)
        else:
            found[name] = {"address": address, "groups": [group_name]}
    for child_name, child in (group.get("children") or {}).items():
        _walk(child or {}, child_name, found)


def hosts(path=None) -> list:
    """Every host of the inventory (the one in use by default); an address outside the
    fleet's subnet, or one two hosts share, is an error."""
    path = path or paths.inventory()
    found: dict = {}
    _walk(yaml.safe_load(path.read_text())["all"], "all", found)
    network = ipaddress.ip_network(paths.NETWORK)
    result = []
    for name, entry in found.items():
        address = entry["address"]
        if not address or ipaddress.ip_address(address) not in network or address == paths.CONTROLLER:
            raise SystemExit(
                f"fleet: error: host {name} in {path}: ansible_host {address!r} is not a host address in {paths.NETWORK} "
                f"({paths.CONTROLLER} is the controller's)"
            )
        if len(paths.namespace(name)) > 15:
            raise SystemExit(
                f"fleet: error: host name {name!r} in {path} is too long (at most {15 - len(paths.PREFIX)} characters)"
            )
        result.append(Host(name, address, tuple(entry["groups"])))
    shared = {h.address for h in result if sum(o.address == h.address for o in result) > 1}
    if shared:
        raise SystemExit(f"fleet: error: {path}: two hosts share the address {min(shared)}: give each its own")
    return result


def setting(key: str):
    """A setting shared by every inventory (fleet/group_vars/all.yml), e.g. site_name."""
    return yaml.safe_load((paths.FLEET / "group_vars" / "all.yml").read_text())[key]
