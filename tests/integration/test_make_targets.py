"""The newcomer's path, through make itself: run-stack prints the URL, stop-stack ends it."""

import os
import shutil
import subprocess

from stacks.runner import ports, probe
from tests.integration import lab


def make(*args, env):
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=lab.ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_make_run_stack_then_stop_stack():
    run = lab.new_run_dir()
    port = lab.free_port()
    env = {**os.environ, "LAB_RUN_DIR": str(run)}
    started = make("run-stack", "STACK=wsgi", f"PORT={port}", env=env)
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        assert f"Stack 'wsgi' is up at http://localhost:{port}/" in started.stdout
        assert probe.request(f"http://127.0.0.1:{port}/")[2] == b"Hello, World!"
        status = make("status", env=env)
        assert status.returncode == 0 and ": healthy" in status.stdout
    finally:
        stopped = make("stop-stack", env=env)
    assert stopped.returncode == 0 and "nothing of it is left running" in stopped.stdout
    assert ports.wait_free(port, "127.0.0.1", 5)
    after = make("status", env=env)
    assert after.returncode == 0 and after.stdout.startswith("no stack is running")
    shutil.rmtree(run, ignore_errors=True)


def test_make_run_stack_with_an_unknown_name_lists_the_stacks():
    result = make("run-stack", "STACK=nope", env=dict(os.environ))
    assert result.returncode != 0
    assert "error: unknown stack 'nope'; the stacks are:" in result.stderr and "wsgi" in result.stderr
