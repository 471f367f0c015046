"""Where the fleet lives on this machine, and the names of everything it makes.

Every namespace and link the fleet makes carries the ``ilab-`` prefix, so
``fleet-down`` removes exactly what ``fleet-up`` made and never touches another
interface or namespace. Files live under one folder (``LAB_FLEET_DIR``).
"""

from pathlib import Path

from stacks.runner import variables

ROOT = Path(__file__).resolve().parent.parent
FLEET = ROOT / "fleet"
INVENTORY = FLEET / "inventory" / "lab" / "hosts.yml"
PREFIX = "ilab-"
BRIDGE_NS = PREFIX + "bridge"  # the namespace the bridge lives in
BRIDGE = PREFIX + "br0"  # the bridge itself, inside BRIDGE_NS
ROOT_LINK = PREFIX + "root"  # the root namespace's one link to the bridge
NETWORK = "198.18.0.0/24"  # the fleet's subnet
RESERVED = "198.18.0.0/15"  # the whole range: unreachable from the root namespace
CONTROLLER = "198.18.0.1"  # the root namespace's address on ROOT_LINK (Ansible runs here)
PREFIX_LEN = 24

# What a host sees at its usual paths: each is a bind mount of a folder of its own
# (hosts/NAME/<key>) inside the host's private mount namespace.
HOST_MOUNTS = {
    "etc": Path("/etc/interface-lab"),
    "log": Path("/var/log/interface-lab"),
    "lib": Path("/var/lib/interface-lab"),
    "srv": Path("/srv/interface-lab"),
}
SSHD_PRIVSEP = Path("/run/sshd")  # sshd refuses to start without it


def fleet_dir() -> Path:
    return Path(variables.get("LAB_FLEET_DIR"))


def used_inventory() -> Path:
    """The record of the inventory fleet-up last built from, when it was not the lab's own."""
    return fleet_dir() / "inventory" / "hosts.yml"


def inventory() -> Path:
    """The inventory in use: ``FLEET_INVENTORY`` (a student's copy, say), else the one
    fleet-up last built from (so status and deploy see the hosts it made), else the lab's."""
    if variables.chosen("FLEET_INVENTORY"):
        return Path(variables.chosen("FLEET_INVENTORY")).absolute()
    return used_inventory() if used_inventory().exists() else INVENTORY


def host_dir(name: str) -> Path:
    return fleet_dir() / "hosts" / name


def namespace(name: str) -> str:
    return PREFIX + name
