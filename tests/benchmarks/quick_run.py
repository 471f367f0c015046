"""Running a benchmark target quick, as a person would, with its results in a temporary folder.

Shared by the end-to-end tests of ``make slow-clients`` and ``make availability``:
what they need is checked first (missing: a skip here, a failure on CI), the run
gets its own BENCH_RESULTS folder and starts its stacks privately (the runner's
start_private), so neither a person's stack nor the committed results are touched.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.integration import lab


def require(stacks: list, tools: dict) -> None:
    """Skip (fail on CI) unless every tool ({binary: Debian package}) and every stack's needs are there."""
    missing = [
        f"{tool} is missing (Debian package {package}; make setup)"
        for tool, package in tools.items()
        if not shutil.which(tool)
    ]
    missing += [m for name in stacks if (m := lab.missing_need(name))]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run this: {'; '.join(missing)}")
        pytest.skip("; ".join(missing))


def make(args: list, out: Path, timeout: float) -> subprocess.CompletedProcess:
    """``make ARGS`` with results into ``out``."""
    env = {**os.environ, "BENCH_RESULTS": str(out)}
    return subprocess.run(["make", *args], cwd=lab.ROOT, env=env, capture_output=True, text=True, timeout=timeout)
