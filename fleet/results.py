"""The fleet's measured figures (fleet-up time, memory, failed requests), in one results file.

docs/fleet.md shows them from this file; no figure is typed by hand.
"""

import json
import time

from fleet import paths

RESULTS = paths.ROOT / "benchmarks" / "results" / "fleet.json"


def load() -> dict:
    return json.loads(RESULTS.read_text()) if RESULTS.exists() else {}


def record(key: str, value) -> None:
    data = load()
    data[key] = value
    data["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    RESULTS.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
