"""A results file kept per stack: a run of some stacks replaces their entries and keeps the others'.

``make slow-clients STACKS=wsgi`` or ``make availability STACK=production``
measure a few stacks; the committed file and the page generated from it hold
every stack measured so far, each entry with its own date and machine load.
"""

import json
from pathlib import Path


def merge(path: Path, entries: list, header: dict) -> dict:
    """Write ``header`` and every stack's latest entry to ``path``; return what was written."""
    old = json.loads(path.read_text()) if path.is_file() else {}
    stacks = {s["name"]: s for s in old.get("stacks", [])}
    stacks.update({e["name"]: e for e in entries})
    results = {**header, "stacks": [stacks[n] for n in sorted(stacks)]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n")
    return results
