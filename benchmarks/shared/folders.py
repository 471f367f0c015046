"""Where every harness writes its results: the one commit policy, in one place.

benchmarks/results/ is committed, and only a *full* run writes there: the full
profile over the harness's whole set of stacks (every stack; for ``make
availability``, the reference deployment). Quick and partial runs write to
benchmarks/scratch/ (untracked), so they never replace a committed figure, unless
the person asks with ``COMMIT=1`` (``--commit``). Pages are never written by a
harness: every harness target of the Makefile ends with ``make tables``, which
regenerates the pages from the committed results (course/registry.py).
``BENCH_RESULTS`` (tests use a temporary folder) overrides both folders.
"""

from pathlib import Path

from stacks.runner import variables

BENCHMARKS = Path(__file__).resolve().parents[1]
DEFAULT_RESULTS = BENCHMARKS / "results"  # committed: only a full run writes here
SCRATCH_RESULTS = BENCHMARKS / "scratch"  # untracked (.gitignore): quick and partial runs


def results_dir(committed: bool = True) -> Path:
    """Where results go: ``BENCH_RESULTS`` when set (tests use a temporary folder), else
    benchmarks/results (committed: a full run) or benchmarks/scratch (untracked: quick and partial runs)."""
    configured = variables.chosen("BENCH_RESULTS")
    if configured:
        return Path(configured).absolute()
    return (DEFAULT_RESULTS if committed else SCRATCH_RESULTS).absolute()


def for_run(quick: bool, partial: bool, commit: bool = False) -> Path:
    """The folder a run's results go to, by the policy above; says so when it is not the committed one."""
    folder = results_dir(committed=commit or not (quick or partial))
    if (quick or partial) and not commit:
        print(
            f"a {'quick' if quick else 'partial'} run: results go to {folder}, "
            "the committed ones are left alone (COMMIT=1 / --commit to replace them)"
        )
    return folder
