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
- ``make test`` runs on two pytest-xdist workers (``--dist loadgroup``): a group of tests
  (``worker_group``) runs whole, in order, on one worker (``pytest_xdist_make_scheduler``).
  A group is what must not be split: the tests that share a started server or a build (one stack of
  tests/integration's ``stack``, a module's fixtures, a folder whose conftest holds a
  fixture for the whole folder, the container image and its stack), or the fleet, of
  which there is one per machine. The exercises and labs share nothing, so each of
  their tests goes to whichever worker is free. The heaviest group is handed out first
  (HEAVY_FIRST), so neither worker is left with a long group at the end.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from stacks.runner import manifest

ROOT = Path(__file__).resolve().parents[1]


STACK_FOLDERS = {"integration", "production", "labs", "exercises", "fleet", "container"}  # every test starts servers
ROOT_FOLDERS = {"fleet"}  # network namespaces
# Folders whose tests run on one worker, in order: a fixture of the folder's conftest (package
# scope: the production stack, the built course site and its browser, the container stack), or the fleet.
WHOLE_FOLDERS = {"fleet", "production", "docs", "container"}
# Folders whose tests share nothing: each test is a group of its own.
EACH_ALONE = {"labs", "exercises"}
# The groups that take longest (measured: the profile of the whole suite), handed out first.
HEAVY_FIRST = ("fleet",)
STACKS = sorted(manifest.discover(), key=len, reverse=True)  # the longest name first: hypercorn-h3 before hypercorn


def stack_of(nodeid: str) -> str:
    """The stack a tests/integration test runs on, from its id (``test_x[hypercorn-h3-case]``): '' if none."""
    params = nodeid.partition("[")[2].removesuffix("]")
    return next((name for name in STACKS if params == name or params.startswith(name + "-")), "")


def worker_group(nodeid: str) -> str:
    """The xdist group of a test, from its id: its folder, its stack, its module, or itself.

    From the id alone, because the controller that hands out the groups never collects
    the tests; the workers check the stack read from an id against the test's own
    parameters (``check_groups``).
    """
    path = nodeid.partition("::")[0]
    folder = path.split("/")[1] if path.count("/") >= 2 else ""
    stack = stack_of(nodeid) if folder == "integration" else ""
    if folder in WHOLE_FOLDERS:
        return folder
    if stack:
        return "container" if stack == "container" else f"stack-{stack}"  # the image: tests/container's too
    if folder in EACH_ALONE:
        return nodeid
    return path


def check_groups(items) -> None:
    """Every test that uses tests/integration's ``stack`` is grouped by that stack."""
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "stack" in params and stack_of(item.nodeid) != params["stack"]:
            raise pytest.UsageError(f"{item.nodeid}: its id does not start with its stack {params['stack']!r}")


def pytest_xdist_make_scheduler(config, log):
    """``--dist loadgroup`` hands out the groups of ``worker_group`` (xdist's own reads a suffix
    that pytest 9 no longer lets it add to an id)."""
    if config.getoption("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ByGroup(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return worker_group(nodeid)

    return ByGroup(config, log)


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
    other test of their folder (the fixture lives in that folder's conftest), in their collected order;
    under xdist, the heaviest groups go first (HEAVY_FIRST), each group's own order kept."""
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
    if config is not None and config.getoption("dist", "no") != "no":  # under xdist: heaviest groups first
        check_groups(items)
        rank = {name: i for i, name in enumerate(HEAVY_FIRST)}
        items.sort(key=lambda item: rank.get(worker_group(item.nodeid), len(rank)))


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
    in_worker = hasattr(session.config, "workerinput")  # under xdist the controller checks, once
    session.config._tree_before = git_status() if _whole_suite(session.config) and not in_worker else None


def pytest_sessionfinish(session, exitstatus):
    before = getattr(session.config, "_tree_before", None)
    if before is None:
        return
    after = git_status()
    if after is not None and after != before:
        new = sorted(set(after.splitlines()) - set(before.splitlines()))
        print(f"\nerror: the test suite changed the checkout (git status --porcelain): {new}", file=sys.stderr)
        session.exitstatus = 1
