"""The fleet's hosts table for docs/fleet.md: host, address, group, what runs there.

Read from the lab inventory (fleet/inventory/lab/hosts.yml) and the playbook
(fleet/site.yml), both loaded as YAML the way Ansible reads them; a host without
an address or a play this cannot place is an error, never a row left out.
"""

import re

import yaml

from course.facts import ROOT

INVENTORY = ROOT / "fleet" / "inventory" / "lab" / "hosts.yml"
SITE = ROOT / "fleet" / "site.yml"
IN_GROUP = re.compile(r"^inventory_hostname in groups\['(\w+)'\]$")  # a role's ``when`` limiting it to one group


def hosts() -> list:
    """(host, address, groups) in inventory order; a host in several groups is one row."""
    rows: dict = {}
    for group, members in yaml.safe_load(INVENTORY.read_text())["all"]["children"].items():
        for name, variables in (members.get("hosts") or {}).items():
            address = variables["ansible_host"]
            if name in rows and rows[name][0] != address:
                raise LookupError(f"{INVENTORY}: host {name} has two addresses, {rows[name][0]} and {address}")
            rows.setdefault(name, (address, []))[1].append(group)
    if not rows:
        raise LookupError(f"{INVENTORY}: no host with an ansible_host")
    return [(name, address, groups) for name, (address, groups) in rows.items()]


def roles() -> dict:
    """group -> roles, in the order site.yml applies them ('all' for every host)."""
    found: dict = {}
    for play in yaml.safe_load(SITE.read_text()):
        for role in play.get("roles", []):
            if isinstance(role, str):
                found.setdefault(play["hosts"], []).append(role)
                continue
            limited = IN_GROUP.match(role.get("when", ""))
            if role.get("when") and not limited:
                raise LookupError(
                    f"{SITE}: role {role['role']} runs when {role['when']!r}: not a group this table shows"
                )
            found.setdefault(limited.group(1) if limited else play["hosts"], []).append(role["role"])
    if not found:
        raise LookupError(f"{SITE}: no play with roles")
    return found


def table() -> str:
    by_group = roles()
    rows = ["| host | address | groups | roles (what Ansible puts there) |", "|---|---|---|---|"]
    for name, address, groups in hosts():
        applied = by_group.get("all", []) + [role for group in groups for role in by_group.get(group, [])]
        rows.append(f"| `{name}` | `{address}` | {', '.join(f'`{g}`' for g in groups)} | {', '.join(applied)} |")
    return "\n".join(rows)
