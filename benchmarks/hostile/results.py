"""Where a replay's report goes: benchmarks/results/hostile.json, one entry per stack, newest kept."""

import json
import time

from benchmarks.hostile import corpus
from stacks.runner.paths import ROOT

RESULTS = ROOT / "benchmarks" / "results" / "hostile.json"


def save(reports: dict, path=RESULTS) -> None:
    """Merge ``reports`` (stack -> report) into the results file, newest per stack."""
    data = json.loads(path.read_text()) if path.is_file() else {"stacks": {}}
    data["corpus"] = len(corpus.load())
    data["updated"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    data["stacks"].update(reports)
    data["stacks"] = dict(sorted(data["stacks"].items()))
    path.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n")
