"""The ``stack`` fixture: every discovered stack, started once per session in turn.

Parametrized over the manifests, so a new stack folder is tested without a new
test. Each starts with one app setting given (APP_SETTINGS), as a person gives it
to ``make run-stack``, so every test of the shared stacks also runs through a
stack configured from outside. A stack whose Debian package is missing is skipped on a developer's
machine with the install command, and fails under CI=true, where every stack
must run.
"""

import shutil

import pytest

from stacks.runner import manifest
from tests.integration import lab

STACKS = list(manifest.discover())
BODY_LIMIT = 8 * 1024 * 1024  # below the app's default: test_body_limit proves the setting reaches the app
APP_SETTINGS = {"MAX_BODY_BYTES": str(BODY_LIMIT)}  # as 'make run-stack MAX_BODY_BYTES=...' hands it on


@pytest.fixture(scope="session", params=STACKS)
def stack(request):
    name = request.param
    lab.require(name)
    running = lab.start(name, APP_SETTINGS)
    yield running
    left = running.stop()
    shutil.rmtree(running.run, ignore_errors=True)
    assert not left, f"stack {name} left things behind: {left}"


@pytest.fixture
def full_stack(stack):
    """A stack with the app behind it (not the static ceiling)."""
    if stack.manifest().contract != "full":
        pytest.skip(f"{stack.name} serves only / and /json: no app behind it")
    return stack
