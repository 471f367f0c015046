"""Wrong answers that once passed an exercise's checker are refused now.

Each case is the reference solution with one mistake a learner makes, checked by
``make check EXERCISE=... `` (``python -m course.tasks.exercise --file``) against the real servers:
a checker that looks only at what the happy path shows would let it pass.
"""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "docs" / "exercises"
PROXY = EXERCISES / "04-nginx-proxy" / "solution" / "location.conf"


def _with(solution: Path, old: str, new: str) -> str:
    text = solution.read_text()
    assert old in text, f"{solution} no longer holds {old!r}: update this wrong answer"
    return text.replace(old, new)


def _check(name: str, answer: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "course.tasks.exercise", name, "--file", str(answer)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.mark.parametrize(
    "old, new, refusal",
    [
        (
            "X-Forwarded-For $proxy_add_x_forwarded_for;",
            "X-Forwarded-For 127.0.0.1;",
            "a client's own X-Forwarded-For is kept",
        ),
        ("X-Forwarded-Proto $scheme;", "X-Forwarded-Proto http;", "X-Forwarded-Proto: https over TLS"),
        ("proxy_http_version 1.1;", "", "reuse one upstream connection"),
    ],
    ids=["hard-coded X-Forwarded-For", "hard-coded X-Forwarded-Proto", "no keep-alive"],
)
def test_exercise_04_refuses(tmp_path, old, new, refusal):
    answer = tmp_path / "location.conf"
    answer.write_text(_with(PROXY, old, new))
    result = _check("04-nginx-proxy", answer)
    assert result.returncode == 1, result.stdout + result.stderr
    failed = [line for line in result.stdout.splitlines() if line.lstrip().startswith("FAIL")]
    assert any(refusal in line for line in failed), result.stdout


def _checker(name: str):
    """An exercise's check.py as a module, for the parts that judge an answer without a server."""
    spec = importlib.util.spec_from_file_location(f"check_{name[:2]}", EXERCISES / name / "check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "given, right",
    [
        ("/usr/bin/python3", True),
        (os.path.realpath("/usr/bin/python3"), True),  # python3.11 on Debian 12: the same file
        ("/usr/bin/../bin/python3", True),
        ("python3", False),  # which one? The virtualenv has one too
        ("/usr/bin/python2", False),
    ],
)
def test_exercise_05_compares_the_interpreter_as_a_file(given, right):
    assert _checker("05-reading-env").agrees("executable", given, "/usr/bin/python3") is right
