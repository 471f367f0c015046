"""Checker for exercise 12: the student's availability figures for a real run with real outages.

A real gunicorn serves the lab's app while a probe asks /health every 50 ms; the
checker takes the server down twice (the process group ended, then started
again — a crash and a restart) and records every probe. The student's
``summarize`` must read that run as the checker does; a run with no outage and a
made-up run with uneven probe intervals are checked too.

    python check.py path/to/availability.py
"""

import os
import sys
import tempfile
import threading
import time
from itertools import pairwise
from pathlib import Path

from course.tasks.checking import APP_DIR, GUNICORN, Checks, NotServing, free_port, request, serving, student_module

INTERVAL = 0.05
OUTAGES = 2
TOLERANCE = 1e-6


class Prober(threading.Thread):
    """GET /health every INTERVAL seconds; records (seconds since start, answered 200)."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.samples, self.running, self.began = url, [], True, time.monotonic()

    def run(self) -> None:
        while self.running:
            sent = time.monotonic()
            try:
                ok = request(self.url, timeout=0.5)[0] == 200
            except OSError:
                ok = False
            self.samples.append((sent - self.began, ok))
            time.sleep(max(0.0, INTERVAL - (time.monotonic() - sent)))


def truth(samples: list) -> dict:
    """The checker's own reading: each probe's result holds until the next probe."""
    spans = [(later[0] - now[0], now[1]) for now, later in pairwise(samples)]
    down = sum(length for length, ok in spans if not ok)
    total = sum(length for length, _ in spans)
    starts = sum(1 for i, (_, ok) in enumerate(spans) if not ok and (i == 0 or spans[i - 1][1]))
    return {
        "availability": (total - down) / total if total else 1.0,
        "downtime_seconds": down,
        "incidents": starts,
        "mttr_seconds": down / starts if starts else 0.0,
    }


def recorded_run() -> list:
    """A real run: up, down, up, down, up — the probes of it."""
    port = free_port()
    env = {**os.environ, "PYTHON_ENV": "test", "PYTHONPATH": str(APP_DIR)}
    command = [str(GUNICORN), "--bind", f"127.0.0.1:{port}", "--workers", "1", "hello.wsgi:application"]
    prober = Prober(f"http://127.0.0.1:{port}/health")
    with tempfile.TemporaryDirectory() as name:
        for n in range(OUTAGES + 1):
            with serving(command, port, Path(name) / "gunicorn.log", env):
                if n == 0:
                    prober.start()
                time.sleep(1.0)
                if n == OUTAGES:
                    prober.running = False
                    prober.join()
            time.sleep(0.3)
    return prober.samples


def compare(checks: Checks, summarize, samples: list, what: str) -> None:
    wanted = truth(samples)
    try:
        got = summarize(list(samples))
    except Exception as exc:  # the student's code may fail in any way
        checks.expect(False, f"{what}: summarize runs", f"{exc.__class__.__name__}: {exc}")
        return
    wrong = [
        f"{key}: {got.get(key)!r}, expected {value:.6g}"
        for key, value in wanted.items()
        if not isinstance(got.get(key), (int, float)) or abs(got[key] - value) > TOLERANCE
    ]
    checks.expect(not wrong, f"{what}: " + ", ".join(f"{k} {v:.6g}" for k, v in wanted.items()), "; ".join(wrong))


def main(path: str) -> int:
    checks = Checks(f"exercise 12: the availability figures of {path}")
    try:
        summarize = student_module(path, "student_availability").summarize
    except Exception as exc:  # the student's module may fail in any way
        return checks.stop(f"importing {path} failed: {exc.__class__.__name__}: {exc}")
    try:
        samples = recorded_run()
    except NotServing as exc:
        return checks.stop(f"gunicorn did not start: {exc}")
    incidents = truth(samples)["incidents"]  # OUTAGES, or more when a probe timed out on a busy machine
    if not incidents:
        return checks.stop("the recorded run shows no outage at all: the probe missed them; try again")
    compare(checks, summarize, samples, f"the recorded run ({len(samples)} probes, {incidents} outages)")
    compare(checks, summarize, [(t, True) for t, _ in samples], "the same run with no outage")
    uneven = [(0.0, True), (0.1, False), (0.5, False), (0.6, True), (2.0, False), (2.2, True), (4.0, True)]
    compare(checks, summarize, uneven, "a run with uneven probe intervals")
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
