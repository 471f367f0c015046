"""A newcomer's first run, on the real system with a part of it taken away: the Debian package
missing is simulated by hiding its files in a private mount namespace (what the machine
looks like without it), never by a stub. Each path ends in one line naming the
'sudo apt-get install' to run, and leaves no virtualenv the next run would trust."""

import os
import pwd
import shutil
import signal
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from stacks.runner import account, setup
from tests.integration import lab

as_root = pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("unshare"), reason="hiding a package's files needs root (a mount namespace)"
)
ENSUREPIP = Path(sysconfig.get_path("stdlib", vars={"installed_base": "/usr"})) / "ensurepip"
PYTHON_H_DIR = Path("/usr/include") / f"python{sys.version_info.major}.{sys.version_info.minor}"


def without(hidden: Path, command: list, env: dict, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run ``command`` with ``hidden`` replaced by an empty folder, as if its package were not installed."""
    empty = tmp_path / "empty"
    empty.mkdir(exist_ok=True)
    script = 'mount --bind "$0" "$1" && shift && exec "$@"'
    return subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, str(empty), str(hidden), *command],
        cwd=lab.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@as_root
@pytest.mark.skipif(bool(account.unreachable_part(lab.ROOT)), reason="the checkout is private to root")
def test_an_ordinary_user_without_python3_venv_gets_one_line_and_no_virtualenv(tmp_path):
    assert ENSUREPIP.is_dir(), "python3-venv is not installed here, so hiding it proves nothing"
    home = lab.new_run_dir()  # a folder nobody can reach (tmp_path's parents are root's only)
    nobody = pwd.getpwnam("nobody")
    os.chown(home, nobody.pw_uid, nobody.pw_gid)
    venv = home / ".venv"
    env = {**os.environ, "HOME": str(home)}
    result = without(
        ENSUREPIP,
        [
            "setpriv",
            "--reuid=nobody",
            "--regid=nogroup",
            "--init-groups",
            "make",
            "--no-print-directory",
            "setup-docs",
            f"VENV={venv}",
        ],
        env,
        tmp_path,
    )
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        "error: /usr/bin/python3 cannot make a virtualenv (no ensurepip): run 'sudo apt-get install -y python3-venv'"
    ], result.stderr
    assert "Traceback" not in result.stderr and not venv.exists()
    shutil.rmtree(home)


@as_root
def test_without_python3_dev_the_stacks_setup_stops_before_compiling(tmp_path):
    assert (PYTHON_H_DIR / "Python.h").exists(), "python3-dev is not installed here, so hiding it proves nothing"
    venv = tmp_path / "venv"
    env = {**os.environ, "VENV": str(venv)}
    result = without(
        PYTHON_H_DIR, [lab.PYTHON, "-m", "stacks", "setup", "--for", "stacks", "--stack", "wsgi"], env, tmp_path
    )
    assert result.returncode == 2
    assert result.stderr == (
        "error: uWSGI is compiled on install and needs python3-dev: run 'sudo apt-get install -y python3-dev'\n"
    )
    assert not venv.exists()


def _python_310() -> str:
    installed = sorted(Path.home().glob(".pyenv/versions/3.10*/bin/python3"))
    found = installed[0] if installed else shutil.which("python3.10", path="/usr/bin:/usr/local/bin")
    return str(found or "")


@pytest.mark.skipif(not _python_310(), reason="no Python 3.10 on this machine (Ubuntu 22.04's)")
def test_python_310_gets_one_line_naming_the_version_it_needs():
    result = subprocess.run([_python_310(), "-m", "stacks", "list"], cwd=lab.ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("error: Interface Lab needs Python 3.11 or newer (it reads TOML with tomllib); ")
    assert result.stderr.count("\n") == 1


BUILD = (
    "import sys; from pathlib import Path; from stacks.runner import lock, setup; "
    "setup.build_venv(Path(sys.argv[1]), lock.REQUIREMENTS_DIR / 'uv.txt', compiles=True)"
)


@as_root
def test_a_build_killed_half_way_is_not_trusted_by_the_next_run(tmp_path):
    venv = tmp_path / "venv"
    building = subprocess.Popen(
        [lab.PYTHON, "-c", BUILD, str(venv)], cwd=lab.ROOT, stdout=subprocess.DEVNULL, start_new_session=True
    )
    try:
        assert lab.wait_for(lambda: (venv / "bin").is_dir(), 60, 0.05), "the build never started"
    finally:
        os.killpg(building.pid, signal.SIGKILL)  # the power cut: no handler runs
        building.wait(timeout=30)
    assert (venv / setup.BUILDING).exists() and not (venv / setup.STAMP).exists()
    # The next run (here one that then stops at a missing python3-dev) does not use it: it removes it.
    again = without(PYTHON_H_DIR, [lab.PYTHON, "-c", BUILD, str(venv)], dict(os.environ), tmp_path)
    assert "venv is unfinished (an interrupted run left it): building it again" in again.stdout
    assert "needs python3-dev" in again.stderr and not venv.exists()
