"""Every exercise's checker passes on the reference solution and fails on the starter.

Collected by glob, so a new exercise folder is tested without a new test. The
checkers run the files for real (wsgiref, gunicorn, supervisord, Redis, stacks
started by the runner), exactly as ``make check EXERCISE=...`` does. The
student's own copy lives in an untracked folder, never in the tracked starter,
and ``make progress`` reports every copy's checks as JSON. Exercises whose
checker needs the fleet are proven in tests/fleet/test_course_exercises.py.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from course.tasks import exercise

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "docs" / "exercises"
NAMES = sorted(p.parent.name for p in EXERCISES.glob("*/check.py"))

QUICK = "01-wsgi-callable"  # a checker that needs no stack, for the tests of the machinery
# Checkers that run against the fleet are proven both ways in tests/fleet, on the fleet those tests share.
ON_THIS_BOX = [n for n in NAMES if not exercise.needs(EXERCISES / n)]


def check(name: str, *flags: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "course.tasks.exercise", name, *flags],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )


def starter_of(name: str) -> Path:
    return next(p for p in (EXERCISES / name).iterdir() if p.name not in exercise.NOT_THE_STARTER)


def test_there_are_exercises():
    assert len(NAMES) >= 12, NAMES


@pytest.mark.parametrize("name", ON_THIS_BOX)
def test_the_solution_passes(name):
    result = check(name, "--solution")
    if result.returncode != 0 and "is missing" in result.stdout and os.environ.get("CI") != "true":
        pytest.skip(result.stdout.strip().splitlines()[-2])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASSED" in result.stdout


@pytest.mark.parametrize("name", ON_THIS_BOX)
def test_the_starter_fails(name):
    result = check(name, "--starter")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "NOT YET" in result.stdout and "FAIL" in result.stdout


@pytest.mark.parametrize("name", NAMES)
def test_an_exercise_is_a_folder_with_instructions_starter_checker_solution(name):
    folder = EXERCISES / name
    starter = [p for p in folder.iterdir() if p.name not in exercise.NOT_THE_STARTER]
    assert len(starter) == 1, starter
    readme = (folder / "README.md").read_text()
    assert (folder / "solution" / starter[0].name).is_file()
    assert f"make check EXERCISE={name}" in readme
    assert f"docs/exercises/work/{name}/{starter[0].name}" in readme, "the README names the student's own copy"


def test_the_first_check_copies_the_starter_and_checks_the_copy(tmp_path):
    result = check(QUICK, "--work", str(tmp_path))
    copy = tmp_path / QUICK / starter_of(QUICK).name
    assert copy.read_bytes() == starter_of(QUICK).read_bytes()
    assert f"checking {copy}" in result.stdout and result.returncode == 1, result.stdout
    copy.write_bytes((EXERCISES / QUICK / "solution" / copy.name).read_bytes())
    again = check(QUICK, "--work", str(tmp_path))
    assert again.returncode == 0 and "PASSED" in again.stdout, again.stdout + again.stderr
    reset = check(QUICK, "--work", str(tmp_path), "--reset")
    assert reset.returncode == 1 and copy.read_bytes() == starter_of(QUICK).read_bytes()


def test_the_student_copies_are_not_tracked():
    for path in ("docs/exercises/work/x/app.py", "docs/labs/work/x/y.conf", "docs/progress.json"):
        ignored = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT)
        assert ignored.returncode == 0, f"{path} must be ignored by git (.gitignore): it is the student's own"


def test_progress_reports_each_copy_as_json(tmp_path):
    work, labs = tmp_path / "exercises", tmp_path / "labs"
    assert check(QUICK, "--work", str(work)).returncode == 1  # a started, failing copy
    report = tmp_path / "progress.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "course.tasks.progress",
            "--json",
            str(report),
            "--exercise-work",
            str(work),
            "--lab-work",
            str(labs),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    document = json.loads(report.read_text())
    assert set(document["exercises"]) == set(NAMES)
    mine = document["exercises"][QUICK]
    assert mine["status"] == "failed" and any(not c["passed"] for c in mine["checks"]), mine
    assert all(document["exercises"][n]["status"] == "not started" for n in NAMES if n != QUICK)
    assert all(lab["status"] == "not started" for lab in document["labs"].values())
    assert document["passed"] == {"exercises": 0, "labs": 0}
    assert f"{QUICK:<28} failed" in result.stdout
