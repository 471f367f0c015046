"""The pipeline's measured figures: how long a push takes to reach the fleet, stage by stage, and
what a rollback cost, in ``benchmarks/results/pipeline.json`` with the machine and its load.

Written by the pipeline's own test (tests/fleet/test_pipeline.py). Only a measuring run,
``make pipeline-measure`` (``PIPELINE_RECORD=1``: the full test profile, each push alone), writes
the committed file, which docs/automation.md shows (course/automation_page.py, ``make tables``);
the suite's quick runs write to benchmarks/scratch/, by the benchmarks' one commit policy.
"""

import json
import os
import time
from pathlib import Path

from benchmarks.shared import folders, machine

NAME = "pipeline.json"
COMMITTED = folders.DEFAULT_RESULTS / NAME


def recording() -> bool:
    """Whether this run measures for the page (make pipeline-measure) rather than tests."""
    return os.environ.get("PIPELINE_RECORD") == "1"


def path() -> Path:
    return folders.results_dir(committed=recording()) / NAME


def record(key: str, figures: dict) -> Path:
    """Add ``figures`` under ``key``, with when, the machine and its load average now."""
    target = path()
    data = json.loads(target.read_text()) if target.is_file() else {}
    data[key] = {**figures, "load_average_after": round(machine.load_average(), 1)}
    data["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    data["machine"] = machine.describe()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    return target


def load() -> dict:
    return json.loads(COMMITTED.read_text()) if COMMITTED.is_file() else {}
