"""The runner started by an ordinary user: everything runs as that user, nothing needs root.

CI runs as root, so this test switches to the unprivileged ``nobody`` account
with setpriv (util-linux) and starts stacks the way such a user would.
"""

import os
import pwd
import shutil
import subprocess

import pytest

from stacks.runner import account, probe, procfs, proctree
from tests.integration import lab

pytestmark = pytest.mark.root

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="needs root to switch to another user"),
    pytest.mark.skipif(
        bool(account.unreachable_part(lab.ROOT)), reason="the checkout is private to root: no other user could use it"
    ),
]


def as_nobody(*args, env):
    return subprocess.run(
        ["setpriv", "--reuid=nobody", "--regid=nogroup", "--init-groups", lab.PYTHON, "-m", "stacks", *args],
        cwd=lab.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("name", ["wsgi", "proxy"])
def test_ordinary_user_runs_a_stack(name):
    nobody = pwd.getpwnam("nobody")
    run = lab.new_run_dir()
    os.chown(run, nobody.pw_uid, nobody.pw_gid)
    port = lab.free_port()
    env = {**os.environ, "LAB_RUN_DIR": str(run), "PORT": str(port), "HOME": "/tmp"}
    try:
        started = as_nobody("run", name, env=env)
        assert started.returncode == 0, started.stderr
        assert probe.request(f"http://127.0.0.1:{port}/")[2] == b"Hello, World!"
        state_pid = int((run / "supervisord.pid").read_text())
        owners = {procfs.owner(p) for p in [state_pid, *proctree.descendants(state_pid)]}
        assert owners == {"nobody"}
    finally:
        stopped = as_nobody("stop", env=env)
        shutil.rmtree(run, ignore_errors=True)
    assert stopped.returncode == 0 and "nothing of it is left running" in stopped.stdout
