"""slowhttptest (Debian's ``slowhttptest``), bounded: a slow-client attack that stops by itself.

Two kinds of slow client, each holding up to ``connections`` connections from
127.0.0.1 for ``seconds``:

- slow headers (Slowloris): the request's headers never end; a header line every
  ``interval`` seconds keeps the connection alive.
- slow body (R-U-Dead-Yet): a POST announces a body and sends it a few bytes every
  ``interval`` seconds.

The tool's own limit (``-l``) ends it; a subprocess timeout beyond that ends it if
it does not. Its last status report says how many connections the server kept.
"""

import re
import shutil
import signal
import subprocess
from dataclasses import dataclass

from stacks.runner.errors import StackError

KINDS = {"slow-headers": ["-H"], "slow-body": ["-B", "-s", "65536"]}
MAX_CONNECTIONS = 500  # a few hundred at most: the bound, enforced
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
COUNT = re.compile(r"^(initializing|pending|connected|error|closed):\s+(\d+)", re.M)


@dataclass(frozen=True)
class Attack:
    kind: str  # a key of KINDS
    connections: int
    seconds: int
    interval: int = 5
    rate: int = 100  # new connections a second

    def command(self, url: str) -> list:
        if self.kind not in KINDS:
            raise StackError(f"unknown slow-client attack {self.kind!r}; known: {', '.join(KINDS)}")
        if not 0 < self.connections <= MAX_CONNECTIONS:
            raise StackError(f"slow-client connections {self.connections} must be 1..{MAX_CONNECTIONS}")
        return [
            "slowhttptest",
            *KINDS[self.kind],
            "-c",
            str(self.connections),
            "-r",
            str(self.rate),
            "-i",
            str(self.interval),
            "-l",
            str(self.seconds),
            "-p",
            "3",
            "-u",
            url,
        ]


def binary() -> str:
    found = shutil.which("slowhttptest")
    if not found:
        raise StackError("slowhttptest is missing: run 'make setup' (it installs the Debian package slowhttptest)")
    return found


def start(attack: Attack, url: str) -> subprocess.Popen:
    binary()
    return subprocess.Popen(
        attack.command(url), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )


def finish(process: subprocess.Popen, attack: Attack) -> dict:
    """Wait for the attack to end (killing it past its time); what its last report said."""
    try:
        output, _ = process.communicate(timeout=attack.seconds + 30)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        output, _ = process.communicate()
    return parse(output)


def parse(output: str) -> dict:
    """The attack's last counts, and the most connections it held at once."""
    text = ANSI.sub("", output)
    counts = {}
    held = 0
    for name, value in COUNT.findall(text):
        counts[name] = int(value)
        if name == "connected":
            held = max(held, int(value))
    ended = re.search(r"Exit status:\s*(.+)", text)
    return {"max_connected": held, "last": counts, "exit": ended.group(1).strip() if ended else "no report"}
