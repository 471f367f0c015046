"""Driving the runner the way a person does, for the integration tests.

Each started stack gets its own run directory and free ports (every named port of
its manifest), so a test never collides with a stack a person left running on 8080.
Tests reach a stack at its probe's base URL (plain HTTP on ``port`` for most; HTTPS
on another port, verified with the stack's own CA, for one that terminates TLS). Start and stop go through
``python -m stacks``, the same command the Makefile runs; teardown then checks
that no process, port or socket of the stack is left behind.
"""

import http.client
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from stacks.runner import manifest, needs, probe, procfs, proctree, supervise
from stacks.runner.errors import StackError
from stacks.runner.ports import pick_free as free_port
from stacks.runner.runstate import RunState

ROOT = Path(__file__).resolve().parents[2]
RUNS = Path("/tmp/interface-lab-tests")
PYTHON = sys.executable


def new_run_dir() -> Path:
    """A fresh run directory the service account can reach (tmp_path may be private)."""
    RUNS.mkdir(mode=0o755, exist_ok=True)
    os.chmod(RUNS, 0o755)
    run = Path(tempfile.mkdtemp(dir=RUNS))
    os.chmod(run, 0o755)
    return run


def runner(*args, env=None, timeout=120) -> subprocess.CompletedProcess:
    """``python -m stacks ARGS`` from the checkout, as the Makefile runs it."""
    return subprocess.run(
        [PYTHON, "-m", "stacks", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def missing_need(name: str) -> str:
    """Why stack ``name`` cannot start here, or ''."""
    try:
        needs.check(manifest.find(name))
    except StackError as exc:
        return str(exc)
    return ""


@dataclass
class RunningStack:
    """A stack started for a test, and how to reach it."""

    name: str
    run: Path
    port: int
    env: dict
    state: RunState
    output: str

    @property
    def url(self) -> str:
        """The base URL the stack serves at, as the runner recorded it."""
        return self.state.base_url

    @property
    def cafile(self) -> str:
        """The CA certificate that verifies the stack's TLS certificate ('' for plain HTTP)."""
        return self.state.cafile

    def request(self, path: str, **kwargs):
        """(status, headers, body) for one request to the stack, TLS verified where it serves TLS."""
        return probe.request(self.url + path, self.cafile, **kwargs)

    def connection(self, timeout: float = 20) -> http.client.HTTPConnection:
        """A raw connection to where the stack serves, for requests probe.request cannot make."""
        parts = urlsplit(self.url)
        if parts.scheme == "https":
            context = ssl.create_default_context(cafile=self.cafile or None)
            return http.client.HTTPSConnection(parts.hostname, parts.port, timeout=timeout, context=context)
        return http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)

    def manifest(self):
        return manifest.find(self.name)

    def processes(self) -> list:
        """Every pid of the stack: supervisord and all below it."""
        return [self.state.pid, *proctree.descendants(self.state.pid)]

    def stop(self) -> str:
        """Stop through the runner and return what is left behind ('' when nothing)."""
        pids = self.processes()
        result = runner("stop", env=self.env)
        problems = []
        if result.returncode != 0:
            problems.append(f"stop failed: {result.stderr.strip()}")
        alive = [p for p in set(pids) | set(proctree.of_run(self.run)) if supervise.pid_alive(p)]
        if alive:
            problems.append(f"processes still alive: {[(p, procfs.command_line(p)) for p in alive]}")
        for port in self.state.ports.values():
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    problems.append(f"port {port} still accepts connections")
        sockets = [p for p in self.run.rglob("*") if p.is_socket()]
        if sockets:
            problems.append(f"sockets left: {sockets}")
        return "; ".join(problems)


def free_ports(name: str) -> dict:
    """A free port for every named port of the stack's manifest that is not picked at start ("auto")."""
    return {key.upper(): str(free_port()) for key, default in manifest.find(name).ports.items() if default != "auto"}


def start(name: str, extra_env: dict | None = None) -> RunningStack:
    """Start stack ``name`` on free ports in its own run directory; raise with the log on failure."""
    run = new_run_dir()
    ports = free_ports(name)
    port = int(ports["PORT"])
    env = {**os.environ, "LAB_RUN_DIR": str(run), **ports, "PYTHON_ENV": "test", **(extra_env or {})}
    result = runner("run", name, env=env)
    if result.returncode != 0:
        shutil.rmtree(run, ignore_errors=True)
        raise AssertionError(f"stack {name} did not start:\n{result.stdout}\n{result.stderr}")
    state = RunState.load(run)
    assert state is not None, f"stack {name} started but the runner wrote no state in {run}:\n{result.stdout}"
    return RunningStack(name, run, port, env, state, result.stdout)


def wait_for(predicate, seconds: float = 10.0, interval: float = 0.1):
    """Poll ``predicate`` until it returns something truthy or the deadline passes."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()
