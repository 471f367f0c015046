"""run.py as a user starts it: a real wsgiref server in a subprocess, and its one-line errors."""

import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from stacks.runner.ports import pick_free as free_port

RUN_PY = Path(__file__).resolve().parents[2] / "apps" / "hello" / "run.py"
# Debian's interpreter too, when present: the app must run on the standard library alone.
PYTHONS = [sys.executable] + [p for p in ["/usr/bin/python3"] if os.path.exists(p)]


def clean_env(**extra):
    """This shell's environment without settings that would change what the app does."""
    from hello.config import PARSERS

    ignored = {key.upper() for key in PARSERS} | {"PYTHONPATH"}
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env["PYTHON_ENV"] = "test"
    env.update(extra)
    return env


def wait_for_line(proc, deadline=10.0):
    """First stdout line, or fail with the server's stderr if it exits or stays silent."""
    import selectors

    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        if not sel.select(timeout=deadline):
            proc.kill()
            pytest.fail(f"no start-up line within {deadline}s: {proc.communicate()[1]}")
    line = proc.stdout.readline()
    if not line:
        pytest.fail(f"server exited: {proc.communicate()[1]}")
    return line.strip()


@pytest.mark.parametrize("python", PYTHONS)
def test_serves_hello_and_stops_on_sigterm(python, tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [python, str(RUN_PY), f"--port={port}"],
        cwd=tmp_path,
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert wait_for_line(proc) == f"Serving on http://127.0.0.1:{port}/"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as reply:
            assert (reply.status, reply.read()) == (200, b"Hello, World!")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()


def test_port_env_is_used_without_flag(tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(RUN_PY)],
        cwd=tmp_path,
        env=clean_env(PORT=str(port)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert wait_for_line(proc) == f"Serving on http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


def run_briefly(*args, **env):
    return subprocess.run(
        [sys.executable, str(RUN_PY), *args], env=clean_env(**env), capture_output=True, text=True, timeout=20
    )


def test_busy_port_is_one_line_and_exit_1():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        done = run_briefly(f"--port={port}")
    assert done.returncode == 1
    assert done.stderr == f"run.py: port {port} is in use; choose another with --port\n"


def test_bad_config_is_one_line_and_exit_2():
    done = run_briefly("--port=1", PYTHON_ENV="prod")
    assert done.returncode == 2
    assert done.stderr == ("config: PYTHON_ENV='prod' is not one of development, test, staging, production\n")
