"""Checker for exercise 09: the student's counter keeps its state in Redis.

A real redis-server (on a unix socket in a temporary folder, no TCP port) and a
real gunicorn with three workers serve the counter; each request opens a new
connection, so the workers share the requests. The counts must be 1..N with no
repeat, continue across a restart of the app, and the app must answer 503 —
not crash, not make numbers up — while Redis is down.

    python check.py path/to/counter.py
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from course.tasks.checking import GUNICORN, Checks, NotServing, end_group, free_port, request, serving

REQUESTS = 30
WORKERS = 3


def redis_server(folder: Path):
    """Start redis-server on a unix socket in ``folder``; (process, REDIS_URL)."""
    socket_path = folder / "redis.sock"
    process = subprocess.Popen(
        [
            shutil.which("redis-server") or "redis-server",
            "--port",
            "0",
            "--unixsocket",
            str(socket_path),
            "--dir",
            str(folder),
            "--save",
            "",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return process, f"unix://{socket_path}"


def counts(url: str, n: int) -> list:
    found = []
    for _ in range(n):
        status, _, body = request(url)
        found.append(int(body) if status == 200 and body.strip().isdigit() else (status, body[:40]))
    return found


def main(path: str) -> int:
    checks = Checks(f"exercise 09: the counter in {path}")
    if not shutil.which("redis-server"):
        print("error: redis-server is missing: run 'apt-get install redis-server' (or make setup as root)")
        return 2
    app = Path(path).resolve()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        redis, redis_url = redis_server(folder)
        try:
            if not wait_for_socket(folder / "redis.sock"):
                return checks.stop("redis-server did not start")
            port = free_port()
            url = f"http://127.0.0.1:{port}/"
            command = [
                str(GUNICORN),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
                "--chdir",
                str(app.parent),
                f"{app.stem}:application",
            ]
            env = {**os.environ, "REDIS_URL": redis_url}
            with serving(command, port, folder / "first.log", env):
                first = counts(url, REQUESTS)
            checks.expect(
                first == list(range(1, REQUESTS + 1)),
                f"{REQUESTS} visits over {WORKERS} workers count 1 to {REQUESTS}",
                f"got {first}",
            )
            with serving(command, port, folder / "second.log", env):
                again = counts(url, 1)
                checks.expect(
                    again == [REQUESTS + 1],
                    "after the app restarts, the count goes on",
                    f"the next visit got {again[0]}, expected {REQUESTS + 1}",
                )
                end_group(redis)
                status, _, body = request(url)
                checks.expect(status == 503, "with Redis down, GET / answers 503", f"got {status} {body[:60]!r}")
        except NotServing as exc:
            return checks.stop(f"gunicorn did not serve your counter: {exc}")
        finally:
            end_group(redis)
    return checks.finish()


def wait_for_socket(path: Path, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not path.is_socket():
        time.sleep(0.05)
    return path.is_socket()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
