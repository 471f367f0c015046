"""``make image-measure``: what the image is and costs, into benchmarks/results/container.json.

- the image: its name, ID and digest, its size, its layers (what made each, how big)
  and the largest folders inside it;
- reproducibility: every layer built a second time from nothing beside the first
  (mmdebstrap again, with the .deb files it kept), the image IDs compared;
- build time: the first build as it happened (from nothing or cached) and the
  second, from nothing with no download;
- start and memory: the container stack started ``STARTS`` times with the image
  built (the runner's own start, probe passed), against the ``wsgi`` stack, and the
  resident memory of every process of each, the container's split by role.

The course page (docs/interfaces/container.md) is generated from this file
(course/container_page.py). Run as root on a machine that can run the stack; the
machine and its load average are recorded with the figures.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.shared import machine, stack_start
from stacks.container import buildah, image
from stacks.runner import procfs, proctree
from stacks.runner.paths import ROOT

RESULTS = ROOT / "benchmarks" / "results" / "container.json"
STARTS = 3
COMPARED = ("container", "wsgi")
LARGEST = 8


def layers(recipe: image.Recipe) -> list:
    """Each layer, bottom first: what made it (its label) and its size (its image's size less the one below)."""
    found, below = [], 0
    for name in image.LAYERS:
        facts = image.inspect(getattr(recipe, name))
        made_by = facts["Config"].get("Labels", {}).get(buildah.LABEL_PREFIX + name, "")
        found.append({"layer": name, "created_by": made_by, "bytes": facts["Size"] - below})
        below = facts["Size"]
    return found


def largest_folders(tag: str) -> list:
    """The biggest folders three levels down, from the image's mounted root."""
    mounted = subprocess.run(["podman", "image", "mount", tag], capture_output=True, text=True, check=True)
    root = Path(mounted.stdout.strip())
    sizes = {}
    try:
        for path in root.rglob("*"):
            if path.is_file() and not path.is_symlink():
                parts = path.relative_to(root).parts
                folder = "/" + "/".join(parts[:3] if len(parts) > 3 else parts[:-1])
                sizes[folder] = sizes.get(folder, 0) + path.lstat().st_size
    finally:
        subprocess.run(["podman", "image", "unmount", tag], capture_output=True)
    return [{"folder": f, "bytes": b} for f, b in sorted(sizes.items(), key=lambda item: -item[1])[:LARGEST]]


def memory(started: stack_start.Started) -> dict:
    """Resident bytes of every process of the stack (supervisord's and those marked as its, and the
    monitor a marked process outside supervisord's tree hangs from: Podman's conmon), by command."""
    pids = set(started.pids()) | set(proctree.of_run(started.run))
    pids |= {procfs.parent(pid) for pid in pids} - pids - {0, 1, started.state.pid}
    roles = {}
    for pid in pids:
        command = procfs.command_line(pid).split()
        role = "gunicorn" if "gunicorn" in " ".join(command[:4]) else os.path.basename(command[0]) if command else "?"
        entry = roles.setdefault(role.removesuffix(":"), {"processes": 0, "bytes": 0})
        entry["processes"] += 1
        entry["bytes"] += procfs.rss_bytes(pid)
    return {"total_bytes": sum(r["bytes"] for r in roles.values()), "by_role": roles}


def starts(name: str) -> dict:
    """Start ``name`` STARTS times; the seconds each start took and the memory once up."""
    seconds, held = [], None
    for _ in range(STARTS):
        started = stack_start.start(name)
        try:
            seconds.append(round(started.startup_seconds, 2))
            time.sleep(2)  # workers booted and settled
            held = memory(started)
        finally:
            problem = stack_start.stop(started)
            shutil.rmtree(started.run, ignore_errors=True)
            if problem:
                raise RuntimeError(f"{name} did not stop cleanly: {problem}")
    return {"seconds": seconds, "median_seconds": statistics.median(seconds), "memory": held}


def main() -> int:
    if os.geteuid() != 0:
        print("error: make image-measure builds and runs the image as root here", file=sys.stderr)
        return 2
    load_before = machine.load_average()
    recipe = image.Recipe.of_checkout()
    checked = image.verify(recipe, image.cache_dir(), log=open(os.devnull, "w"))
    facts = image.inspect(recipe.release)
    results = {
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {**machine.describe(), "load_average_before": load_before},
        "image": {
            "name": recipe.release,
            "id": facts["Id"],
            "digest": facts.get("Digest", ""),
            "bytes": facts["Size"],
            "layers": layers(recipe),
            "largest_folders": largest_folders(recipe.release),
            "user": facts["Config"].get("User", ""),
            "command": facts["Config"].get("Cmd", []),
        },
        "build": {
            "first_seconds": checked["first_build_seconds"],
            "from_nothing_seconds": checked["second_build_seconds"],
        },
        "reproducible": checked["layers"],
        "stacks": {name: starts(name) for name in COMPARED},
    }
    results["machine"]["load_average_after"] = machine.load_average()
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
