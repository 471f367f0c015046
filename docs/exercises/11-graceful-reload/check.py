"""Checker for exercise 11: the student's reload makes gunicorn serve new code without losing a request.

A real gunicorn (two sync workers) serves a tiny app that answers its version.
While a client keeps sending requests — some of them slow, so they are in flight
at the moment of the reload — the checker writes version 2 of the app and runs
the student's script with the master's pid. Every request must be answered, the
new version must take over, and the master (and its socket) must stay.

    python check.py path/to/reload.sh
"""

import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from course.tasks.checking import GUNICORN, Checks, NotServing, free_port, request, serving
from stacks.runner import supervise

WORKERS = 2
SLOW_SECONDS = 1
CLIENTS = ("/", "/slow", "/slow")  # one quick client, two whose requests are in flight at the reload
APP = """\
import time

VERSION = b"{version}"


def application(environ, start_response):
    if environ["PATH_INFO"] == "/slow":
        time.sleep({slow_seconds})
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(VERSION)))])
    return [VERSION]
"""


class Client(threading.Thread):
    """Requests one after another until stopped; remembers every answer."""

    def __init__(self, url: str, path: str) -> None:
        super().__init__(daemon=True)
        self.url, self.path, self.answers, self.running = url, path, [], True

    def run(self) -> None:
        while self.running:
            try:
                status, _, body = request(self.url + self.path, timeout=20)
                self.answers.append((status, body))
            except OSError as exc:
                self.answers.append((0, str(exc).encode()))
                time.sleep(0.05)  # a server that is gone refuses at once: do not spin

    def failures(self) -> list:
        return [a for a in self.answers if a[0] != 200]


def new_version_answers(url: str, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if request(url + "/")[2] == b"v2":
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def main(path: str) -> int:
    checks = Checks(f"exercise 11: the reload script {path}")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "app.py").write_text(APP.format(version="v1", slow_seconds=SLOW_SECONDS))
        command = [
            str(GUNICORN),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--chdir",
            name,
            "app:application",
        ]
        try:
            with serving(command, port, folder / "gunicorn.log") as master:
                clients = [Client(url, path) for path in CLIENTS]
                for client in clients:
                    client.start()
                time.sleep(1.5)
                (folder / "app.py").write_text(APP.format(version="v2", slow_seconds=SLOW_SECONDS))
                script = subprocess.run(
                    ["/bin/sh", str(Path(path).resolve()), str(master.pid)], capture_output=True, text=True, timeout=30
                )
                switched = new_version_answers(url)
                time.sleep(1.5)
                for client in clients:
                    client.running = False
                for client in clients:
                    client.join(25)
                failed = [a for c in clients for a in c.failures()]
                answered = sum(len(c.answers) for c in clients)
                checks.expect(script.returncode == 0, "the script runs without error", script.stderr.strip()[-200:])
                checks.expect(
                    not failed,
                    f"every request during the reload was answered ({answered} requests)",
                    f"{len(failed)} failed, e.g. {failed[:2]}",
                )
                checks.expect(switched, "the new code answers after the reload (v2)", "it still answers v1, or nothing")
                checks.expect(
                    supervise.pid_alive(master.pid) and master.poll() is None,
                    "the same master keeps running (its socket never closed)",
                    "gunicorn's master is gone",
                )
        except NotServing as exc:
            return checks.stop(f"gunicorn did not start: {exc}")
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
