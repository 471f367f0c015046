"""Prometheus metrics correct across every worker process, with the standard library only.

gunicorn runs several worker processes and any one of them may answer
``/metrics``, so counts kept in one process's memory would be a fraction of the
truth. Each process keeps its own counts and, after every request, rewrites its
own file in ``METRICS_DIR`` (write to a temporary file, then rename: a reader
never sees half a file); ``/metrics`` adds up every file there. A file outlives
its process, so counters never go backwards when a worker is replaced or the
app is reloaded. Imported by hello.logic only when METRICS_DIR is set.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from collections import defaultdict
from pathlib import Path

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

_lock = threading.Lock()
_state: dict = {"pid": None}


def _mine() -> dict:
    """This process's counts; started afresh in a forked child, under a new file name."""
    if _state["pid"] != os.getpid():
        _state.update(pid=os.getpid(), name=f"{os.getpid()}-{uuid.uuid4().hex[:8]}.json",
                      requests={}, durations={})
    return _state


def observe(folder: str, route: str, method: str, status: int, seconds: float) -> None:
    """Count one request and its duration, and publish this process's counts."""
    with _lock:
        mine = _mine()
        key = f"{route}\t{method}\t{status}"
        mine["requests"][key] = mine["requests"].get(key, 0) + 1
        histogram = mine["durations"].setdefault(route, {"buckets": [0] * len(BUCKETS), "sum": 0.0, "count": 0})
        for index, bound in enumerate(BUCKETS):
            if seconds <= bound:
                histogram["buckets"][index] += 1
        histogram["sum"] += seconds
        histogram["count"] += 1
        data = json.dumps({"requests": mine["requests"], "durations": mine["durations"]})
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        tmp = path / f".{mine['name']}.tmp"
        tmp.write_text(data)
        os.replace(tmp, path / mine["name"])


def collect(folder: str) -> tuple[dict, dict]:
    """Counts added up over every process's file: (requests by key, durations by route)."""
    requests: dict = defaultdict(int)
    durations: dict = {}
    for path in sorted(Path(folder).glob("*.json")):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            continue  # a file removed or being replaced right now
        for key, count in data["requests"].items():
            requests[key] += count
        for route, histogram in data["durations"].items():
            total = durations.setdefault(route, {"buckets": [0] * len(BUCKETS), "sum": 0.0, "count": 0})
            total["buckets"] = [a + b for a, b in zip(total["buckets"], histogram["buckets"], strict=True)]
            total["sum"] += histogram["sum"]
            total["count"] += histogram["count"]
    return dict(requests), durations


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def exposition(folder: str) -> str:
    """The Prometheus text format of every process's counts."""
    requests, durations = collect(folder)
    lines = ["# HELP hello_requests_total Requests answered, by route, method and status.",
             "# TYPE hello_requests_total counter"]
    for key in sorted(requests):
        route, method, status = key.split("\t")
        lines.append(f'hello_requests_total{{route="{_label(route)}",method="{method}",status="{status}"}} '
                     f"{requests[key]}")
    lines += ["# HELP hello_request_duration_seconds Time to produce a response, by route.",
              "# TYPE hello_request_duration_seconds histogram"]
    for route in sorted(durations):
        histogram, label = durations[route], _label(route)
        for bound, count in zip(BUCKETS, histogram["buckets"], strict=True):
            lines.append(f'hello_request_duration_seconds_bucket{{route="{label}",le="{bound}"}} {count}')
        lines.append(f'hello_request_duration_seconds_bucket{{route="{label}",le="+Inf"}} {histogram["count"]}')
        lines.append(f'hello_request_duration_seconds_sum{{route="{label}"}} {histogram["sum"]:.6f}')
        lines.append(f'hello_request_duration_seconds_count{{route="{label}"}} {histogram["count"]}')
    files = len(list(Path(folder).glob("*.json")))
    lines += ["# HELP hello_metrics_processes Processes that have reported metrics (live or gone).",
              "# TYPE hello_metrics_processes gauge", f"hello_metrics_processes {files}"]
    return "\n".join(lines) + "\n"
