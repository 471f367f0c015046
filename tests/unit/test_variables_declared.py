"""Every environment variable the lab's command lines read is declared in stacks/runner/variables.py,
and each command line's ``--help`` lists the ones it reads.

A variable read somewhere below a command line and declared nowhere is a knob nobody
can find: ``make fleet-up FLEET_INVENTORY=...`` works, but no help says so. The
source of the runner, the fleet, the benchmarks, the course's tools and the
checkers is read for every ``os.environ`` / ``os.getenv`` read of a literal name.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from stacks.runner import variables

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("stacks", "fleet", "benchmarks", "course", "docs/exercises", "docs/labs")
# Read, but nobody steers the lab with them: the system's own, and what a stack's template hands
# to the program it starts. (ci/ declares its own in ci/settings.py; apps/ and interfaces/ read
# the app's settings, declared in apps/hello/config/settings.toml.)
NOT_KNOBS = {
    "PATH": "the system's",
    "HOME": "the system's",
    "SUPERVISOR_SERVER_URL": "supervisord sets it for every program it starts",
    "SOURCE_DATE_EPOCH": "the reproducible-builds convention, set by the image build for its own steps",
    "IMAGE": "the container stack's manifest hands it to its launcher",
    "BUGSINK_BASE_URL": "the production stack's tracker program is given it by its template",
    "BUGSINK_ALLOWED_HOSTS": "the production stack's tracker program is given it by its template",
}


def _is_os_environ(node) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ" and getattr(node.value, "id", "") == "os"


def reads(tree) -> set:
    """The literal names a module reads with os.environ.get(...), os.environ[...], os.getenv(...), "X" in os.environ."""
    found = set()
    for node in ast.walk(tree):
        name = None
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            if isinstance(func, ast.Attribute) and (
                (func.attr == "get" and _is_os_environ(func.value))
                or (func.attr == "getenv" and getattr(func.value, "id", "") == "os")
            ):
                name = node.args[0].value
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and _is_os_environ(node.value):
            name = getattr(node.slice, "value", None)
        elif isinstance(node, ast.Compare) and any(_is_os_environ(c) for c in node.comparators):
            name = getattr(node.left, "value", None)
        if isinstance(name, str):
            found.add(name)
    return found


def sources():
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "solution" not in path.parts and path.name != "app.py":  # a student's app reads what it likes
                yield path


def test_the_scan_finds_a_read():
    assert reads(ast.parse('import os\nos.environ.get("A"); os.environ["B"]; os.getenv("C"); "D" in os.environ')) == {
        "A",
        "B",
        "C",
        "D",
    }


def test_every_variable_read_is_declared():
    undeclared = {}
    for path in sources():
        for name in reads(ast.parse(path.read_text(), str(path))):
            if name not in variables.BY_NAME and name not in NOT_KNOBS:
                undeclared.setdefault(name, []).append(str(path.relative_to(ROOT)))
    assert not undeclared, f"declare these in stacks/runner/variables.py (or read them through it): {undeclared}"


@pytest.mark.parametrize(
    "command, reader",
    [
        (["-m", "fleet", "--help"], variables.FLEET),
        (["-m", "benchmarks", "--help"], variables.BENCH),
        (["-m", "course.tasks.exercise", "--help"], variables.CHECKERS),
        (["-m", "stacks", "run", "--help"], variables.RUNNER),
    ],
)
def test_each_command_lines_help_lists_what_it_reads(command, reader):
    shown = subprocess.run([sys.executable, *command], capture_output=True, text=True, timeout=60, cwd=ROOT).stdout
    expected = [v.name for v in variables.VARIABLES if reader in v.read_by]
    assert expected and all(f"  {name} " in shown for name in expected), shown
