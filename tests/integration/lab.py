"""Driving the runner for the integration tests.

Each stack starts through ``start_private`` (stacks/runner/private.py), the one
way every Python caller starts a stack: its own run directory and free ports
(every named port of its manifest), so a test never collides with a stack a
person left running on 8080. Tests reach a stack at its probe's base URL (plain
HTTP on ``port`` for most; HTTPS on another port, verified with the stack's own
CA, for one that terminates TLS). The command line people type (``python -m
stacks``, what the Makefile runs) is driven by ``runner`` where a test is about
it; teardown checks that no process, port or socket of the stack is left behind.
"""

import http.client
import os
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from stacks.runner import lifecycle, manifest, needs, private, probe, procfs, proctree, supervise
from stacks.runner.errors import StackError
from stacks.runner.options import RunOptions
from stacks.runner.ports import pick_free
from stacks.runner.runstate import RunState

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port() -> int:
    """A port nothing listens on now, on loopback."""
    return pick_free("127.0.0.1")


def new_run_dir(name: str = "test") -> Path:
    """A fresh run directory the service account can reach (tmp_path may be private)."""
    return private.new_run_dir(name)


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


def require(name: str) -> None:
    """Skip a test whose stack cannot start here, naming what is missing; fail it under CI=true,
    where every stack must run."""
    missing = missing_need(name)
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run stack {name}: {missing}")
        pytest.skip(missing)


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
        stopped = private.stop_private(self.state, keep=True)
        problems = list(stopped.problems)
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


def start(name: str, app_settings: dict | None = None) -> RunningStack:
    """Start stack ``name`` privately (``PYTHON_ENV=test``, ``app_settings`` for the app); raise with the log on failure."""
    options = RunOptions(python_env="test", app_settings=dict(app_settings or {}))
    try:
        state = private.start_private(name, options)
    except StackError as exc:
        raise AssertionError(f"stack {name} did not start: {exc.message}\n{exc.details}") from None
    return RunningStack(
        name, state.run, state.port, private.command_line_environment(state), state, lifecycle.describe(state)
    )


def wait_for(predicate, seconds: float = 10.0, interval: float = 0.1):
    """Poll ``predicate`` until it returns something truthy or the deadline passes."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()
