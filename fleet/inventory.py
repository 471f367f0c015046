"""The namespace hosts, read from the lab inventory (the one list of hosts and addresses).

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
            found[name]["groups"].append(group_name)
        else:
            found[name] = {"address": address, "groups": [group_name]}
    for child_name, child in (group.get("children") or {}).items():
        _walk(child or {}, child_name, found)


def hosts(path=paths.INVENTORY) -> list:
    """Every host of the inventory; an address outside the fleet's subnet is an error."""
    found: dict = {}
    _walk(yaml.safe_load(path.read_text())["all"], "all", found)
    network = ipaddress.ip_network(paths.NETWORK)
    result = []
    for name, entry in found.items():
        address = entry["address"]
        if not address or ipaddress.ip_address(address) not in network:
            raise SystemExit(f"fleet: error: host {name} in {path}: ansible_host {address!r} is not in {paths.NETWORK}")
        if len(paths.namespace(name)) > 15:
            raise SystemExit(f"fleet: error: host name {name!r} in {path} is too long (at most {15 - len(paths.PREFIX)} characters)")
        result.append(Host(name, address, tuple(entry["groups"])))
    return result


def setting(key: str):
    """A setting shared by every inventory (fleet/group_vars/all.yml), e.g. site_name."""
    return yaml.safe_load((paths.FLEET / "group_vars" / "all.yml").read_text())[key]
