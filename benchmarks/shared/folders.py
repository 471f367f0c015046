"""Where every harness writes its results: the commit policy in one place.

benchmarks/results/ is committed and only a full run writes there; quick and
partial runs write to benchmarks/scratch/ (untracked), so they never replace a
committed figure. ``BENCH_RESULTS`` (tests use a temporary folder) overrides both.
"""

import os
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1]
DEFAULT_RESULTS = BENCHMARKS / "results"  # committed: only a full run writes here
SCRATCH_RESULTS = BENCHMARKS / "scratch"  # untracked (.gitignore): quick and partial runs


def results_dir(committed: bool = True) -> Path:
    """Where results go: ``BENCH_RESULTS`` when set (tests use a temporary folder), else
    benchmarks/results (committed: a full run) or benchmarks/scratch (untracked: quick and partial runs)."""
    configured = os.environ.get("BENCH_RESULTS")
    if configured:
        return Path(configured).absolute()
    return (DEFAULT_RESULTS if committed else SCRATCH_RESULTS).absolute()
