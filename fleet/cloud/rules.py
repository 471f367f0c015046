"""What the fleet's firewall allows, read from the rules the firewall role renders for each host.

The role's template (fleet/roles/firewall/templates/nftables.conf) is rendered by
Ansible itself (fleet/firewall-rules.yml, on the controller, nothing sent to a
host), so the variables and group logic are Ansible's own; each ``accept`` rule
of the input chain then becomes one ``Allowed`` per protocol, port and source.
A rule of a shape this reader does not know is an error, never skipped.
"""

import ipaddress
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from fleet import paths

PLAYBOOK = paths.FLEET / "firewall-rules.yml"
# Lines of the input chain every host has, which a security group does by itself (it is
# stateful, and sees no loopback traffic): nothing to map.
IMPLICIT = {'iif "lo" accept', "ct state established,related accept", "ct state invalid drop"}
_SET = r"\{ [^}]+ \}|\S+"
ACCEPT = re.compile(
    rf"^(?:(?P<proto>tcp|udp) dport|meta l4proto \{{ (?P<protos>[a-z, ]+) \}} th dport) "
    rf"(?P<ports>{_SET}) ip saddr (?P<sources>{_SET}) accept(?: comment \"(?P<comment>[^\"]*)\")?$"
)


class RulesError(Exception):
    """Rules that could not be rendered or read, in one line."""


@dataclass(frozen=True, order=True)
class Allowed:
    """One thing a host's firewall lets in: protocol, port, from this network."""

    host: str
    protocol: str
    port: int
    source: str  # a network in CIDR form (a single address is a /32)
    comment: str = ""

    def key(self) -> tuple:
        return self.host, self.protocol, self.port, self.source


def _items(text: str) -> list:
    return [item.strip() for item in text.strip("{} ").split(",")]


def parse(host: str, text: str) -> list[Allowed]:
    """Every ``Allowed`` of one host's rendered rules."""
    found, chain = [], ""
    for line in (raw.strip() for raw in text.splitlines()):
        if line.startswith("chain "):
            chain = line.split()[1]
            continue
        if chain != "input" or not line or line.startswith(("type ", "}")) or line in IMPLICIT:
            continue
        match = ACCEPT.match(line)
        if not match:
            raise RulesError(f"{host}: a rule this check cannot map: {line!r}")
        protocols = [match["proto"]] if match["proto"] else _items(match["protos"])
        for protocol in protocols:
            for port in _items(match["ports"]):
                for source in _items(match["sources"]):
                    network = str(ipaddress.ip_network(source))
                    found.append(Allowed(host, protocol, int(port), network, match["comment"] or ""))
    return found


def render(inventory: Path | None = None) -> dict[str, str]:
    """{host: its rendered nftables rules}, by Ansible, for the inventory in use (or ``inventory``)."""
    from fleet import playbook

    with tempfile.TemporaryDirectory(prefix="ilab-rules-") as out:
        env = {**playbook.environment(), "ANSIBLE_HOME": f"{out}/ansible", "ANSIBLE_LOCAL_TEMP": f"{out}/ansible/tmp"}
        argv = [
            playbook.ansible_bin("ansible-playbook"),
            "-i",
            str(inventory or paths.inventory()),
            str(PLAYBOOK),
            "-e",
            f"out_dir={out}",
        ]
        done = subprocess.run(argv, cwd=paths.FLEET, env=env, capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise RulesError(f"ansible-playbook could not render the rules: {(done.stdout + done.stderr)[-400:]}")
        return {path.stem: path.read_text() for path in sorted(Path(out).glob("*.nft"))}


def allowed(rendered: dict[str, str]) -> list[Allowed]:
    return sorted(a for host, text in rendered.items() for a in parse(host, text))


if __name__ == "__main__":
    for rule in allowed(render()):
        print(rule, file=sys.stdout)
