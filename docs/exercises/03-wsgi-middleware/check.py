"""Checker for exercise 03: the student's middleware around the real app, under gunicorn.

A generated module wraps ``hello.wsgi:application`` in the middleware and the
whole in ``wsgiref.validate.validator``; a real gunicorn serves it on a free
loopback port, so the middleware meets a real server's environ, streaming and
error handling.

    python check.py path/to/middleware.py
"""

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from course.tasks.checking import APP_DIR, Checks, free_port, request, wait_for_port

GUNICORN = Path(sys.executable).parent / "gunicorn"
TIMING = re.compile(r"app;dur=(\d+(\.\d+)?)")
WRAPPER = """\
import importlib.util
from wsgiref.validate import validator

from hello.wsgi import application as hello

spec = importlib.util.spec_from_file_location("student_middleware", {path!r})
student = importlib.util.module_from_spec(spec)
spec.loader.exec_module(student)
application = validator(student.server_timing(hello))
"""


def duration(headers: dict) -> float | None:
    match = TIMING.fullmatch(headers.get("server-timing", ""))
    return float(match.group(1)) if match else None


def log_hint(log: Path) -> str:
    lines = [line for line in log.read_text(errors="replace").splitlines() if "Error" in line]
    return f"gunicorn's log says: {lines[-1].strip()}" if lines else ""


def run_checks(checks: Checks, base: str, log: Path) -> None:
    status, headers, body = request(base + "/")
    checks.expect(
        (status, body) == (200, b"Hello, World!"),
        "GET / still answers Hello, World!",
        log_hint(log) or f"got {status} {body[:60]!r}",
    )
    checks.expect(
        duration(headers) is not None, "GET / has Server-Timing: app;dur=<ms>", f"got {headers.get('server-timing')!r}"
    )
    checks.expect("x-request-id" in headers, "the app's own headers are kept (X-Request-ID)")
    _, headers, _ = request(base + "/slow?seconds=0.3")
    checks.expect(
        (duration(headers) or 0) >= 300,
        "GET /slow?seconds=0.3 reports at least 300 ms",
        f"got {headers.get('server-timing')!r}",
    )
    status, headers, _ = request(base + "/no/such/page")
    checks.expect(
        status == 404 and duration(headers) is not None,
        "a 404 has Server-Timing too",
        f"got {status}, {headers.get('server-timing')!r}",
    )
    status, _, body = request(base + "/stream?chunks=3")
    checks.expect(
        body == b"chunk 1 of 3\nchunk 2 of 3\nchunk 3 of 3\n",
        "GET /stream?chunks=3 arrives whole",
        log_hint(log) or f"got {status} {body[:60]!r}",
    )


def main(path: str) -> int:
    checks = Checks(f"exercise 03: the middleware in {path}")
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "checked_app.py").write_text(WRAPPER.format(path=str(Path(path).resolve())))
        log = Path(folder) / "gunicorn.log"
        port = free_port()
        env = {**os.environ, "PYTHONPATH": f"{folder}:{APP_DIR}", "PYTHON_ENV": "test"}
        with log.open("w") as out:
            server = subprocess.Popen(
                [
                    str(GUNICORN),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--chdir",
                    folder,
                    "checked_app:application",
                ],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            if not wait_for_port(port, 20, server):
                return checks.stop(f"gunicorn did not start: {log_hint(log) or log.read_text()[-300:]}")
            run_checks(checks, f"http://127.0.0.1:{port}", log)
        finally:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
