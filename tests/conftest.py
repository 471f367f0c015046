"""Shared by every test: the order of disruptive tests, a clean tree, the markers of what a test needs.

- ``import stacks`` works from any test: the lab's packages are installed (pip install -e .,
  which make setup runs).
- A test marked ``disrupts_shared`` stops, restarts or tears down what other tests
  share for the session (a stack, the fleet); it runs after every other test of its folder, so no test depends on
  its file's name to run last.
- The suite writes nothing into the checkout: when the whole suite runs (``make
  test``, or CI), ``git status --porcelain`` must read the same after it as before.
- What a test needs is a marker (pyproject.toml): ``stacks`` for every test of the
  folders that start real servers (STACK_FOLDERS) and for modules elsewhere that say
  so (``pytestmark``), ``root`` for the fleet's, ``slow`` as modules declare it.
  ``make test-fast`` runs ``-m "not stacks and not slow"``.
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


STACK_FOLDERS = {"integration", "production", "labs", "exercises", "fleet"}  # every test here starts servers
ROOT_FOLDERS = {"fleet"}  # network namespaces


def mark_needs(items) -> None:
    """The markers a test's folder implies (a module may add more with ``pytestmark``)."""
    for item in items:
        if not item.path.is_relative_to(ROOT / "tests"):
            continue
        folder = item.path.relative_to(ROOT / "tests").parts[0]
        if folder in STACK_FOLDERS:
            item.add_marker(pytest.mark.stacks)
        if folder in ROOT_FOLDERS:
            item.add_marker(pytest.mark.root)


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(session, config, items):
    """Markers from folders (``mark_needs``); then tests that disrupt a shared fixture go after every
    other test of their folder (the fixture lives in that folder's conftest), in their collected order."""
    mark_needs(items)
    disruptive = [item for item in items if item.get_closest_marker("disrupts_shared")]
    calm = [item for item in items if item not in disruptive]
    last_of_folder = {item.path.parent: item for item in calm}
    ordered = []
    for item in calm:
        ordered.append(item)
        if last_of_folder[item.path.parent] is item:
            ordered += [d for d in disruptive if d.path.parent == item.path.parent]
    items[:] = ordered + [d for d in disruptive if d not in ordered]


def git_status() -> str | None:
    """``git status --porcelain`` of the checkout, None outside a git checkout."""
    try:
        done = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _whole_suite(config) -> bool:
    return not config.args or [Path(a).resolve() for a in config.args] == [ROOT / "tests"]


def pytest_sessionstart(session):
    session.config._tree_before = git_status() if _whole_suite(session.config) else None


def pytest_sessionfinish(session, exitstatus):
    before = getattr(session.config, "_tree_before", None)
    if before is None:
        return
    after = git_status()
    if after is not None and after != before:
        new = sorted(set(after.splitlines()) - set(before.splitlines()))
        print(f"\nerror: the test suite changed the checkout (git status --porcelain): {new}", file=sys.stderr)
        session.exitstatus = 1
