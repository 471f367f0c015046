"""``make environ-table``: what each interface hands the app, observed on the real servers.

Starts every stack in turn (in a private run directory on a free port, so a
stack a person is running is left alone), asks each for ``/env`` a few times, and
saves what it saw in benchmarks/results/environ.json; ``make tables`` turns that into
docs/interfaces/environ.md (course/environ_page.py).
"""

import json
import os
import shutil
import time
from pathlib import Path

from stacks.runner import manifest, private, probe
from stacks.runner.errors import StackError
from stacks.runner.options import RunOptions
from stacks.runner.paths import ROOT

OBSERVED = ROOT / "benchmarks" / "results" / "environ.json"  # committed: what docs/interfaces/environ.md shows
REQUESTS = 4


def _observe(name: str, options: RunOptions, run_dir: Path) -> dict:
    """Start ``name`` privately in ``run_dir`` with every port of it free, read /env a few times, stop it."""
    try:
        state = private.start_private(name, options.but(ports={}), run_dir=run_dir)
    except StackError as exc:
        return {"error": str(exc)}
    try:
        documents = [json.loads(probe.request(state.base_url + "/env", state.cafile)[2]) for _ in range(REQUESTS)]
        return {"first": documents[0], "pids": len({d["process"]["pid"] for d in documents})}
    except (OSError, ValueError) as exc:
        return {"error": f"/env failed: {exc}"}
    finally:
        private.stop_private(state)


def write(options: RunOptions, names=None, results: Path = OBSERVED) -> int:
    """Observe the stacks (all by default) and save what they said in ``results``; non-zero if any failed.

    Every stack starts as ``options`` say, but in a private run directory on free ports.
    """
    base = private.new_run_dir("environ-table")  # one folder for every stack in turn
    observed = {}
    try:
        for name, stack in manifest.discover().items():
            if names and name not in names:
                continue
            if stack.contract != "full":
                observed[name] = {"error": "no app behind it (serves only / and /json)"}
                continue
            print(f"environ-table: {name}", flush=True)
            observed[name] = _observe(name, options, base)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    results.parent.mkdir(parents=True, exist_ok=True)
    saved = {
        "date": time.strftime("%Y-%m-%d"),
        "host": os.uname().nodename.split(".")[0],
        "inherited": sorted(os.environ),
        "stacks": observed,
    }
    results.write_text(json.dumps(saved, indent=1) + "\n")
    print(f"wrote {results}")
    failed = [n for n, seen in observed.items() if "error" in seen and "no app" not in seen["error"]]
    if failed:
        print(f"could not observe: {', '.join(failed)}")
    return 1 if failed else 0
