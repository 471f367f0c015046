"""The staging environment: the production stack on its own ports, with ``PYTHON_ENV=staging``.

Staging is a second copy of the single-host production stack — nginx with TLS, gunicorn, Redis,
the error tracker, Prometheus — run by the same runner from the CI server's folder
(``<ci dir>/staging``) with the overlay ``ci/staging/`` (its ``stage.env`` says staging). Not a
staging inventory of the fleet: the fleet exists once per machine and is production here; a
second one would double the machine's load for what a single host already rehearses (the same
release build, deploy checks and checklist). What staging cannot show — several hosts behind a
balancer, production's own configuration — is what the verify stage watches for after the roll.
"""

import os
import subprocess
import sys
from pathlib import Path

from ci.settings import Settings
from stacks.runner import lifecycle
from stacks.runner.paths import ROOT

OVERLAY = ROOT / "ci" / "staging"
START_TIMEOUT = 300


def environment(settings: Settings) -> dict:
    """What the runner and the production stack's tools need to find staging."""
    ports = {
        name.removeprefix("STAGING_"): str(value)
        for name, value in settings.ports.items()
        if name.startswith("STAGING_")
    }
    return {**os.environ, "LAB_RUN_DIR": str(settings.staging), "LAB_OVERLAY": str(OVERLAY), **ports}


def running(settings: Settings):
    """The staging stack's run state, or None."""
    return lifecycle.read_state(settings.staging)


def release(settings: Settings):
    """The release folder staging serves (its ``current``), or None before the first deploy."""
    current = settings.staging / "state" / "production" / "current"
    return current.resolve() if current.is_symlink() else None


def ensure(settings: Settings) -> None:
    """Start staging unless it runs (it keeps running between builds, like a real staging host)."""
    if running(settings):
        return
    print(f"staging: starting the production stack as staging in {settings.staging}")
    result = subprocess.run(
        [sys.executable, "-m", "stacks", "run", "production"],
        cwd=ROOT,
        env=environment(settings),
        timeout=START_TIMEOUT,
    )
    if result.returncode != 0:
        raise SystemExit(f"staging: error: the staging stack did not start (exit {result.returncode})")


def stop(folder: Path) -> None:
    """Stop the staging stack of the CI server in ``folder`` (ci-down), if it runs."""
    staging = folder / "staging"
    if lifecycle.read_state(staging):
        lifecycle.stop(staging, quiet=True)
