"""``make wire``: one request recorded on the wire between nginx and the app (FastCGI, SCGI, uwsgi).

Starts the ``fastcgi``, ``scgi`` and ``uwsgi`` stacks in turn (private run folders,
free ports), puts a recorder on the app's unix socket (the app's socket file is moved
aside; the recorder listens in its place and relays both ways), sends one
``GET /env?lang=en`` with curl's manners, and saves the bytes both ways in
benchmarks/results/wire.json; ``make tables`` makes docs/wire.md of them
(course/wire_page.py).
"""

import json
import os
import socket
import threading
import time
from pathlib import Path

from stacks.runner.paths import ROOT
from stacks.runner.private import private_stack
from stacks.runner.probe import request

OBSERVED = ROOT / "benchmarks" / "results" / "wire.json"  # committed: the bytes docs/wire.md shows
PATH = "/env?lang=en"
STACKS = {"fastcgi": "fastcgi.sock", "scgi": "scgi.sock", "uwsgi": "uwsgi.sock"}


class Recorder:
    """Listens on the app's socket path and relays one connection to the app, keeping both directions."""

    def __init__(self, path: Path) -> None:
        self.path, self.real = path, path.with_name(path.name + ".app")
        os.rename(path, self.real)
        self.listener = socket.socket(socket.AF_UNIX)
        self.listener.bind(str(path))
        os.chmod(path, 0o666)  # nginx's workers (the service account) connect to it
        self.listener.listen(1)
        self.sent, self.answered = bytearray(), bytearray()
        self.thread = threading.Thread(target=self._relay, daemon=True)
        self.thread.start()

    def _relay(self) -> None:
        client, _ = self.listener.accept()
        app = socket.socket(socket.AF_UNIX)
        app.connect(str(self.real))
        pairs = [(client, app, self.sent), (app, client, self.answered)]
        threads = [threading.Thread(target=self._pump, args=pair) for pair in pairs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        client.close()
        app.close()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket, kept: bytearray) -> None:
        while data := source.recv(65536):
            kept.extend(data)
            target.sendall(data)
        try:
            target.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def close(self) -> None:
        self.thread.join(30)
        self.listener.close()
        self.path.unlink()
        os.rename(self.real, self.path)


def record(stack: str, run: Path, base_url: str) -> tuple:
    """(bytes nginx sent the app, bytes the app answered) for one GET of PATH on a running ``stack``."""
    recorder = Recorder(Path(run) / "var" / STACKS[stack])
    try:
        status, _, _ = request(base_url + PATH, headers={"User-Agent": "curl/7.88.1", "Accept": "*/*"})
        assert status == 200, f"{stack}: GET {PATH} answered {status}"
    finally:
        recorder.close()
    return bytes(recorder.sent), bytes(recorder.answered)


def capture(stack: str) -> tuple:
    """``record`` on ``stack`` started privately for the purpose."""
    with private_stack(stack) as state:
        return record(stack, state.run, state.base_url)


def main() -> int:
    captures = {stack: capture(stack) for stack in STACKS}
    saved = {
        "date": time.strftime("%Y-%m-%d"),
        "host": socket.gethostname(),
        "captures": {stack: [sent.hex(), answered.hex()] for stack, (sent, answered) in captures.items()},
    }
    OBSERVED.write_text(json.dumps(saved, indent=1) + "\n")
    print(f"wrote {OBSERVED.relative_to(ROOT)}")
    return 0
