"""Every exercise's checker passes on the reference solution and fails on the starter.

Collected by glob, so a new exercise folder is tested without a new test. The
checkers run the files for real (wsgiref, gunicorn, stacks started by the
runner), exactly as ``make check EXERCISE=...`` does.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "docs" / "exercises"
NAMES = sorted(p.parent.name for p in EXERCISES.glob("*/check.py"))
sys.path.insert(0, str(EXERCISES))
import exercise  # noqa: E402  (docs/exercises/exercise.py: what make check runs)


def check(name: str, *flags: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(EXERCISES / "exercise.py"), name, *flags],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )


def test_there_are_exercises():
    assert len(NAMES) >= 5, NAMES


@pytest.mark.parametrize("name", NAMES)
def test_the_solution_passes(name):
    result = check(name, "--solution")
    if result.returncode != 0 and "is missing" in result.stdout and os.environ.get("CI") != "true":
        pytest.skip(result.stdout.strip().splitlines()[-2])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASSED" in result.stdout


@pytest.mark.parametrize("name", NAMES)
def test_the_starter_fails(name):
    result = check(name)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "NOT YET" in result.stdout and "FAIL" in result.stdout


@pytest.mark.parametrize("name", NAMES)
def test_an_exercise_is_a_folder_with_instructions_starter_checker_solution(name):
    folder = EXERCISES / name
    starter = [p for p in folder.iterdir() if p.name not in exercise.NOT_THE_STARTER]
    assert len(starter) == 1, starter
    assert (folder / "README.md").is_file()
    assert (folder / "solution" / starter[0].name).is_file()
    assert f"make check EXERCISE={name}" in (folder / "README.md").read_text()
