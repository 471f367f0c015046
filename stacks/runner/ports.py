"""Ports: is one free, who holds it, and picking a free one for internal hops."""

import errno
import os
import socket
import time
from pathlib import Path

from stacks.runner import procfs
from stacks.runner.errors import StackError


def bind_error(port: int, host: str) -> int:
    """0 when a server could bind ``host:port`` now (as servers do, with SO_REUSEADDR), else the errno."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except socket.gaierror:
            return errno.EADDRNOTAVAIL
        except OSError as exc:
            return exc.errno or errno.EADDRINUSE
    return 0


def is_free(port: int, host: str) -> bool:
    """True when a server could bind ``host:port`` now."""
    return bind_error(port, host) == 0


def _listening_inodes(port: int) -> set:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                inodes.add(inode)
    return inodes


def holder(port: int) -> str:
    """A description of the process listening on ``port``, as far as /proc shows it."""
    inodes = _listening_inodes(port)
    if not inodes:
        return ""
    for pid in procfs.pids():
        if procfs.socket_inodes(pid) & inodes:
            return f"pid {pid} ({procfs.command_line(pid)[:80]})"
    return "a process of another user"


def ensure_free(port: int, host: str, variable: str) -> None:
    """Raise a one-line error saying why ``host:port`` cannot be listened on, and what to do:
    taken (by whom), privileged (below 1024, as an ordinary user), or HOST not on this machine."""
    failure = bind_error(port, host)
    variable = variable.upper()
    if not failure:
        return
    if failure == errno.EACCES:
        raise StackError(
            f"port {port} is privileged (below 1024): only root may listen on it; as yourself choose "
            f"another: make run-stack {variable}={8080 if port < 1024 else port + 1}"
        )
    if failure == errno.EADDRNOTAVAIL:
        raise StackError(
            f"HOST={host} is not an address of this machine, so nothing can listen on it; "
            "choose one it has: HOST=127.0.0.1 (this machine only) or HOST=0.0.0.0 (every address)"
        )
    if failure != errno.EADDRINUSE:
        raise StackError(f"cannot listen on {host}:{port}: {os.strerror(failure)}")
    who = holder(port)
    by = f" by {who}" if who else ""
    raise StackError(
        f"port {port} is in use{by}; stop that process or choose another: make run-stack {variable}={port + 1}"
    )


def wait_free(port: int, host: str, seconds: float) -> bool:
    """Wait until nothing holds the port any more; False if it is still held at the deadline."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _listening_inodes(port) and is_free(port, host):
            return True
        time.sleep(0.05)
    return False


def pick_free(host: str = "127.0.0.1") -> int:
    """A port the kernel reports free right now: for a stack's internal hop, a test, a checker."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]
