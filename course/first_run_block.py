"""README.md's first-run block: what each target's setup costs a newcomer, from
benchmarks/results/first-run.json (python -m benchmarks.studies.first_run), and how
long the full benchmark run took, from benchmarks/results/latest.json."""

import json

from benchmarks.shared.folders import DEFAULT_RESULTS
from course import blocks

NAME = "first run"
WHAT = {
    "make run-stack STACK=wsgi": "the stacks' servers (uWSGI compiled)",
    "make docs": "MkDocs, matplotlib (also for `make tables`)",
    "make bench": "locust, py-spy, every stack's packages, the error tracker's virtualenv",
}


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f} min" if seconds >= 60 else f"{seconds:.0f} s"


def table() -> str:
    first = json.loads((DEFAULT_RESULTS / "first-run.json").read_text())
    rows = ["| first command | what it adds | time | disk of the virtualenvs after it |", "|---|---|---|---|"]
    for step in first["steps"]:
        status = "" if step["exit_status"] == 0 else f" (failed, exit status {step['exit_status']})"
        rows.append(
            f"| `{step['command']}` | {WHAT.get(step['command'], '')} | +{_minutes(step['seconds'])}"
            f"{status} | {step['disk_mb_after']:,} MB |"
        )
    loads = [s["load_average_start"] for s in first["steps"]]
    cache = "with pip's cache of earlier installs" if first["pip_cache_present"] else "with an empty pip cache"
    latest = json.loads((DEFAULT_RESULTS / "latest.json").read_text())
    return "\n".join(
        [
            *rows,
            "",
            f"Measured from a fresh clone on {first['measured_at'][:10]} ({first['machine']['cores']} cores, {cache}, "
            f"load average {min(loads):.1f}–{max(loads):.1f} at the steps' start: a loaded machine stretches these), "
            "each step adding to the one before; the Debian packages were already installed. "
            f"The last full `make bench` took {_minutes(latest['elapsed_seconds'])}.",
        ]
    )


def fill(text: str) -> str:
    return blocks.fill(text, {NAME: table})
