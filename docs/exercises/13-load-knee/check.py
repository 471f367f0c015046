"""Checker for exercise 13: the student's step load, run by real locust against a real gunicorn, and its knee.

gunicorn serves the lab's app with WORKERS sync workers; every simulated user
asks for a page that takes SLOW_SECONDS, then waits WAIT_SECONDS. So a few users are served at
once, and past some number of users the workers are always busy: throughput
stops growing and requests queue. locust runs the student's ``Steps`` headless,
writing its stats history; the checker reads the throughput of each step from
it (requests counted, not locust's smoothed rate) and compares the student's
``knee`` with its own reading, on this run and on a made-up one.

    python check.py path/to/knee.py
"""

import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from course.tasks.checking import APP_DIR, GUNICORN, Checks, NotServing, free_port, serving, student_module

LOCUST = Path(sys.executable).parent / "locust"
WANTED_USERS = [1, 2, 4, 8, 16]
WORKERS = 2
SLOW_SECONDS = 0.1
WAIT_SECONDS = 0.25
KNEE_GROWTH_PERCENT = 20  # a doubling that adds less throughput than this is past the knee
MIN_STEP_SECONDS = 3
LIMIT_SECONDS = 60
LOCUSTFILE = """\
import importlib.util

from locust import HttpUser, constant, task

spec = importlib.util.spec_from_file_location("student_knee", {path!r})
student = importlib.util.module_from_spec(spec)
spec.loader.exec_module(student)
Steps = student.Steps


class Visitor(HttpUser):
    wait_time = constant({wait_seconds})

    @task
    def report(self):
        self.client.get("/slow?seconds={slow_seconds}")
"""


def steps_of(history: Path) -> list:
    """Per user count, in order: users, seconds held, requests per second (from the request counts)."""
    rows = [r for r in csv.DictReader(history.open(newline="")) if r["Name"] == "Aggregated"]
    steps = []
    for row in rows:
        users, when, total = int(row["User Count"]), int(row["Timestamp"]), int(row["Total Request Count"])
        if not steps or steps[-1]["users"] != users:
            steps.append({"users": users, "first": (when, total), "last": (when, total)})
        steps[-1]["last"] = (when, total)
    for step in steps:
        (t0, n0), (t1, n1) = step.pop("first"), step.pop("last")
        step["seconds"] = t1 - t0
        step["rps"] = (n1 - n0) / (t1 - t0) if t1 > t0 else 0.0
    return [s for s in steps if s["users"] > 0]


def reading(steps: list) -> int:
    """The checker's reading: the last step after which doubling raised throughput by under KNEE_GROWTH_PERCENT."""
    for i in range(len(steps) - 1):
        if steps[i + 1]["rps"] < steps[i]["rps"] * (1 + KNEE_GROWTH_PERCENT / 100):
            return steps[i]["users"]
    return steps[-1]["users"]


def run_locust(path: Path, folder: Path) -> tuple:
    """(steps measured, seconds locust ran, its output) for the student's shape."""
    port = free_port()
    env = {**os.environ, "PYTHON_ENV": "test", "PYTHONPATH": str(APP_DIR)}
    command = [str(GUNICORN), "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "hello.wsgi:application"]
    (folder / "locustfile.py").write_text(
        LOCUSTFILE.format(path=str(path.resolve()), wait_seconds=WAIT_SECONDS, slow_seconds=SLOW_SECONDS)
    )
    with serving(command, port, folder / "gunicorn.log", env):
        done = subprocess.run(
            [
                str(LOCUST),
                "-f",
                str(folder / "locustfile.py"),
                "--headless",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(folder / "run"),
                "--run-time",
                f"{LIMIT_SECONDS}s",
                "--only-summary",
            ],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=LIMIT_SECONDS + 60,
        )
    history = folder / "run_stats_history.csv"
    steps = steps_of(history) if history.is_file() else []
    lasted = sum(s["seconds"] for s in steps)
    return steps, lasted, done.stdout + done.stderr


def main(path: str) -> int:
    checks = Checks(f"exercise 13: the step load and knee in {path}")
    try:
        module = student_module(path, "student_knee")
    except Exception as exc:  # the student's module may fail in any way
        return checks.stop(f"importing {path} failed: {exc.__class__.__name__}: {exc}")
    with tempfile.TemporaryDirectory() as name:
        try:
            steps, lasted, output = run_locust(Path(path), Path(name))
        except NotServing as exc:
            return checks.stop(f"gunicorn did not start: {exc}")
    if not steps:
        return checks.stop(f"locust wrote no stats history; its output ends: {output.strip()[-300:]}")
    held = [s["users"] for s in steps if s["seconds"] >= MIN_STEP_SECONDS - 1]
    checks.expect(
        held == WANTED_USERS,
        f"locust ran {WANTED_USERS} users, one step after another",
        f"it ran {[s['users'] for s in steps]} (steps of {MIN_STEP_SECONDS - 1} s or more: {held})",
    )
    checks.expect(
        lasted < LIMIT_SECONDS - 5,
        "the test stopped by itself after the last step",
        f"it ran until locust's --run-time limit ({LIMIT_SECONDS} s)",
    )
    print("  measured: " + ", ".join(f"{s['users']} users {s['rps']:.1f} req/s" for s in steps))
    made_up = [{"users": u, "rps": r} for u, r in ((1, 3.0), (2, 5.9), (4, 11.0), (8, 12.5), (16, 12.7))]
    for what, table in (("this run", steps), ("a made-up run", made_up)):
        rows = [{"users": s["users"], "rps": s["rps"]} for s in table]
        try:
            given = module.knee([dict(r) for r in rows])
        except Exception as exc:  # the student's code may fail in any way
            given = f"{exc.__class__.__name__}: {exc}"
        checks.expect(given == reading(rows), f"knee of {what}: {reading(rows)} users", f"knee() said {given!r}")
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
