"""Checker for exercise 06: the student's start script runs the app in production mode.

The script is run with /bin/sh from the checkout, PORT set to a free port and no
PYTHON_ENV, as a process manager would run it; then a client's view (no
traceback in a 500), the log's shape (JSON lines with the request id) and a
SIGTERM sent to the script's own pid (does the server stop?) are checked.

    python check.py path/to/run.sh
"""

import json
import os
import secrets
import signal
import sys
import tempfile
import time
from pathlib import Path

from course.tasks.checking import Checks, NotServing, free_port, request, serving, wait_for_port


def json_lines(log: Path) -> list:
    found = []
    for line in log.read_text(errors="replace").splitlines():
        try:
            found.append(json.loads(line))
        except ValueError:
            continue
    return [item for item in found if isinstance(item, dict)]


def closes(port: int, seconds: float = 5) -> bool:
    """True once nothing accepts on the port any more."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not wait_for_port(port, 0.05):
            return True
        time.sleep(0.1)
    return False


def main(path: str) -> int:
    checks = Checks(f"exercise 06: the start script {path}")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHON_ENV", "VIRTUAL_ENV")}
    env["PORT"] = str(port)
    token = secrets.token_hex(6)
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "output.log"
        try:
            with serving(["/bin/sh", str(Path(path).resolve())], port, log, env) as process:
                status, _, body = request(f"http://127.0.0.1:{port}/")
                checks.expect(
                    (status, body) == (200, b"Hello, World!"),
                    f"the app answers on PORT ({port})",
                    f"got {status} {body[:60]!r}",
                )
                status, headers, body = request(f"http://127.0.0.1:{port}/error?id={token}")
                checks.expect(
                    status == 500 and b"Traceback" not in body and token.encode() not in body,
                    "a 500 shows the client no traceback (production configuration)",
                    f"the client got: {body[:80]!r}",
                )
                logged = [line for line in json_lines(log) if token in line.get("traceback", "")]
                checks.expect(
                    bool(logged) and logged[0].get("request_id") == headers.get("x-request-id"),
                    "the error is logged as one JSON line with the request id",
                    "no JSON log line holds the traceback: is PYTHON_ENV production?",
                )
                process.send_signal(signal.SIGTERM)
                checks.expect(
                    closes(port),
                    "SIGTERM to the script's pid stops the server",
                    "the port still answers: the shell got the signal, not Python (exec)",
                )
        except NotServing as exc:
            return checks.stop(str(exc))
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
