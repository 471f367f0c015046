"""What a newcomer's first run costs: time and disk of each target's setup, from a fresh clone.

The checkout's HEAD is cloned into a temporary folder and set up the way a newcomer's
first commands do it, one after another into the same clone: what ``make run-stack
STACK=wsgi`` installs before it starts the stack (its setup line of the Makefile, run
alone so that nothing listens), then ``make setup-docs`` and ``make setup-bench`` (what
they add; the benchmarks' setup includes every stack's, the error tracker's virtualenv
too). Per step: seconds, exit status, and the disk the clone's
virtualenvs take afterwards. The Debian packages are assumed installed (root's
``make setup`` or the ``sudo apt-get`` line); pip's cache is whatever this machine has,
recorded, and so is the load average, which a loaded machine stretches the times with.

Written to benchmarks/results/first-run.json; README.md's first-run block is generated
from it (course/first_run_block.py).

    python -m benchmarks.studies.first_run [--output FILE]
"""

import argparse
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.shared import machine
from benchmarks.shared.folders import DEFAULT_RESULTS
from stacks.runner.paths import ROOT

STEPS = {  # what a person types: the command that installs what it needs
    "make run-stack STACK=wsgi": ["/usr/bin/python3", "-m", "stacks", "setup", "--for", "stacks", "--stack", "wsgi"],
    "make docs": ["make", "--no-print-directory", "setup-docs"],
    "make bench": ["make", "--no-print-directory", "setup-bench"],
}
RESULTS = DEFAULT_RESULTS / "first-run.json"


def disk_mb(clone: Path) -> int:
    """What the clone's virtualenvs (.venv and .venv-*) take on disk, in MB (du, links not followed)."""
    folders = [str(p) for p in clone.glob(".venv*")]
    if not folders:
        return 0
    out = subprocess.run(["du", "-s", "-B1", "--total", *folders], capture_output=True, text=True).stdout
    return round(int(out.splitlines()[-1].split()[0]) / 1e6)


def measure(clone: Path) -> list:
    steps = []
    for typed, command in STEPS.items():
        print(f"first-run: {typed}: {' '.join(command)}", flush=True)
        load = machine.load_average()
        began = time.monotonic()
        done = subprocess.run(command, cwd=clone, capture_output=True, text=True)
        seconds = round(time.monotonic() - began, 1)
        steps.append(
            {
                "command": typed,
                "ran": " ".join(command),
                "seconds": seconds,
                "exit_status": done.returncode,
                "disk_mb_after": disk_mb(clone),
                "load_average_start": load,
                "load_average_end": machine.load_average(),
            }
        )
        if done.returncode != 0:
            steps[-1]["output_tail"] = (done.stdout + done.stderr)[-2000:]
            break
    return steps


def run(output: Path) -> dict:
    revision = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    folder = Path(tempfile.mkdtemp(prefix="lab-first-run-"))
    folder.chmod(0o755)  # a reachable checkout: root builds .venv in place, as a person's clone has it
    try:
        clone = folder / "interface-lab"
        subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(clone)], check=True)
        result = {
            "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "revision": revision,
            "machine": machine.describe(),
            "pip_cache_present": (Path.home() / ".cache" / "pip").is_dir(),
            "steps": measure(clone),
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    output.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {output}")
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.studies.first_run", description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=RESULTS)
    result = run(parser.parse_args(argv).output)
    return 0 if all(step["exit_status"] == 0 for step in result["steps"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
