"""A newcomer's error paths, each tried for real: one line that says what to do, exit status
non-zero, nothing left half-started (issue 21). The "port in use" path is in test_runner_errors."""

import json
import os
import pwd
import signal
import subprocess
from pathlib import Path

import pytest

from stacks.runner import account, manifest, private, probe, proctree, supervise
from stacks.runner.runstate import RunState
from tests.integration import lab
from tests.integration.test_runner_errors import error_line

as_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root to switch to an ordinary user")
reachable = pytest.mark.skipif(
    bool(account.unreachable_part(lab.ROOT)), reason="the checkout is private to root: no other user could use it"
)


def as_nobody(command: list, env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["setpriv", "--reuid=nobody", "--regid=nogroup", "--init-groups", *command],
        cwd=lab.ROOT,
        env={**env, "HOME": "/tmp"},
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def nobody_run_dir():
    run = lab.new_run_dir()
    nobody = pwd.getpwnam("nobody")
    os.chown(run, nobody.pw_uid, nobody.pw_gid)
    return run


def test_a_misspelt_stack_gets_did_you_mean():
    line = error_line(lab.runner("run", "wgsi"))
    assert "unknown stack 'wgsi'; did you mean 'wsgi'?" in line


@as_root
@reachable
def test_a_privileged_port_as_an_ordinary_user_says_so_and_names_another():
    run = nobody_run_dir()
    result = as_nobody(
        [lab.PYTHON, "-m", "stacks", "run", "wsgi"], {**os.environ, "LAB_RUN_DIR": str(run), "PORT": "80"}
    )
    line = error_line(result)
    assert "port 80 is privileged (below 1024): only root may listen on it" in line and "PORT=8080" in line
    assert "in use" not in line and not (run / "state.json").exists()


def test_a_host_that_is_not_on_this_machine_says_so():
    run = lab.new_run_dir()
    env = {**os.environ, "LAB_RUN_DIR": str(run), "PORT": str(lab.free_port()), "HOST": "192.0.2.7"}
    line = error_line(lab.runner("run", "wsgi", env=env))
    assert "HOST=192.0.2.7 is not an address of this machine" in line and "HOST=127.0.0.1" in line
    assert not (run / "state.json").exists()


def make(*args, env=None, **kwargs):
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=lab.ROOT,
        env=env or dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def test_status_with_nothing_running_is_one_line_and_no_make_error():
    env = {**os.environ, "LAB_RUN_DIR": str(lab.new_run_dir())}
    result = make("status", env=env)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == "no stack is running; start one with: make run-stack STACK=wsgi\n"
    assert json.loads(make("status", "JSON=1", env=env).stdout) == {"running": False}


def test_list_speaks_json():
    listed = json.loads(lab.runner("list", "--json").stdout)
    assert [s["name"] for s in listed] == list(manifest.discover())
    assert {"summary", "front", "process_model", "ports"} <= set(listed[0])


@as_root
@reachable
@pytest.mark.parametrize("target", ["fleet-measure", "fleet-bench"])
def test_fleet_measuring_targets_refuse_an_ordinary_user_before_any_setup(target):
    result = as_nobody(["make", "--no-print-directory", target], dict(os.environ))
    assert result.returncode != 0
    assert (
        f"error: {target}: the fleet's hosts are network namespaces, which need root: run 'sudo make {target}'"
    ) in result.stderr
    assert "setup" not in result.stdout


def test_slow_clients_fails_when_a_stack_did_not_start(tmp_path):
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "not-a-template.conf").write_text("")  # a start that fails: the runner refuses the overlay
    env = {**os.environ, "LAB_OVERLAY": str(overlay), "BENCH_RESULTS": str(tmp_path / "results")}
    result = subprocess.run(
        [lab.PYTHON, "-m", "benchmarks", "slow-clients", "--quick", "--stacks", "static"],
        cwd=lab.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "error: 1 stack(s) did not start, so were not measured: static" in result.stderr


def as_a_shell_starts_it():
    """A foreground job of a shell: no signal blocked, Ctrl-C's default action. Under pytest-xdist a
    worker's state can differ (a Ctrl-C ignored by hostile was seen there), and a child inherits it."""
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_in_hostile_ends_cleanly_and_stops_what_it_started(tmp_path):
    """Also where status --json is seen describing a running, healthy stack."""
    env = {**os.environ, "BENCH_RESULTS": str(tmp_path)}
    before = set(private.PRIVATE_RUNS.glob("wsgi-*"))
    hostile = subprocess.Popen(
        # static after wsgi keeps the run going while status is asked (wsgi's replay alone can end
        # first on a busy machine): Ctrl-C must find it running.
        [lab.PYTHON, "-m", "benchmarks.hostile", "all", "--stacks", "wsgi,static"],
        cwd=lab.ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=as_a_shell_starts_it,
    )
    try:

        def serving():  # the stack it started privately: a new run directory (start_private) that serves
            for run in set(private.PRIVATE_RUNS.glob("wsgi-*")) - before:
                state = RunState.load(run)
                if state and supervise.pid_alive(state.pid) and not probe.check(state.probe, 200, "Hello, World!"):
                    return run
            return None

        run = lab.wait_for(serving, 90, 0.2)
        assert run, "the stack never came up"
        supervisord = RunState.load(run).pid
        status = json.loads(lab.runner("status", "--json", env={**env, "LAB_RUN_DIR": str(run)}).stdout)
        assert status["running"] and status["healthy"] and status["stack"] == "wsgi" and status["pid"] == supervisord
        assert hostile.poll() is None, "the hostile run ended before Ctrl-C could be sent"
        os.killpg(hostile.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole foreground group
        out, err = hostile.communicate(timeout=90)
    finally:
        if hostile.poll() is None:
            os.killpg(hostile.pid, signal.SIGKILL)
    assert hostile.returncode == 130 and "Traceback" not in err, out[-2000:] + err
    assert err.strip().splitlines()[-1] == "interrupted"
    assert not supervise.pid_alive(supervisord) and proctree.of_run(run) == []


def test_state_lives_outside_tmp_and_an_old_state_folder_moves_there(tmp_path):
    run, state = lab.new_run_dir(), tmp_path / "state"
    old = run / "state" / "static"
    old.mkdir(parents=True)
    (old / "ca.pem").write_text("the lab's CA, made by an earlier run\n")
    env = {**os.environ, "LAB_RUN_DIR": str(run), "LAB_STATE_DIR": str(state), "PORT": str(lab.free_port())}
    started = lab.runner("run", "static", env=env)
    try:
        assert started.returncode == 0, started.stderr
        assert f"moved the state of 'static' from {old} to {state / 'static'}" in started.stdout
        assert (run / "state").resolve() == state and (state / "static" / "ca.pem").read_text().startswith("the lab")
    finally:
        assert lab.runner("stop", env=env).returncode == 0
    assert (state / "static" / "ca.pem").exists()


@as_root
def test_the_default_state_folder_is_var_lib_as_root_and_xdg_state_as_a_user():
    from stacks.runner import paths

    assert paths.state_dir({}) == Path("/var/lib/interface-lab/stacks")
    assert paths.state_dir({"LAB_RUN_DIR": "/tmp/x"}) is None  # a chosen run directory keeps its own
    code = "from stacks.runner import paths; print(paths.state_dir())"
    user = as_nobody([lab.PYTHON, "-c", code], {**os.environ, "XDG_STATE_HOME": "/tmp/xdg"})
    assert user.stdout == "/tmp/xdg/interface-lab/stacks\n", user.stderr
