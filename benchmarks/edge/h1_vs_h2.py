"""HTTP/1.1 against HTTP/2 on one stack, in one run, with h2load: what h2 buys at the edge.

The production stack is started pinned to the server core (nginx with TLS in
front, gunicorn behind it over HTTP/1.1 on a unix socket); h2load runs on the
other core. Each scenario sends the same number of requests over TLS, chosen
by ALPN, in rounds interleaved so a slow moment hits every scenario alike:

- many connections, one request in flight on each: HTTP/1.1, and HTTP/2 used
  the same way;
- few connections carrying many streams each: what only HTTP/2 can do.

Two paths: ``/``, which nginx passes to the app, and a path nginx answers
itself (production's public ``/metrics``, a 404 by design), which shows the
edge alone. Medians, min and max of requests/s, the request time, and the bytes
of headers on the wire go to benchmarks/results/http2.json (a full run) or
benchmarks/scratch/http2.json (``--quick``), with the machine and its load.
"""

import argparse
import statistics
import sys
import time

from benchmarks.matrix.verify import verify
from benchmarks.shared import h2load, machine, pinning, stack_start
from benchmarks.shared.folders import for_run
from stacks.runner import manifest
from stacks.runner.errors import StackError

STACK = "production"
RESULTS_NAME = "http2.json"
# label: (HTTP/1.1?, connections, streams in flight per connection)
SCENARIOS = {
    "h1, 64 connections": (True, 64, 1),
    "h2, 64 connections x 1 stream": (False, 64, 1),
    "h1, 4 connections": (True, 4, 1),
    "h2, 4 connections x 16 streams": (False, 4, 16),
    "h2, 4 connections x 64 streams": (False, 4, 64),
}
# nginx ends an HTTP/2 connection after keepalive_requests (1000) requests with GOAWAY, and h2load
# does not open another: no scenario may ask more of one connection than that.
MAX_REQUESTS_PER_CONNECTION = 1000
PATHS = {"/": "the app behind nginx (HTTP/1.1 to gunicorn)", "/metrics": "nginx answers itself (a 404)"}
FULL = {"requests": 4000, "rounds": 3, "warmup": 500}
QUICK = {"requests": 300, "rounds": 1, "warmup": 50}


def summarize(runs: list) -> dict:
    """Median, min and max of requests/s and of the mean request time over the rounds, and what every
    run agreed on (protocol, header bytes per request)."""
    rps = [r["requests_per_second"] for r in runs]
    mean_ms = [r["request_ms"]["mean"] for r in runs if "request_ms" in r]
    first = runs[0]
    return {
        "protocol": first["protocol"],
        "requests_per_second": {"median": statistics.median(rps), "min": min(rps), "max": max(rps)},
        "request_ms_mean": {"median": statistics.median(mean_ms), "min": min(mean_ms), "max": max(mean_ms)},
        "header_bytes_per_request": round(first["bytes_headers"] / max(first["done"], 1), 1),
        "header_space_savings_percent": first["header_space_savings_percent"],
        "unanswered": sum(r["requests"] - r["done"] for r in runs),  # no status at all: errors, timeouts
        "server_errors": sum(r["status"]["5xx"] for r in runs),
        "status": first["status"],
        "command": first["command"],
        "runs": runs,
    }


def measure(base_url: str, plan: dict, progress=print) -> dict:
    """Every scenario on every path, ``plan['rounds']`` interleaved rounds, after a warm-up."""
    prefix = pinning.prefix(pinning.CLIENT_CPU)
    too_many = [
        label
        for label, (_, clients, _) in SCENARIOS.items()
        if plan["requests"] / clients > MAX_REQUESTS_PER_CONNECTION
    ]
    if too_many:
        raise RuntimeError(
            f"more than {MAX_REQUESTS_PER_CONNECTION} requests per connection in {too_many}: "
            "nginx would end those connections"
        )
    for path in PATHS:
        h2load.run(base_url + path, plan["warmup"], 4, 1, h1=True, prefix=prefix)
    raw = {path: {label: [] for label in SCENARIOS} for path in PATHS}
    for round_number in range(plan["rounds"]):
        for path in PATHS:
            for label, (h1, clients, streams) in SCENARIOS.items():
                run = h2load.run(base_url + path, plan["requests"], clients, streams, h1=h1, prefix=prefix)
                raw[path][label].append({k: v for k, v in run.items()})
                progress(
                    f"round {round_number + 1} {path} {label}: {run['requests_per_second']:.0f} req/s "
                    f"({run['protocol']})"
                )
    return {path: {label: summarize(runs) for label, runs in by_label.items()} for path, by_label in raw.items()}


def run(quick: bool = False) -> dict:
    """Start the stack, verify it, measure, stop it; the whole result document."""
    plan = QUICK if quick else FULL
    pinning.pin_harness()
    load_before = machine.load_average()
    busy_before = machine.busy_percent()
    started = stack_start.start(STACK)
    try:
        base_url = started.base_url.rstrip("/")
        problem = verify(manifest.find(STACK), base_url, started.state.cafile)
        if problem:
            raise RuntimeError(f"{STACK} failed verification, not measured: {problem}")
        began = time.monotonic()
        paths = measure(base_url, plan)
        seconds = round(time.monotonic() - began, 1)
        processes = started.processes()
    finally:
        stack_start.stop(started)
    return {
        "stack": STACK,
        "quick": quick,
        "plan": plan,
        "scenarios": {label: {"h1": h1, "connections": c, "streams": s} for label, (h1, c, s) in SCENARIOS.items()},
        "paths": {path: {"what": PATHS[path], "scenarios": result} for path, result in paths.items()},
        "processes": processes,
        "seconds": seconds,
        "measured": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine.describe(),
        "tools": {**machine.tools(), "h2load": h2load.version()},
        "pinning": pinning.CHOICE if pinning.available() else "off: fewer than two cores or no taskset",
        "load_average": {"before": load_before, "after": machine.load_average()},
        "busy_percent_before": busy_before,
    }


def main(argv=None) -> int:
    import json

    parser = argparse.ArgumentParser(prog="python -m benchmarks.edge.h1_vs_h2", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run, written to benchmarks/scratch/")
    args = parser.parse_args(argv)
    try:
        result = run(args.quick)
    except (RuntimeError, StackError, h2load.H2loadError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    folder = for_run(quick=args.quick, partial=False)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / RESULTS_NAME
    path.write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
