"""Every mistake a person can make with the runner ends in one line saying what to do."""

import os
import shutil
import socket

from tests.integration import lab


def error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.returncode != 0
    assert lines and lines[0].startswith("error: "), result.stderr
    return lines[0]


def test_unknown_stack_lists_the_stacks():
    line = error_line(lab.runner("run", "nope"))
    assert "unknown stack 'nope'" in line and "wsgi" in line and "static" in line


def test_busy_port_names_the_port_and_its_holder():
    run = lab.new_run_dir()
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        env = {**os.environ, "LAB_RUN_DIR": str(run), "PORT": str(port)}
        line = error_line(lab.runner("run", "wsgi", env=env))
    assert f"port {port} is in use by pid {os.getpid()}" in line
    assert f"PORT={port + 1}" in line
    assert not (run / "state.json").exists()


def test_bad_port_value():
    env = {**os.environ, "LAB_RUN_DIR": str(lab.new_run_dir()), "PORT": "eighty"}
    line = error_line(lab.runner("run", "wsgi", env=env))
    assert "PORT='eighty' is not a port number" in line


def test_missing_binary_names_the_package(tmp_path):
    env = {**os.environ, "LAB_RUN_DIR": str(lab.new_run_dir()), "VENV": str(tmp_path / "no-venv")}
    line = error_line(lab.runner("run", "wsgi", env=env))
    assert "needs gunicorn (PyPI package gunicorn), which is missing" in line
    assert "make setup" in line


def test_unhealthy_stack_names_the_program_and_shows_its_log():
    """A bad config value makes the app refuse to start; the runner says which program and why."""
    run = lab.new_run_dir()
    env = {**os.environ, "LAB_RUN_DIR": str(run), "PORT": str(lab.free_port()), "PYTHON_ENV": "bogus"}
    result = lab.runner("run", "wsgi", env=env)
    line = error_line(result)
    assert "stack 'wsgi' did not start: gunicorn" in line
    assert "PYTHON_ENV='bogus'" in result.stderr  # the end of the program's log
    assert not (run / "state.json").exists()
    assert not (run / "supervisor.sock").exists()


def test_stop_with_nothing_running_says_so():
    env = {**os.environ, "LAB_RUN_DIR": str(lab.new_run_dir())}
    result = lab.runner("stop", env=env)
    assert result.returncode == 0 and "no stack is running" in result.stdout


def test_starting_a_stack_stops_the_running_one():
    first = lab.start("wsgi")
    before = first.processes()
    result = lab.runner("run", "waitress", env=first.env)
    second = lab.RunningStack("waitress", first.run, first.port, first.env, lab.RunState.load(first.run), result.stdout)
    try:
        assert result.returncode == 0, result.stderr
        assert "stopping the running stack 'wsgi' first" in result.stdout
        assert not [p for p in before if lab.supervise.pid_alive(p)]
        assert second.request("/")[2] == b"Hello, World!"
    finally:
        left = second.stop()
        shutil.rmtree(first.run, ignore_errors=True)
    assert not left
