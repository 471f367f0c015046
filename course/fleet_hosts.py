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
PLAY = re.compile(r"^  hosts: (\w+)\n  roles: \[([\w, ]+)\]", re.M)


def hosts() -> list:
    """(host, address, group) in inventory order."""
    rows, group = [], None
    for line in INVENTORY.read_text().splitlines():
        if GROUP.match(line):
            group = GROUP.match(line).group(1)
        elif HOST.match(line):
            rows.append((*HOST.match(line).groups(), group))
    if not rows:
        raise LookupError(f"{INVENTORY}: no host in the form 'name: {{ansible_host: ADDRESS}}'")
    return rows


def roles() -> dict:
    """group -> roles, from the plays of site.yml ('all' for every host)."""
    found: dict = {}
    for group, names in PLAY.findall(SITE.read_text()):
        found.setdefault(group, []).extend(n.strip() for n in names.split(","))
    return found


def table() -> str:
    by_group = roles()
    rows = ["| host | address | group | roles (what Ansible puts there) |", "|---|---|---|---|"]
    for name, address, group in hosts():
        applied = by_group.get("all", []) + by_group.get(group, [])
        rows.append(f"| `{name}` | `{address}` | `{group}` | {', '.join(applied)} |")
    return "\n".join(rows)
