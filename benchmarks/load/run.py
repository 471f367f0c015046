"""``make load``: locust, headless, against a stack, with its CSV and HTML report.

The stack is the one running from the usual run directory (what ``make
run-stack`` started); when it is not running, it is started here, pinned to
core 0, and stopped again afterwards. A stack that was already running is left
running. Locust itself runs on core 1. ``locust-ceiling`` measures how many
requests a second one locust process can make at all, against ``static`` with
no think time: above that figure locust, not the server, is the limit.
"""

import csv
import json
import os
import re
import subprocess
import time
from pathlib import Path

from benchmarks.load import places
from benchmarks.shared import folders, pinning, stack_start
from stacks.runner import lifecycle, ports
from stacks.runner.errors import StackError
from stacks.runner.options import RunOptions
from stacks.runner.paths import ROOT, venv_dir

LOCUSTFILE = Path(__file__).resolve().parents[1] / "locustfile.py"  # the path people type
UNITS = {"s": 1, "m": 60, "h": 3600}


def seconds(duration: str) -> float:
    """Locust's run-time syntax (30s, 2m, 1h30m) in seconds."""
    parts = re.findall(r"(\d+)([smh]?)", duration.strip())
    if not parts or "".join(n + u for n, u in parts) != duration.strip():
        raise StackError(f"DURATION={duration!r} is not a duration like 20s, 2m or 1m30s")
    return sum(int(n) * UNITS[u or "s"] for n, u in parts)


def _locust(
    url: str, users: int, spawn_rate: float, duration: str, prefix: Path, think, workers: int = 0, place=None
) -> tuple:
    """Run locust headless, alone or (``workers`` > 0) as a master with that many worker processes
    (locust's distributed mode); return (exit status, CPU percent of one core, all processes).

    ``place`` (benchmarks/load/places.py) says where its processes run: by default all on this
    machine's loopback; on the fleet, the workers (or locust alone) on the client hosts."""
    place = place or places.LOOPBACK
    locust = [str(venv_dir() / "bin" / "locust"), "-f", str(LOCUSTFILE)]
    command = [
        *(place.via(0) if not workers else []),
        *pinning.prefix(pinning.CLIENT_CPU),
        *locust,
        "--headless",
        "-u",
        str(users),
        "-r",
        f"{spawn_rate:g}",
        "-t",
        duration,
        "--host",
        url,
        "--csv",
        str(prefix),
        "--html",
        f"{prefix}.html",
        "--stop-timeout",
        "5",
    ]
    env = {**os.environ, **({"LOCUST_THINK": f"{think:g}"} if think is not None else {})}
    helpers = []
    if workers:
        port = ports.pick_free(place.master)
        command += [
            "--master",
            "--master-bind-host",
            place.master,
            "--master-bind-port",
            str(port),
            "--expect-workers",
            str(workers),
            "--expect-workers-max-wait",
            "60",
        ]
        helpers = [
            subprocess.Popen(
                [
                    *place.via(number),
                    *pinning.prefix(pinning.CLIENT_CPU),
                    *locust,
                    "--worker",
                    "--master-host",
                    place.master,
                    "--master-port",
                    str(port),
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for number in range(workers)
        ]
    before = os.times()
    began = time.monotonic()
    try:
        result = subprocess.run(command, cwd=ROOT, env=env, timeout=seconds(duration) + 90)
    finally:
        for helper in helpers:  # a worker quits when its master does; one that does not is ended here
            try:
                helper.wait(timeout=15)
            except subprocess.TimeoutExpired:
                helper.kill()
                helper.wait()
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return result.returncode, 100 * cpu / max(time.monotonic() - began, 1e-9)


def run(
    stack: str,
    users: int,
    spawn_rate: float,
    duration: str,
    think=None,
    options: RunOptions | None = None,
    workers: int = 0,
    place: places.Place | None = None,
) -> int:
    """Locust against ``stack``: the one running from the options' run directory, or started there on their PORT.

    On the fleet (``place`` with hosts) the stack must be where the client hosts reach it: it is
    started privately on the master's fleet address, and a stack a person left running is not touched."""
    seconds(duration)
    options = options or RunOptions()
    place = place or places.LOOPBACK
    state = None if place.hosts else lifecycle.read_state(options.run_dir)
    started = None
    if state and state.stack != stack:
        raise StackError(
            f"stack {state.stack!r} is running, not {stack!r}: stop it first (make stop-stack) "
            f"or load it with make load STACK={state.stack}"
        )
    if not state:
        print(f"load: starting {stack} (pinned to core {pinning.SERVER_CPU}); it is stopped afterwards")
        if place.hosts:
            started = stack_start.start(stack, options.but(host=place.master))
        else:
            started = stack_start.start(stack, options, public=True)
        state = started.state
    out = folders.results_dir()
    out.mkdir(parents=True, exist_ok=True)
    prefix = out / f"load-{stack}"
    shape = f", a master and {workers} workers (distributed mode)" if workers else ""
    print(f"load: {users} users (spawn rate {spawn_rate:g}/s) for {duration} against {state.base_url}{shape}")
    print(f"load: locust runs on {place.name}")
    try:
        status, cpu = _locust(state.base_url, users, spawn_rate, duration, prefix, think, workers, place)
        if place.hosts:
            print(f"load: requests the stack got, by the host they came from: {places.requests_by_host(state.run)}")
    finally:
        if started:
            problem = stack_start.stop(started)
            print(f"load: stopped {stack}" + (f" ({problem})" if problem else ""))
    print(f"load: locust used {cpu:.0f}% of a core (all its processes); report {prefix}.html, CSV {prefix}_stats.csv")
    return status


def _aggregated(stats_csv: Path) -> dict:
    with open(stats_csv, newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                return row
    raise StackError(f"{stats_csv} has no Aggregated row")


def ceiling(users: int, duration: str) -> int:
    """Locust with no think time against static on core 0; write results/locust-ceiling.json."""
    started = stack_start.start("static")
    out = folders.results_dir()
    out.mkdir(parents=True, exist_ok=True)
    prefix = out / "locust-ceiling"
    try:
        status, cpu = _locust(started.base_url, users, users, duration, prefix, think=0)
    finally:
        stack_start.stop(started)
    row = _aggregated(Path(f"{prefix}_stats.csv"))
    from importlib.metadata import version

    result = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "locust": version("locust"),
        "users": users,
        "duration": duration,
        "target": "static",
        "think_seconds": 0,
        "pinned": pinning.available(),
        "rps": round(float(row["Requests/s"]), 1),
        "failures": int(row["Failure Count"]),
        "requests": int(row["Request Count"]),
        "locust_cpu_percent": round(cpu, 1),
    }
    (out / "locust-ceiling.json").write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"locust ceiling: {result['rps']:,.0f} requests/s with locust at {cpu:.0f}% of one core "
        f"({result['failures']} failures); wrote {out / 'locust-ceiling.json'}"
    )
    return status
