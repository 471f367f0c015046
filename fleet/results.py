"""The fleet's measured figures (fleet-up time, memory, failed requests), in one results file.

docs/fleet.md shows them from the committed file (``make tables``); no figure is
typed by hand. Like the benchmarks, only a deliberate run updates the committed
file: ``FLEET_RECORD=1`` (``make fleet-measure``); otherwise figures go to
``LAB_FLEET_RESULTS`` or, by default, a file in the fleet's own folder.
"""

import json
import time
from pathlib import Path

from fleet import paths
from stacks.runner import variables

COMMITTED = paths.ROOT / "benchmarks" / "results" / "fleet.json"


def results_file(committed: bool = True) -> Path:
    """Where figures go; ``committed=False`` (a quick run) never the committed file."""
    if variables.chosen("FLEET_RECORD") == "1" and committed:
        return COMMITTED
    if variables.chosen("LAB_FLEET_RESULTS"):
        return Path(variables.chosen("LAB_FLEET_RESULTS"))
    return paths.fleet_dir() / "results.json"


def load(path: Path = COMMITTED) -> dict:
    return json.loads(path.read_text()) if path.exists() else {}


def record(key: str, value, committed: bool = True) -> None:
    path = results_file(committed)
    data = load(path)
    data[key] = value
    data["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
