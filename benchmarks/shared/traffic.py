"""A steady, bounded loopback load that records every request on a timeline.

Used by ``make slow-clients`` (one client probing ``GET /`` a few times a second)
and by ``make availability`` (a few clients at a steady rate while faults are
injected). Each client has a loopback source address of its own
(127.0.0.2, 127.0.0.3, ...): the attacks come from 127.0.0.1, so a front server's
per-client limits see the load as the other clients it is meant to protect, not
as the attacker. Every request opens a fresh connection (no keep-alive), so a
server closing idle connections on a reload is never blamed on the client, and
never hidden by a retry either: each request either got the expected answer in
time or is a failure. The load is an open loop (requests leave on schedule
whether or not earlier ones were answered), bounded in rate, in requests in
flight and in time, whatever happens.
"""

import http.client
import ssl
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from stacks.runner import probe

MAX_SECONDS = 3600
FIRST_SOURCE = 2  # 127.0.0.2: 127.0.0.1 is the attacker's address


@dataclass(frozen=True)
class Outcome:
    """One request: when it was sent and answered (monotonic seconds), and whether it was right."""

    sent: float
    done: float
    ok: bool
    detail: str = ""  # status and body start, or the error, when not ok

    @property
    def latency(self) -> float:
        return self.done - self.sent


def source_address(index: int) -> str:
    return f"127.0.0.{FIRST_SOURCE + index}"


def connect(url: str, cafile: str, timeout: float, source: str = "") -> http.client.HTTPConnection:
    """A connection to ``url``'s host, from loopback address ``source`` when given."""
    parts = urlsplit(url)
    bind = (source, 0) if source else None
    if parts.scheme == "https":
        context = ssl.create_default_context(cafile=cafile or None)
        return http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=timeout, context=context, source_address=bind
        )
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout, source_address=bind)


def fetch(url: str, path: str, cafile: str = "", timeout: float = 10, source: str = "") -> tuple:
    """(status, body) of one GET on a fresh connection; raises OSError or HTTPException."""
    return probe.get_over(connect(url, cafile, timeout, source), path, {"Connection": "close"})


@dataclass
class Traffic:
    """``clients`` clients, each sending ``rate`` GETs a second to ``url + path`` until stopped."""

    url: str
    cafile: str = ""
    clients: int = 1
    rate: float = 4.0
    timeout: float = 10.0
    path: str = "/"
    expect: tuple | None = (200, b"Hello, World!")  # None: any HTTP answer will do
    outcomes: list = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _threads: list = field(default_factory=list)
    _in_flight: threading.BoundedSemaphore = None
    _scheduler: threading.Thread = None

    def _one(self, source: str) -> Outcome:
        began = time.monotonic()
        try:
            got = fetch(self.url, self.path, self.cafile, self.timeout, source)
            detail = "" if self.expect is None or got == self.expect else f"{got[0]} {got[1][:60]!r}"
        except (OSError, http.client.HTTPException) as exc:
            detail = f"{type(exc).__name__}: {exc}"[:120]
        return Outcome(began, time.monotonic(), not detail, detail)

    def _send(self, source: str) -> None:
        try:
            outcome = self._one(source)
            with self._lock:
                self.outcomes.append(outcome)
        finally:
            self._in_flight.release()

    def _schedule(self) -> None:
        """Open loop: a request every tick whether or not the earlier ones were answered, so a
        stalled server meets as many requests as a healthy one (and fails them all)."""
        interval = 1.0 / (self.rate * self.clients)
        deadline = time.monotonic() + MAX_SECONDS
        tick, index = time.monotonic(), 0
        while not self._stop.is_set() and time.monotonic() < deadline:
            self._stop.wait(max(0.0, tick - time.monotonic()))
            if self._stop.is_set():
                break
            source = source_address(index % self.clients)
            if self._in_flight.acquire(blocking=False):
                sender = threading.Thread(target=self._send, args=(source,), daemon=True)
                self._threads.append(sender)
                sender.start()
            else:  # every slot waits on an answer already: this request could not even be sent
                now = time.monotonic()
                with self._lock:
                    self.outcomes.append(Outcome(now, now, False, "not sent: every client slot waits"))
            index += 1
            tick = max(tick + interval, time.monotonic() - interval)  # never a burst to catch up
            self._threads = [t for t in self._threads if t.is_alive()]

    def snapshot(self) -> list:
        with self._lock:
            return list(self.outcomes)

    def __enter__(self):
        # enough slots for every request of ``timeout`` seconds in flight at once, and no more
        self._in_flight = threading.BoundedSemaphore(int(self.rate * self.clients * (self.timeout + 2)) + 1)
        self._scheduler = threading.Thread(target=self._schedule, daemon=True)
        self._scheduler.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._scheduler.join(timeout=5)
        for thread in list(self._threads):
            thread.join(timeout=self.timeout * 3)
