"""Every troubleshooting lab's check fails on its broken/ overlay and passes on solution/.

Collected by glob. Each run starts the real stack through the runner on free
ports, exactly as ``make lab-check`` does (``start_private``). The runs of one stack share a run
directory, one after another, as a person's runs do: the stack's state folder
(the production stack's certificate authority and error tracker) is made once,
not for every run. A lab that needs root, or a stack whose packages are missing,
is skipped on a developer's machine and fails under CI=true, where every lab must run.
A lab that breaks the fleet (``NEEDS = "fleet"``) is proven in tests/fleet, on the
fleet those tests share; here only its README is read.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course.tasks import lab as labtool
from stacks.runner import private, probe
from stacks.runner.runstate import RunState
from tests.integration import lab as stacks_lab

ROOT = Path(__file__).resolve().parents[2]
LABS = ROOT / "docs" / "labs"
NAMES = sorted(p.parent.name for p in LABS.glob("*/check.py"))
LEFT_RUNNING = "05-uwsgi-need-app"  # a broken stack that fails its probe fast


LABTOOL = labtool  # course/tasks/lab.py, the tool behind make lab-start and lab-check


def lab_module(name: str):
    return LABTOOL.load(name)


ON_A_STACK = [name for name in NAMES if not LABTOOL.on_fleet(lab_module(name))]


@pytest.fixture(scope="module")
def run_dirs():
    """One run directory per stack, removed at the end; each run must stop what it started."""
    made = {}
    yield lambda stack: made.setdefault(stack, stacks_lab.new_run_dir())
    for run in made.values():
        shutil.rmtree(run, ignore_errors=True)


def lab_env(stack: str, run: Path) -> dict:
    """What ``make lab-start`` hands lab.py: the run directory and ports a person chose."""
    ports = {name.upper(): str(port) for name, port in private.free_ports(stack).items()}
    return {**os.environ, "LAB_RUN_DIR": str(run), **ports, "PYTHON_ENV": "test"}


def lab_py(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "course.tasks.lab", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def lab_check(name: str, which: str, run: Path) -> subprocess.CompletedProcess:
    """``lab.py check NAME --broken`` or ``--solution``, as make lab-check runs it (one run directory per stack)."""
    result = lab_py("check", name, f"--{which}", "--run-dir", str(run), env={**os.environ, "PYTHON_ENV": "test"})
    assert not (run / "state.json").exists(), f"lab {name} left its stack running in {run}"
    return result


def skip_unless_runnable(result: subprocess.CompletedProcess) -> None:
    """Exit status 2 is 'cannot run here' (not root, a package missing)."""
    if result.returncode == 2:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run every lab: {result.stderr.strip()}")
        pytest.skip(result.stderr.strip())


def test_there_are_labs():
    assert len(NAMES) >= 10, NAMES


@pytest.mark.parametrize("name", ON_A_STACK)
def test_broken_fails_and_solution_passes(name, run_dirs):
    run = run_dirs(lab_module(name).STACK)
    broken = lab_check(name, "broken", run)
    skip_unless_runnable(broken)
    assert broken.returncode == 1 and "FAIL" in broken.stdout, broken.stdout + broken.stderr
    fixed = lab_check(name, "solution", run)
    assert fixed.returncode == 0 and "PASSED" in fixed.stdout, fixed.stdout + fixed.stderr


def test_lab_start_leaves_the_broken_stack_running_and_stop_stack_ends_it(tmp_path, run_dirs):
    stack = lab_module(LEFT_RUNNING).STACK
    run = run_dirs(stack)
    env = lab_env(stack, run)
    started = lab_py("start", LEFT_RUNNING, "--work", str(tmp_path), env=env)
    skip_unless_runnable(started)
    assert "left running" in started.stdout, started.stdout + started.stderr
    handed_out = LABTOOL.files_for(lab_module(LEFT_RUNNING), "broken", tmp_path / "expected")
    assert (tmp_path / LEFT_RUNNING / "uwsgi.ini").read_text() == (handed_out / "uwsgi.ini").read_text()
    state = RunState.load(run)
    assert state, f"lab-start left nothing running in {run}"
    running = stacks_lab.RunningStack(stack, run, int(env["PORT"]), env, state, started.stdout)
    try:
        status, _, _ = probe.request(running.url + "/")
        assert status == 502, "the symptom the README describes: nginx answers 502 with no app behind it"
    finally:
        left = running.stop()
    assert not left, left


@pytest.mark.parametrize("name", NAMES)
def test_a_lab_names_its_symptom_and_its_commands(name):
    readme = (LABS / name / "README.md").read_text()
    for heading in ("## The symptom", "## What to look at", "## Hints", "## Check your fix"):
        assert heading in readme, f"{name}/README.md lacks {heading!r}"
    assert f"make lab-start LAB={name}" in readme and f"make lab-check LAB={name}" in readme


@pytest.mark.parametrize("name", ON_A_STACK)
def test_the_broken_files_differ_from_the_fix_in_the_same_files(name, tmp_path):
    """Made from the stack's current templates (BREAK) or kept as folders, the two sets match
    file for file and differ; a BREAK that no longer applies to its stack fails here."""
    lab = lab_module(name)
    broken = LABTOOL.files_for(lab, "broken", tmp_path / "broken")
    fixed = LABTOOL.files_for(lab, "solution", tmp_path / "solution")
    names = sorted(p.name for p in broken.iterdir())
    assert names and names == sorted(p.name for p in fixed.iterdir()), "broken and solution hold the same files"
    assert any((broken / n).read_bytes() != (fixed / n).read_bytes() for n in names), "the broken files are broken"


@pytest.mark.parametrize("name", NAMES)
def test_a_lab_that_needs_root_says_so(name):
    lab = lab_module(name)
    says = "**Needs root:**" in (LABS / name / "README.md").read_text()
    assert says == bool(getattr(lab, "NEEDS_ROOT", False)), (
        f"{name}: NEEDS_ROOT and the README's **Needs root:** line disagree"
    )


def runs_on(name: str) -> str:
    """Where a lab runs, as its README's first line and the index name it."""
    lab = lab_module(name)
    return "the fleet" if LABTOOL.on_fleet(lab) else f"`{lab.STACK}`"


@pytest.mark.parametrize("name", NAMES)
def test_a_lab_names_the_stack_it_runs(name):
    readme = (LABS / name / "README.md").read_text()
    lab = lab_module(name)
    assert ("**Fleet:** [the fleet]" if LABTOOL.on_fleet(lab) else f"**Stack:** [{lab.STACK}]") in readme


def test_the_index_names_each_lab_with_its_stack():
    index = (ROOT / "docs" / "index.md").read_text()
    for name in NAMES:
        row = f"| [{name}](labs/{name}/README.md) | {runs_on(name)} |"
        assert row in index, f"docs/index.md should list {name} with its stack: {row}"
