"""The controller's SSH key (made at fleet-up, never in the checkout) and the hosts' known keys.

Host keys are made by fleet-up too, so known_hosts is written from them
directly: Ansible checks every host key, nothing is trusted on first use.
"""

from fleet import host, paths
from fleet.run import run


def ssh_dir():
    return paths.fleet_dir() / "ssh"


def controller_key() -> str:
    """Make the controller's key pair if missing; return the public key line."""
    folder = ssh_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = folder / "id_ed25519"
    if not key.exists():
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "interface-lab-fleet-controller", "-f", str(key))
    return (folder / "id_ed25519.pub").read_text()


def write_known_hosts(hosts) -> None:
    lines = [f"{h.address} {host.host_key(h.name)}\n" for h in hosts]
    (ssh_dir() / "known_hosts").write_text("".join(lines))
