"""The load production is watched under: fleet/load.py on the client host, from the start of the
roll to the end of the verify window, in the background between the two stages.

The fleet tests' own load (GET / and every fifth a POST /echo, through the fleet's DNS and load
balancer) at the rate they use. It writes its summary so far every second (``--progress``), so
verify can act on the first failed request instead of waiting for the window to end; it is
bounded (``--seconds``) so a pipeline that dies cannot leave it running for long.
"""

import json
import os
import signal
import subprocess
import time
from pathlib import Path

from stacks.runner import supervise
from stacks.runner.paths import ROOT

RATE = 20
POST_EVERY = 5
BOUND_SECONDS = 900


def _files(folder: Path) -> tuple:
    return folder / "production-load.pid", folder / "production-load.json", folder / "production-load.out"


def start(folder: Path) -> None:
    from fleet import inventory, on_host, paths  # not at import: ci-down stops the load with Debian's Python

    stop(folder)
    pid_file, progress, out = _files(folder)
    progress.unlink(missing_ok=True)
    argv = on_host.command(
        "client",
        "/usr/bin/python3",
        str(ROOT / "fleet" / "load.py"),
        "--host",
        inventory.setting("site_name"),
        "--cafile",
        str(paths.fleet_dir() / "tls" / "ca.crt"),
        "--rate",
        str(RATE),
        "--post-every",
        str(POST_EVERY),
        "--seconds",
        str(BOUND_SECONDS),
        "--progress",
        str(progress),
    )
    with out.open("w") as output:  # never the step's own pipes: the step would wait for the load to end
        process = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    pid_file.write_text(str(process.pid))
    deadline = time.monotonic() + 15
    while not progress.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
    if not progress.exists():
        raise SystemExit(f"ci: error: the load on the fleet did not start: {out.read_text()[-500:]}")


def progress(folder: Path) -> dict:
    """The summary so far: sent, failed, failures (the first ten)."""
    try:
        return json.loads(_files(folder)[1].read_text())
    except (OSError, ValueError):
        return {"sent": 0, "failed": 0, "failures": [], "seconds": 0}


def stop(folder: Path) -> dict:
    """Stop the load if it runs; its final summary (or {} when none ran)."""
    pid_file, progress_file, out = _files(folder)
    try:
        pid = int(pid_file.read_text())
    except (OSError, ValueError):
        return {}
    if supervise.pid_alive(pid):
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        while supervise.pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
    pid_file.unlink(missing_ok=True)
    lines = out.read_text().strip().splitlines() if out.exists() else []
    try:
        return json.loads(lines[-1])
    except (IndexError, ValueError):
        return progress(folder)
