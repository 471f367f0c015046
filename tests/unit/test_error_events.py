"""Every error event carries the request id the client got, however many errors came before.

The real sentry_sdk sends to a real HTTP endpoint on loopback that stands in for
the tracker's ingest API; the app runs in its own process (sentry_sdk's set-up
is per process, as in a worker). Before the fix, only a process's first event
had its ``request_id`` tag: the logging integration captured the later ones first.
"""

import gzip
import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

APPS = Path(__file__).resolve().parents[2] / "apps"

# Run inside the child: the WSGI app, called as a server would, for each request id.
CHILD = """
import sys
from wsgiref.util import setup_testing_defaults
import hello.integrations.error_tracker as errors
from hello.wsgi import application
print("initialised at start:", errors._initialised, flush=True)
for request_id in sys.argv[1:]:
    env = {"PATH_INFO": "/error", "QUERY_STRING": "id=" + request_id, "HTTP_X_REQUEST_ID": request_id}
    setup_testing_defaults(env)
    seen = []
    body = b"".join(application(env, lambda status, headers, exc_info=None: seen.append(status)))
    assert seen[0].startswith("500"), seen
"""


class Ingest(BaseHTTPRequestHandler):
    """Sentry's envelope endpoint, reduced to collecting the events it is sent."""

    def do_POST(self):
        data = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            data = gzip.decompress(data)
        elif encoding == "br":  # sentry_sdk prefers brotli when the module is installed
            import brotli

            data = brotli.decompress(data)
        lines = data.split(b"\n")
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                self.server.events.append(json.loads(payload))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def ingest():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Ingest)
    server.events = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_every_event_has_its_request_id(ingest):
    pytest.importorskip("sentry_sdk")
    ids = [f"rid-{n}" for n in range(4)]
    dsn = f"http://publickey@127.0.0.1:{ingest.server_port}/1"
    env = {
        "PYTHONPATH": str(APPS),
        "PYTHON_ENV": "production",
        "SENTRY_DSN": dsn,
        "RELEASE": "r9",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run([sys.executable, "-c", CHILD, *ids], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "initialised at start: True" in result.stdout, "the tracker is set up when the app starts"
    tags = [dict(event.get("tags") or {}) for event in ingest.events]
    assert sorted(tag.get("request_id", "") for tag in tags) == ids
    assert {(event["environment"], event["release"]) for event in ingest.events} == {("production", "r9")}


BROKEN_BODY = """
from wsgiref.util import setup_testing_defaults
from hello.wsgi import application


class BrokenChunks:
    \"\"\"wsgi.input as gunicorn hands it over for a body with a bad chunk size.\"\"\"

    def read(self, size=-1):
        raise ValueError("Invalid chunk size: 'zz'")


env = {"REQUEST_METHOD": "POST", "PATH_INFO": "/echo", "HTTP_TRANSFER_ENCODING": "chunked",
       "wsgi.input_terminated": True}
setup_testing_defaults(env)
env["wsgi.input"] = BrokenChunks()
seen = []
body = b"".join(application(env, lambda status, headers, exc_info=None: seen.append(status)))
print(seen[0], body)
"""


def test_an_unreadable_body_is_a_400_and_no_event(ingest):
    pytest.importorskip("sentry_sdk")
    dsn = f"http://publickey@127.0.0.1:{ingest.server_port}/1"
    env = {"PYTHONPATH": str(APPS), "PYTHON_ENV": "production", "SENTRY_DSN": dsn, "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", BROKEN_BODY], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("400 Bad Request"), result.stdout
    assert ingest.events == [] and "ERROR" not in result.stderr
