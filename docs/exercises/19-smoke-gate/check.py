"""Checker for exercise 19: the student's smoke load against a good release and three bad ones.

Each release is the real app (apps/hello's WSGI callable, ``PYTHON_ENV=staging``) on a
wsgiref server on a free loopback port; the bad ones wrap it so that it still answers most
requests correctly, as a bad release on staging does: POST /echo fails; every tenth GET /
fails; every seventh answer has the wrong body. The student's script must pass the good
release and fail each bad one.

    python check.py path/to/smoke.py
"""

import itertools
import os
import subprocess
import sys
import threading
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from checking import APP_DIR, Checks, free_port  # noqa: E402

os.environ["PYTHON_ENV"] = "staging"
sys.path.insert(0, str(APP_DIR))
from hello.wsgi import application as app  # noqa: E402

TIMEOUT = 120


class Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def failing_echo(environ, start_response):
    if environ["PATH_INFO"] == "/echo":
        start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
        return [b"Internal Server Error\n"]
    return app(environ, start_response)


def every(nth: int, wrong):
    counter = itertools.count(1)

    def release(environ, start_response):
        if next(counter) % nth == 0:
            return wrong(environ, start_response)
        return app(environ, start_response)

    return release


def error_500(environ, start_response):
    start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
    return [b"Internal Server Error\n"]


def wrong_body(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
    return [b"Hello, Wor"]


RELEASES = {  # what it shows -> (the release, should the smoke pass?)
    "a good release": (app, True),
    "a release whose POST /echo fails": (failing_echo, False),
    "a release that fails every tenth GET /": (every(10, error_500), False),
    "a release that answers a wrong body every seventh request": (every(7, wrong_body), False),
}


def smoke(script: Path, release) -> tuple:
    port = free_port()
    server = make_server("127.0.0.1", port, release, server_class=Server, handler_class=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = subprocess.run(
            [sys.executable, str(script), f"http://127.0.0.1:{port}"], capture_output=True, text=True, timeout=TIMEOUT
        )
        return result.returncode, (result.stdout + result.stderr).strip()
    except subprocess.TimeoutExpired:
        return None, f"it did not finish within {TIMEOUT} s"
    finally:
        server.shutdown()
        server.server_close()


def main(path: str) -> int:
    checks = Checks(f"exercise 19: the smoke stage in {path}")
    script = Path(path)
    if not script.is_file():
        return checks.stop(f"{path} does not exist")
    for name, (release, passes) in RELEASES.items():
        status, output = smoke(script, release)
        last = (output.splitlines() or ["(no output)"])[-1]
        if passes:
            checks.expect(status == 0, f"{name}: the smoke passes (exit 0)", f"exit {status}; its output ends: {last}")
        else:
            checks.expect(
                status == 1,
                f"{name}: the smoke fails (exit 1), production is never reached",
                f"exit {status}; its output ends: {last}",
            )
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
