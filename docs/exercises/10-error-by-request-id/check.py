"""Checker for exercise 10: the student's script finds an error by its request id.

A real gunicorn serves the lab's app in the production configuration (JSON log
lines, no traceback for the client), its output in one log file. The checker
sends ordinary requests and several failing ones, each failure with its own
secret token in the exception's message, then asks the script about one of
them — by the X-Request-ID the client was answered with — and about a request
that did not fail.

    python check.py path/to/find_error.py
"""

import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from course.tasks.checking import APP_DIR, GUNICORN, Checks, NotServing, free_port, request, serving

FAILURES = 4


def ask(script: str, log: Path, request_id: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, script, str(log), request_id], capture_output=True, text=True, timeout=30)


def main(path: str) -> int:
    checks = Checks(f"exercise 10: the script {path}")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHON_ENV": "production", "PYTHONPATH": str(APP_DIR)}
    command = [str(GUNICORN), "--bind", f"127.0.0.1:{port}", "--workers", "2", "hello.wsgi:application"]
    with tempfile.TemporaryDirectory() as name:
        log = Path(name) / "app.log"
        failures = {}
        try:
            with serving(command, port, log, env):
                for _ in range(FAILURES):
                    request(base + "/")
                    token = secrets.token_hex(6)
                    _, headers, _ = request(f"{base}/error?id={token}")
                    failures[headers.get("x-request-id", "")] = token
                _, headers, _ = request(base + "/json")
                fine = headers.get("x-request-id", "")
        except NotServing as exc:
            return checks.stop(f"gunicorn did not serve the app: {exc}")
        wanted_id = list(failures)[1]  # not the last error: the script must look, not guess
        token = failures[wanted_id]
        found = ask(path, log, wanted_id)
        checks.expect(
            found.returncode == 0 and f"deliberate error id={token}" in found.stdout and "RuntimeError" in found.stdout,
            "for a failed request's id, it prints that request's exception",
            f"it printed {found.stdout.strip()[:100]!r} (exit status {found.returncode}) {found.stderr.strip()[-200:]}",
        )
        others = [t for t in failures.values() if t != token and t in found.stdout]
        checks.expect(not others, "it prints no other request's error", f"it also printed errors {others}")
        quiet = ask(path, log, fine)
        checks.expect(
            quiet.returncode == 1 and not quiet.stdout.strip(),
            "for a request that did not fail, it prints nothing and exits 1",
            f"it printed {quiet.stdout.strip()[:100]!r} (exit status {quiet.returncode})",
        )
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
