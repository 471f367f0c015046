"""Checker for exercise 01: serve the student's callable on wsgiref, through the validator.

A real HTTP server on a free loopback port calls ``application`` per request,
wrapped in ``wsgiref.validate.validator``, so both what a client sees and every
WSGI rule the app breaks are reported.

    python check.py path/to/app.py
"""

import io
import sys
import threading
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server
from wsgiref.validate import validator

from course.tasks.checking import Checks, free_port, request, says_hello, student_module

ERRORS = io.StringIO()  # tracebacks the server logs, the validator's among them


class QuietHandler(WSGIRequestHandler):
    def get_stderr(self):
        return ERRORS

    def log_message(self, *args):
        pass


def load(path: Path):
    return student_module(path, "student_app").application


def last_error() -> str:
    lines = [line for line in ERRORS.getvalue().splitlines() if line.strip()]
    ERRORS.truncate(0)
    ERRORS.seek(0)
    return lines[-1] if lines else ""


def main(path: str) -> int:
    checks = Checks(f"exercise 01: the WSGI callable in {path}")
    try:
        application = load(Path(path))
    except Exception as exc:  # the student's module may fail in any way
        return checks.stop(f"importing {path} failed: {exc.__class__.__name__}: {exc}")
    port = free_port()
    server = make_server("127.0.0.1", port, validator(application), handler_class=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    try:
        status, headers, body = request(base + "/")
        says_hello(checks, (status, headers, body), last_error())
        checks.expect(
            headers.get("content-length") == str(len(body)) and status == 200,
            "GET / sends a correct Content-Length",
            f"got {headers.get('content-length')!r}",
        )
        status, _, body = request(base + "/greet?name=Ada")
        checks.expect(
            (status, body) == (200, b"Hello, Ada!"),
            "GET /greet?name=Ada answers Hello, Ada!",
            last_error() or f"got {status} {body[:60]!r}",
        )
        status, _, body = request(base + "/no/such/page")
        checks.expect(
            (status, body) == (404, b"Not Found\n"),
            "GET /no/such/page answers 404 Not Found",
            last_error() or f"got {status} {body[:60]!r}",
        )
    finally:
        server.shutdown()
        server.server_close()
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
