"""Run a command on a namespace host as its own processes see the world.

``nsenter`` joins the network, UTS and mount namespaces of the host's sshd, so
the command has the host's address, hostname, /etc/resolv.conf and folders:
what ``ssh`` to the host would give, without needing the firewall's permission.
"""

import subprocess

from fleet import paths


def sshd_pid(name: str) -> int:
    """The pid of the host's sshd (the launcher execs it, so the launcher's pid is sshd's)."""
    return int((paths.host_dir(name) / "sshd.pid").read_text())


def command(name: str, *argv: str) -> list:
    return ["nsenter", "--target", str(sshd_pid(name)), "--net", "--uts", "--mount", "--", *argv]


def run(name: str, *argv: str, timeout: float = 30, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command(name, *argv), capture_output=True, text=True, timeout=timeout, **kwargs)


def connects(name: str, address: str, port: int, timeout: float = 1.5) -> bool:
    """Whether a TCP connection from host ``name`` to address:port is accepted (the firewall's
    verdict: a dropped packet times out, a refused one fails at once)."""
    code = (
        f"import socket\ntry:\n socket.create_connection(({address!r}, {port}), timeout={timeout}).close()\n"
        "except OSError:\n raise SystemExit(1)"
    )
    return run(name, "/usr/bin/python3", "-c", code).returncode == 0
