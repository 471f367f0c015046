"""What every exercise checker and lab check shares: requests, a tally of checks, a private stack.

A checker runs the student's file for real (a server on a free loopback port, a
subprocess, a stack started by the runner) and says, check by check, what
passed and what did not. Stacks it starts get their own run directory and port,
so a stack a person left running is never touched.
"""

import contextlib
import importlib.util
import json
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from stacks.runner import private, probe, procfs, proctree, supervise, variables
from stacks.runner.errors import StackError
from stacks.runner.options import RunOptions
from stacks.runner.paths import APP_DIR, ROOT
from stacks.runner.ports import pick_free as free_port
from stacks.runner.process_group import end_group


def request(
    url: str,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict | None = None,
    cafile: str = "",
    timeout: float = 5.0,
):
    """(status, headers with lower-case names, body) for one request (HTTPS verified with ``cafile``)."""
    status, raw_headers, data = probe.request(url, cafile, method=method, body=body, headers=headers, timeout=timeout)
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


GUNICORN = Path(sys.executable).parent / "gunicorn"


class NotServing(Exception):
    """A server the checker started did not come up; the message ends with its log."""


@contextlib.contextmanager
def serving(command: list, port: int, log: Path, env: dict | None = None, cwd: Path = ROOT, seconds: float = 20):
    """Run ``command`` in its own session, output to ``log``; yield it once 127.0.0.1:port accepts.

    On the way out the whole process group is ended, so nothing the command
    started (workers, a shell's children) outlives the check.
    """
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        if not wait_for_port(port, seconds, process):
            tail = log.read_text(errors="replace").strip().splitlines()[-5:]
            raise NotServing(
                f"nothing answered on port {port} within {seconds:g} s; its output ends: " + " | ".join(tail)
            )
        yield process
    finally:
        end_group(process)


class Checks:
    """A tally of named checks, printed as the student reads it.

    With ``CHECK_RESULTS`` set to a file name, ``finish`` also writes the checks
    there as JSON: ``make progress`` collects them for graders.
    """

    def __init__(self, title: str) -> None:
        self.failed = 0
        self.title = title
        self.results = []
        print(title)

    def expect(self, passed: bool, what: str, hint: str = "") -> bool:
        print(f"  {'ok  ' if passed else 'FAIL'}  {what}")
        self.results.append({"check": what, "passed": bool(passed), **({"hint": hint} if hint and not passed else {})})
        if not passed:
            self.failed += 1
            if hint:
                print(f"        {hint}")
        return passed

    def stop(self, reason: str) -> int:
        """Give up early (nothing further can be checked); the exit status."""
        return self.expect(False, reason) or self.finish()

    def finish(self) -> int:
        print("PASSED: every check passes" if not self.failed else f"NOT YET: {self.failed} check(s) failed")
        target = variables.chosen("CHECK_RESULTS")
        if target:
            document = {"title": self.title, "passed": not self.failed, "checks": self.results}
            Path(target).write_text(json.dumps(document, indent=2) + "\n")
        return 1 if self.failed else 0


def says_hello(checks: Checks, answer: tuple, why: str = "") -> None:
    """Check one answer to ``GET /`` — (status, headers, body) as ``request`` returns it — as the
    app contract has it: 200, ``Hello, World!``, text/plain in UTF-8. ``why``: the hint to give in place
    of what came back, when something else went wrong (the server's own error, a malformed answer)."""
    status, headers, body = answer
    checks.expect(
        (status, body) == (200, b"Hello, World!"),
        "GET / answers 200 Hello, World!",
        why or f"got {status} {body[:60]!r}",
    )
    checks.expect(
        headers.get("content-type") == "text/plain; charset=utf-8",
        "GET / says Content-Type: text/plain; charset=utf-8",
        why or f"got {headers.get('content-type')!r}",
    )


def student_toml(path) -> dict:
    """The student's TOML file as a table; ValueError saying why it cannot be read."""
    try:
        return tomllib.loads(Path(path).read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path} is not valid TOML: {exc}") from None


def student_module(path, name: str):
    """The student's file at ``path``, imported as module ``name`` (whatever it raises, raised)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def env_document(checks: Checks, url: str, cafile: str = "") -> dict:
    """GET /env of the stack at ``url``: the JSON document ({} after a failed check when it is not JSON)."""
    status, _, body = request(url + "/env?x=1", cafile=cafile)
    try:
        return dict(json.loads(body))
    except (ValueError, TypeError):
        checks.expect(False, "GET /env answers the request environment", f"got {status} {body[:60]!r}")
        return {}


def program_running(checks: Checks, state, name: str) -> bool:
    """Check that supervisord reports program ``name`` of the stack RUNNING."""
    states = {p["name"]: p["statename"] for p in supervise.programs(state.run)}
    return checks.expect(
        states.get(name) == "RUNNING", f"supervisord reports {name} RUNNING", f"it reports {states.get(name)}"
    )


def serving_owners(state) -> set:
    """Who the processes that serve run as: those below supervisord with no children
    (web server workers, app workers), not the masters that may stay root."""
    below = proctree.descendants(state.pid)
    owners = {procfs.owner(p) for p in below if not proctree.descendants(p)}
    return owners - {"?"}  # "?": a process that ended while we looked


def private_stack(name: str, overlay: Path | None = None, tuning: dict | None = None):
    """Start stack ``name`` privately (``stacks.runner.private``: its own run directory, free ports);
    ``tuning``: values for knobs its manifest declares tunable, as ``TUNE_<KNOB>`` gives them.

    A context manager yielding the runner's RunState (``base_url``, ``pid``,
    ``run``...); raises StackError with the runner's own message when the stack
    does not come up, and stops it and removes its folder on the way out.
    """
    return private.private_stack(name, RunOptions(python_env="test", overlay=overlay, tuning=tuning or {}))


__all__ = [
    "APP_DIR",
    "GUNICORN",
    "ROOT",
    "Checks",
    "NotServing",
    "StackError",
    "end_group",
    "env_document",
    "free_port",
    "private_stack",
    "program_running",
    "request",
    "says_hello",
    "serving",
    "serving_owners",
    "student_toml",
    "wait_for_port",
]
