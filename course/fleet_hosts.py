"""The fleet's hosts table for docs/fleet.md: host, address, group, what runs there.

Read from the lab inventory (fleet/inventory/lab/hosts.yml) and the playbook
(fleet/site.yml) with the standard library (``make tables`` runs under the system
Python, without PyYAML): both files keep the simple one-line forms this reads, and
a host or play it cannot read is an error, never a row left out.
"""

import re

from course.facts import ROOT

INVENTORY = ROOT / "fleet" / "inventory" / "lab" / "hosts.yml"
SITE = ROOT / "fleet" / "site.yml"
GROUP = re.compile(r"^    (\w+):\s*$")
HOST = re.compile(r"^        (\w+): \{ansible_host: ([\d.]+)\}\s*$")
PLAY_HOSTS = re.compile(r"^  hosts: (\w+)\s*$")
INLINE_ROLES = re.compile(r"^  roles: \[([\w, ]+)\]\s*$")
ROLE = re.compile(r"^    - (\w+)\s*$")
GROUP_ROLE = re.compile(r"""^    - \{role: (\w+), when: "inventory_hostname in groups\['(\w+)'\]"\}\s*$""")


def hosts() -> list:
    """(host, address, groups) in inventory order; a host in several groups is one row."""
    rows: dict = {}
    group = None
    for line in INVENTORY.read_text().splitlines():
        if GROUP.match(line):
            group = GROUP.match(line).group(1)
        elif HOST.match(line):
            name, address = HOST.match(line).groups()
            if name in rows and rows[name][0] != address:
                raise LookupError(f"{INVENTORY}: host {name} has two addresses, {rows[name][0]} and {address}")
            rows.setdefault(name, (address, []))[1].append(group)
    if not rows:
        raise LookupError(f"{INVENTORY}: no host in the form 'name: {{ansible_host: ADDRESS}}'")
    return [(name, address, groups) for name, (address, groups) in rows.items()]


def roles() -> dict:
    """group -> roles, in the order site.yml applies them ('all' for every host)."""
    found: dict = {}
    play = None
    for line in SITE.read_text().splitlines():
        if PLAY_HOSTS.match(line):
            play = PLAY_HOSTS.match(line).group(1)
        elif INLINE_ROLES.match(line):
            found.setdefault(play, []).extend(n.strip() for n in INLINE_ROLES.match(line).group(1).split(","))
        elif ROLE.match(line):
            found.setdefault(play, []).append(ROLE.match(line).group(1))
        elif GROUP_ROLE.match(line):
            role, group = GROUP_ROLE.match(line).groups()
            found.setdefault(group, []).append(role)
    if not found:
        raise LookupError(f"{SITE}: no play in the forms this reads")
    return found


def table() -> str:
    by_group = roles()
    rows = ["| host | address | groups | roles (what Ansible puts there) |", "|---|---|---|---|"]
    for name, address, groups in hosts():
        applied = by_group.get("all", []) + [role for group in groups for role in by_group.get(group, [])]
        rows.append(f"| `{name}` | `{address}` | {', '.join(f'`{g}`' for g in groups)} | {', '.join(applied)} |")
    return "\n".join(rows)
