"""Every troubleshooting lab's check fails on its broken/ overlay and passes on solution/.

Collected by glob. Each run starts the real stack through the runner, in its own
run directory on a free port, exactly as ``make lab-check`` does; a lab whose
broken stack never comes up costs the stack's start-up deadline (about 20 s).
A lab that needs root, or a stack whose packages are missing, is skipped on a
developer's machine and fails under CI=true, where every lab must run.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration import lab as stacks_lab

ROOT = Path(__file__).resolve().parents[2]
LABS = ROOT / "docs" / "labs"
NAMES = sorted(p.parent.name for p in LABS.glob("*/check.py"))


def lab_check(name: str, overlay: Path) -> subprocess.CompletedProcess:
    run = stacks_lab.new_run_dir()
    env = {**os.environ, "LAB_RUN_DIR": str(run), "PORT": str(stacks_lab.free_port()), "PYTHON_ENV": "test"}
    try:
        return subprocess.run(
            [sys.executable, str(LABS / "lab.py"), "check", name, "--overlay", str(overlay)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )
    finally:
        assert not (run / "state.json").exists(), f"lab {name} left its stack running in {run}"
        shutil.rmtree(run, ignore_errors=True)


def skip_unless_runnable(result: subprocess.CompletedProcess) -> None:
    """Exit status 2 is 'cannot run here' (not root, a package missing)."""
    if result.returncode == 2:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run every lab: {result.stderr.strip()}")
        pytest.skip(result.stderr.strip())


def test_there_are_labs():
    assert len(NAMES) >= 3, NAMES


@pytest.mark.parametrize("name", NAMES)
def test_broken_fails_and_solution_passes(name):
    broken = lab_check(name, LABS / name / "broken")
    skip_unless_runnable(broken)
    assert broken.returncode == 1 and "FAIL" in broken.stdout, broken.stdout + broken.stderr
    fixed = lab_check(name, LABS / name / "solution")
    assert fixed.returncode == 0 and "PASSED" in fixed.stdout, fixed.stdout + fixed.stderr


@pytest.mark.parametrize("name", NAMES)
def test_a_lab_names_its_symptom_and_its_commands(name):
    readme = (LABS / name / "README.md").read_text()
    for heading in ("## The symptom", "## What to look at", "## Hints", "## Check your fix"):
        assert heading in readme, f"{name}/README.md lacks {heading!r}"
    assert f"make lab-start LAB={name}" in readme and f"make lab-check LAB={name}" in readme
    broken = {p.name for p in (LABS / name / "broken").iterdir()}
    assert broken == {p.name for p in (LABS / name / "solution").iterdir()}, "broken/ and solution/ hold the same files"
