"""Checker for exercise 22: the student's tornado handlers, served by tornado's own server.

The student's ``make_app()`` runs in a process of its own on a free loopback port,
the way the integrated stack runs its app. Besides the answers, the checker proves
that waiting does not block the loop: several ``/slow`` requests at once must
overlap, and a ``GET /`` sent while they wait must come back before any of them.
The check is on order and overlap, not on a speed target.

    python check.py path/to/app.py
"""

import sys
import tempfile
import threading
import time
from pathlib import Path

from course.tasks.checking import Checks, NotServing, free_port, request, says_hello, serving

WAITERS = 4  # /slow requests sent at once
SECONDS = 1  # each waits this long
LONGEST = 5  # the longest wait /slow accepts (the README says so)
SERVE = """
import asyncio, importlib.util, sys
spec = importlib.util.spec_from_file_location("student_app", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
async def main():
    module.make_app().listen(int(sys.argv[2]), "127.0.0.1")
    await asyncio.Event().wait()
asyncio.run(main())
"""


def get(url: str, timeout: float = 5) -> tuple:
    """(status, headers, body); status 0 when nothing (or no complete answer) came back in time."""
    try:
        return request(url, timeout=timeout)
    except OSError:
        return 0, {}, b""


def timed_get(url: str, finished: dict, key: str, started: float) -> None:
    status, _, body = get(url, timeout=4 * WAITERS * SECONDS)
    finished[key] = (time.monotonic() - started, status, body)


def overlap(checks: Checks, base: str) -> None:
    """Several waits at once, and GET / while they wait: the order they finish in."""
    finished = {}
    started = time.monotonic()
    threads = [
        threading.Thread(target=timed_get, args=(f"{base}/slow?seconds={SECONDS}", finished, f"slow{i}", started))
        for i in range(WAITERS)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.2)  # the waits are in the server by now
    timed_get(base + "/", finished, "hello", started)
    for thread in threads:
        thread.join()
    slows = sorted(at for key, (at, status, _) in finished.items() if key != "hello" and status == 200)
    hello_at = finished["hello"][0]
    checks.expect(
        len(slows) == WAITERS and slows[-1] < 2.5 * SECONDS,
        f"{WAITERS} GET /slow?seconds={SECONDS} sent at once all finish within {2.5 * SECONDS:g} s (they overlap)",
        f"they finished after {', '.join(f'{t:.1f}' for t in slows)} s: one after another, the loop was blocked",
    )
    checks.expect(
        bool(slows) and hello_at < slows[0],
        "GET / sent while they wait answers before any of them",
        f"GET / came back after {hello_at:.1f} s, behind a wait: a handler blocked the event loop",
    )


def main(path: str) -> int:
    checks = Checks(f"exercise 22: tornado handlers in {path}")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder:
        try:
            with serving([sys.executable, "-c", SERVE, path, str(port)], port, Path(folder) / "server.log"):
                says_hello(checks, get(base + "/"))
                status, _, body = get(base + "/slow?seconds=0.1")
                checks.expect(
                    (status, body) == (200, b"slept 0.1"),
                    "GET /slow?seconds=0.1 answers 200 slept 0.1",
                    f"got {status} {body[:60]!r}",
                )
                for bad in ("abc", str(LONGEST + 1)):
                    status, _, _ = get(f"{base}/slow?seconds={bad}", timeout=LONGEST + 3)
                    checks.expect(status == 400, f"GET /slow?seconds={bad} answers 400", f"got {status}")
                status, _, _ = get(base + "/no/such/page")
                checks.expect(status == 404, "GET /no/such/page answers 404", f"got {status}")
                overlap(checks, base)
        except NotServing as exc:
            return checks.stop(f"your make_app() served nothing: {exc}")
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
