"""Lab 03: a 2 MiB upload passes nginx and reaches the app, which echoes it back.

The fix is a limit, not its removal: nginx must still refuse a body far larger than
the app would take (``client_max_body_size 0`` means no limit: a client could fill
the disk under ``client_body_temp_path``), and above the app's own limit it must be
the app, not nginx, that answers 413 (``3m`` would let the photo through and still
refuse what the app accepts). Each is checked by what nginx and the app answer.
"""

import os
import socket
from urllib.parse import urlsplit

from course.tasks.checking import request

STACK = "proxy"
BODY = os.urandom(2 << 20)
HUGE_FACTOR = 10  # a body this many times the app's limit is nginx's to refuse, before it reads a byte


def app_limit() -> int:
    """The app's own max_body_bytes, as the stack's configuration (PYTHON_ENV, the environment) sets it."""
    from hello import config

    return config.load().max_body_bytes


def announced_upload(url: str, length: int, seconds: float = 5.0) -> bytes:
    """The first bytes of the answer to a POST that announces ``length`` bytes and sends none."""
    where = urlsplit(url)
    with socket.create_connection((where.hostname, where.port), timeout=seconds) as sock:
        sock.sendall(
            f"POST /echo HTTP/1.1\r\nHost: {where.netloc}\r\nContent-Type: application/octet-stream\r\n"
            f"Content-Length: {length}\r\n\r\n".encode()
        )
        try:
            return sock.recv(200)
        except TimeoutError:
            return b""


def check(checks, url, state) -> None:
    status, _, body = request(url + "/echo", "POST", BODY, {"Content-Type": "application/octet-stream"})
    checks.expect(
        (status, body) == (200, BODY), "POST /echo with 2 MiB comes back whole", f"got {status} and {len(body)} bytes"
    )
    limit = app_limit()
    status, headers, body = request(
        url + "/echo", "POST", bytes(limit + 1), {"Content-Type": "application/octet-stream"}, timeout=60
    )
    from_app = status == 413 and headers.get("content-type", "").startswith("text/plain")
    checks.expect(
        from_app,
        f"a body one byte over the app's limit ({limit} bytes) gets the app's own 413",
        f"got {status} {headers.get('content-type')} {body[:60]!r}: "
        + ("nginx refused it first: its limit is below the app's" if status == 413 else "nobody refused it"),
    )
    huge = HUGE_FACTOR * limit
    answer = announced_upload(url, huge)
    checks.expect(
        answer.startswith(b"HTTP/1.1 413"),
        f"nginx refuses a body of {huge} bytes ({HUGE_FACTOR} times the app's limit) at once",
        f"it answered {answer[:40]!r}: with no limit (0), nginx waits to read it all to disk"
        if not answer
        else f"it answered {answer[:40]!r}",
    )
