"""What every exercise checker and lab check shares: requests, a tally of checks, a private stack.

A checker runs the student's file for real (a server on a free loopback port, a
subprocess, a stack started by the runner) and says, check by check, what
passed and what did not. Stacks it starts get their own run directory and port,
so a stack a person left running is never touched.
"""

import contextlib
import os
import shutil
import socket
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from stacks.runner import lifecycle, probe, proctree  # noqa: E402
from stacks.runner.errors import StackError  # noqa: E402
from stacks.runner.options import RunOptions  # noqa: E402

APP_DIR = ROOT / "apps"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(url: str, method: str = "GET", body: bytes | None = None, headers: dict | None = None):
    """(status, headers with lower-case names, body) for one request."""
    status, raw_headers, data = probe.request(url, method=method, body=body, headers=headers)
    return status, {k.lower(): v for k, v in raw_headers}, data


def wait_for_port(port: int, seconds: float, process=None) -> bool:
    """True once 127.0.0.1:port accepts; False at the deadline or when ``process`` exits."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.05)
    return False


class Checks:
    """A tally of named checks, printed as the student reads it."""

    def __init__(self, title: str) -> None:
        self.failed = 0
        print(title)

    def expect(self, passed: bool, what: str, hint: str = "") -> bool:
        print(f"  {'ok  ' if passed else 'FAIL'}  {what}")
        if not passed:
            self.failed += 1
            if hint:
                print(f"        {hint}")
        return passed

    def stop(self, reason: str) -> int:
        """Give up early (nothing further can be checked); the exit status."""
        print(f"  FAIL  {reason}")
        self.failed += 1
        return self.finish()

    def finish(self) -> int:
        print("PASSED: every check passes" if not self.failed else f"NOT YET: {self.failed} check(s) failed")
        return 1 if self.failed else 0


def serving_owners(state) -> set:
    """Who the processes that serve run as: those below supervisord with no children
    (web server workers, app workers), not the masters that may stay root."""
    below = proctree.descendants(state.pid)
    owners = {proctree.owner(p) for p in below if not proctree.descendants(p)}
    return owners - {"?"}  # "?": a process that ended while we looked


@contextlib.contextmanager
def private_stack(name: str, overlay: Path | None = None):
    """Start stack ``name`` through the runner in a private run directory on a free port.

    Yields the runner's RunState (``base_url``, ``pid``, ``run``...); raises
    StackError with the runner's own message when the stack does not come up.
    """
    run = Path(tempfile.mkdtemp(prefix="interface-lab-check-"))
    os.chmod(run, 0o755)
    options = RunOptions.from_environ().but(run_dir=run, ports={"port": free_port()}, python_env="test",
                                            overlay=overlay)
    try:
        state = lifecycle.start(name, options)
        try:
            yield state
        finally:
            lifecycle.stop(run, quiet=True)
    finally:
        shutil.rmtree(run, ignore_errors=True)


__all__ = ["APP_DIR", "Checks", "StackError", "free_port", "private_stack", "request", "serving_owners", "wait_for_port"]
