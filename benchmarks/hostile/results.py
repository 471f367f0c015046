"""Where a replay's report goes: hostile.json, one entry per stack, newest kept (committed: benchmarks/results/)."""

import json
import time

from benchmarks.hostile import corpus
from benchmarks.shared import folders

RESULTS = folders.DEFAULT_RESULTS / "hostile.json"  # committed: what docs/security.md shows


def save(reports: dict, folder) -> None:
    """Merge ``reports`` (stack -> report) into ``folder``/hostile.json, newest per stack."""
    path = folder / RESULTS.name
    folder.mkdir(parents=True, exist_ok=True)
    data = json.loads(path.read_text()) if path.is_file() else {"stacks": {}}
    data["corpus"] = len(corpus.load())
    data["updated"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    data["stacks"].update(reports)
    data["stacks"] = dict(sorted(data["stacks"].items()))
    path.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n")
