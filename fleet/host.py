"""One namespace host: its folders, its SSH server, its hostname, its private mounts.

Each host runs one long-lived process started here: its ``sshd``, inside the
host's network namespace plus a UTS namespace (its own hostname) and a private
mount namespace. Everything Ansible starts on the host is a child of that sshd,
so it inherits all three: the host's address, its hostname, and its own folders.

Per-host folders are bind-mounted at the usual paths (``/etc/interface-lab``,
``/var/log/interface-lab``, ``/var/lib/interface-lab``, ``/srv/interface-lab``)
inside the host's mount namespace, rather than handed to the roles as per-host
path variables: the roles then use the same paths on a namespace host as on a
real server, and one host cannot see another's files at those paths. The rest of
the filesystem (Debian's binaries, the project's virtualenv) is shared, which is
what makes a host cost a few megabytes rather than a container image.
"""

import os
import signal
import subprocess
import time
from pathlib import Path

from fleet import paths
from fleet.run import run

SSHD_CONFIG = """\
# The SSH server of fleet host {name} (made by make fleet-up). Key logins only.
Port 22
ListenAddress {address}
HostKey {etc}/ssh/ssh_host_ed25519_key
PidFile none
AuthorizedKeysFile {etc}/ssh/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
X11Forwarding no
PrintMotd no
Subsystem sftp internal-sftp
"""


def _system_files(host, all_hosts, dns_address: str) -> dict:
    names = "".join(f"{h.address} {h.name}\n" for h in all_hosts)
    return {
        "hostname": f"{host.name}\n",
        "hosts": f"127.0.0.1 localhost\n{names}",
        "resolv.conf": f"nameserver {dns_address}\n" if dns_address else "",
    }


def prepare(host, all_hosts, dns_address: str, public_key: str) -> None:
    """The host's folders, host key, sshd config and system files (hostname, hosts, resolv.conf)."""
    root = paths.host_dir(host.name)
    for key in paths.HOST_MOUNTS:
        (root / key).mkdir(parents=True, exist_ok=True)
    ssh = root / "etc" / "ssh"
    ssh.mkdir(mode=0o755, exist_ok=True)
    if not (ssh / "ssh_host_ed25519_key").exists():
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", host.name, "-f", str(ssh / "ssh_host_ed25519_key"))
    (ssh / "authorized_keys").write_text(public_key)
    (ssh / "sshd_config").write_text(
        SSHD_CONFIG.format(name=host.name, address=host.address, etc=paths.HOST_MOUNTS["etc"])
    )
    system = root / "system"
    system.mkdir(exist_ok=True)
    for name, text in _system_files(host, all_hosts, dns_address).items():
        (system / name).write_text(text)


def host_key(name: str) -> str:
    """The host's public key as a known_hosts entry needs it: type and key."""
    return " ".join((paths.host_dir(name) / "etc" / "ssh" / "ssh_host_ed25519_key.pub").read_text().split()[:2])


def _init_script(host) -> str:
    root = paths.host_dir(host.name)
    mounts = [f"mount --bind {root / key} {target}" for key, target in paths.HOST_MOUNTS.items()]
    mounts += [f"mount --bind {root / 'system' / name} /etc/{name}" for name in ("hostname", "hosts", "resolv.conf")]
    return "\n".join(
        [
            "set -e",
            f"hostname {host.name}",
            *mounts,
            f"exec /usr/sbin/sshd -D -e -f {paths.HOST_MOUNTS['etc']}/ssh/sshd_config",
        ]
    )


def start(host) -> int:
    """Start the host's sshd in its namespaces; return its pid."""
    root = paths.host_dir(host.name)
    log = open(root / "log" / "sshd.log", "ab")
    process = subprocess.Popen(
        [
            "ip",
            "netns",
            "exec",
            paths.namespace(host.name),
            "unshare",
            "--uts",
            "--mount",
            "--propagation",
            "private",
            "--",
            "sh",
            "-c",
            _init_script(host),
        ],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    (root / "sshd.pid").write_text(str(process.pid))
    return process.pid


def wait_for_ssh(host, deadline: float) -> None:
    """Wait until the host's sshd accepts connections (its banner), or fail with its log."""
    import socket

    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host.address, 22), timeout=1) as sock:
                if sock.recv(64).startswith(b"SSH-"):
                    return
        except OSError:
            time.sleep(0.1)
    log = (paths.host_dir(host.name) / "log" / "sshd.log").read_text().strip().splitlines()[-3:]
    raise SystemExit(f"fleet: error: host {host.name}: sshd did not answer on {host.address}:22: {' | '.join(log)}")


def end_processes(ns: str, grace: float = 5.0) -> list:
    """End every process inside namespace ``ns`` (TERM, then KILL after ``grace`` s); return their pids."""
    pids = [int(p) for p in run("ip", "netns", "pids", ns, check=False).stdout.split()]
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in pids):
            time.sleep(0.05)
        # reap our own children (the launchers) so none is left a zombie
        for pid in pids:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
    return pids
