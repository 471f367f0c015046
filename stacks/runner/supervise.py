"""supervisord: writing its config from a manifest, starting it, asking it things.

All of a stack's processes run under one supervisord, which stays in the
foreground of nothing: it daemonizes, keeps each program in the foreground,
sends their output to log files and, with ``stopasgroup``, leaves no orphans.
The runner talks to it over its unix socket with XML-RPC (standard library).
"""

import http.client
import os
import signal
import socket
import subprocess
import time
import xmlrpc.client
from pathlib import Path

from stacks.runner import account, procfs
from stacks.runner.errors import StackError

STARTSECS = 1  # a program that stays up this long has started (the probe then says whether it serves)
STARTRETRIES = 2  # supervisord's tries at a program that exits sooner, before it gives up


def _quote(value) -> str:
    """A value as supervisord reads it: %-interpolation escaped."""
    return str(value).replace("%", "%%")


def _environment(env: dict, expansions: int = 1) -> str:
    """An ``environment=`` value; supervisord %-expands the one of its own section twice."""
    bad = [k for k, v in env.items() if '"' in str(v) or "\n" in str(v)]
    if bad:  # supervisord's environment= syntax cannot carry them: refuse rather than drop
        raise StackError(
            f"environment variable {bad[0]} has a double quote or a newline in its value; "
            "supervisord cannot pass that on: change the value"
        )
    quoted = {k: str(v) for k, v in env.items()}
    for _ in range(expansions):
        quoted = {k: _quote(v) for k, v in quoted.items()}
    return ",".join(f'{k}="{v}"' for k, v in quoted.items())


def config(processes: list, env: dict, run: Path, user: str = "www-data") -> str:
    """The supervisord.conf text for already-rendered processes (served as account ``user`` under root)."""
    user_line = "user=root\n" if account.is_root() else ""
    service_user = account.service_account(user)[0]
    run = _quote(run)  # every path below is in the run folder, whose name may hold a %
    parts = [
        f"[unix_http_server]\nfile={run}/supervisor.sock\nchmod=0700\n",
        f"[supervisord]\nlogfile={run}/logs/supervisord.log\npidfile={run}/supervisord.pid\n"
        f"childlogdir={run}/logs\nidentifier=interface-lab\n{user_line}"
        f"environment={_environment(env, expansions=2)}\n",
        "[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n",
        f"[supervisorctl]\nserverurl=unix://{run}/supervisor.sock\n",
    ]
    for proc in processes:
        lines = [
            f"[program:{proc.name}]",
            f"command={_quote(proc.command)}",
            f"directory={_quote(proc.directory)}",
            "autostart=true",
            "autorestart=true",
            f"startsecs={STARTSECS}",
            f"startretries={STARTRETRIES}",
            f"stopsignal={proc.stopsignal}",
            f"stopwaitsecs={proc.stopwaitsecs}",
            "stopasgroup=true",
            "killasgroup=true",
            "redirect_stderr=true",
            f"stdout_logfile={_quote(run)}/logs/{proc.name}.log",  # %-expanded twice
            "stdout_logfile_maxbytes=10MB",
            "stdout_logfile_backups=1",
        ]
        if account.is_root() and not proc.as_root:
            lines.append(f"user={service_user}")
        if proc.environment:
            lines.append(f"environment={_environment(proc.environment)}")
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


class UnixHTTPConnection(http.client.HTTPConnection):
    """HTTP over a unix socket (supervisord's, or any server's that listens on one)."""

    def __init__(self, path: str) -> None:
        super().__init__("localhost", timeout=5)
        self._path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(5)
        self.sock.connect(self._path)


class _UnixTransport(xmlrpc.client.Transport):
    def __init__(self, path: str) -> None:
        super().__init__()
        self._path = path

    def make_connection(self, host):
        return UnixHTTPConnection(self._path)


def rpc(run: Path):
    """An XML-RPC proxy to the supervisord of the run directory."""
    return xmlrpc.client.ServerProxy("http://localhost", transport=_UnixTransport(str(run / "supervisor.sock")))


def start(supervisord: str, conf: Path, run: Path, seconds: float = 10) -> int:
    """Start supervisord (it daemonizes) and wait until it answers; return its pid."""
    result = subprocess.run([supervisord, "-c", str(conf)], capture_output=True, text=True, cwd=run)
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip().splitlines()
        raise StackError(f"supervisord did not start: {said[-1] if said else f'exit status {result.returncode}'}")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            rpc(run).supervisor.getState()
            return int((run / "supervisord.pid").read_text())
        except (OSError, ValueError, xmlrpc.client.Error):
            time.sleep(0.05)
    try:  # it may be up but deaf: never leave one running that no state file names
        stray = int((run / "supervisord.pid").read_text())
        os.kill(stray, signal.SIGTERM)
    except (OSError, ValueError):
        pass
    raise StackError(f"supervisord did not answer within {seconds:.0f}s; see {run}/logs/supervisord.log")


def programs(run: Path) -> list:
    """supervisord's view of every program: name, statename, pid, logfile."""
    return rpc(run).supervisor.getAllProcessInfo()


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return procfs.state(pid) not in ("Z", "")


def shutdown(run: Path, pid: int, seconds: float = 30) -> None:
    """Stop every program and supervisord itself, then wait for its pid to go."""
    try:
        rpc(run).supervisor.shutdown()
    except (OSError, xmlrpc.client.Error):
        if pid_alive(pid):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + seconds
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if pid_alive(pid):
        os.kill(pid, signal.SIGKILL)
