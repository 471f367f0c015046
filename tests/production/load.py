"""A bounded loopback load: a few client threads sending GETs until told to stop.

Each thread keeps one HTTPS connection (as a browser would) and counts every
request that did not get a 200 with the right body, including connection errors.
Bounded in requests and time, whatever happens.
"""

import http.client
import threading
import time
from dataclasses import dataclass, field

MAX_SECONDS = 90
MAX_REQUESTS_PER_THREAD = 20000


@dataclass
class Load:
    stack: object
    threads: int = 4
    ok: int = 0
    failures: list = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _workers: list = field(default_factory=list)

    def _client(self) -> None:
        deadline = time.monotonic() + MAX_SECONDS
        conn = self.stack.connection(timeout=10)
        for _ in range(MAX_REQUESTS_PER_THREAD):
            if self._stop.is_set() or time.monotonic() > deadline:
                break
            try:
                conn.request("GET", "/")
                response = conn.getresponse()
                body = response.read()
                good = (response.status, body) == (200, b"Hello, World!")
                failure = "" if good else f"{response.status} {body[:60]!r}"
            except (OSError, http.client.HTTPException) as exc:
                failure = f"{type(exc).__name__}: {exc}"
                conn.close()
                conn = self.stack.connection(timeout=10)
            with self._lock:
                if failure:
                    self.failures.append(failure)
                else:
                    self.ok += 1
        conn.close()

    def __enter__(self):
        self._workers = [threading.Thread(target=self._client, daemon=True) for _ in range(self.threads)]
        for worker in self._workers:
            worker.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for worker in self._workers:
            worker.join(timeout=30)
