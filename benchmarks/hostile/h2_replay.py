"""Replaying the HTTP/2 cases against a stack that offers h2, with ``GET /`` checked after each.

One TLS connection per case, h2 chosen by ALPN (a stack that does not offer it
is not replayed: ``offers_h2``). The attack's bytes are written whole while
whatever the server sends is read meanwhile, so neither side's buffers fill;
then the server's frames are read through the h2 library until every stream
opened is answered or reset, the server sent GOAWAY or closed, or the case's
time is up. Verdicts and recorded divergences work as for the HTTP/1.1 corpus
(tests/hostile/divergences.toml).
"""

import select
import socket
import ssl
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import h2.events
import h2.exceptions

from benchmarks.hostile import h2_attacks, h2_corpus, verdict
from benchmarks.hostile.replay import healthy

CASE_SECONDS = 8.0  # the longest a case may take once sent; nginx answers each within a second, hypercorn a few
CHUNK = 16384


@dataclass
class H2Observation:
    """What the server did with one case's connection."""

    statuses: Counter = field(default_factory=Counter)  # final status -> how many streams got it
    resets: int = 0  # streams the server reset (RST_STREAM)
    goaway: str = ""  # the GOAWAY's error code, when the server sent one
    ended: str = "silent"  # closed, silent (still open at the deadline), answered (every stream accounted for)
    unreadable: str = ""  # the h2 library's complaint, when the server's frames stopped making sense to it
    sent_bytes: int = 0
    seconds: float = 0.0

    def outcome(self) -> str:
        """served (every stream 2xx), refused (resets, GOAWAY, 4xx or closing), error (a 5xx), silent."""
        if any(int(s) >= 500 for s in self.statuses):
            return "error"
        if self.resets or self.goaway or any(400 <= int(s) < 500 for s in self.statuses):
            return "refused"
        if self.ended == "closed":
            return "refused"
        if self.ended == "silent":
            return "silent"
        return "served"


def _connect(base_url: str, cafile: str, timeout: float = 10) -> ssl.SSLSocket:
    parts = urlsplit(base_url)
    context = ssl.create_default_context(cafile=cafile or None)
    context.set_alpn_protocols(["h2", "http/1.1"])
    sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
    return context.wrap_socket(sock, server_hostname="localhost")


def offers_h2(base_url: str, cafile: str) -> bool:
    """True when the stack at ``base_url`` serves TLS and picks h2 by ALPN."""
    if urlsplit(base_url).scheme != "https":
        return False
    with _connect(base_url, cafile) as sock:
        return sock.selected_alpn_protocol() == "h2"


def _send_reading(sock, data: bytes, received: list, deadline: float) -> int:
    """Write ``data`` while collecting what arrives; stop early when the server closes. Bytes sent."""
    sent = 0
    sock.setblocking(False)
    try:
        while sent < len(data) and time.monotonic() < deadline:
            readable, writable, _ = select.select([sock], [sock], [], 0.5)
            if readable:
                chunk = _recv(sock)
                if chunk is None:
                    return sent
                received.append(chunk)
            if writable:
                try:
                    sent += sock.send(data[sent : sent + CHUNK])
                except (ssl.SSLWantWriteError, ssl.SSLWantReadError, BlockingIOError):
                    pass
                except OSError:
                    return sent
    finally:
        sock.setblocking(True)
    return sent


def _recv(sock) -> bytes | None:
    """What the socket has now; b'' when nothing is ready, None when the server closed."""
    try:
        data = sock.recv(65536)
    except (ssl.SSLWantReadError, BlockingIOError, TimeoutError):
        return b""
    except OSError:
        return None
    return data or None


def _take(conn, data: bytes, seen: H2Observation, open_streams: set) -> None:
    for event in conn.receive_data(data):
        if isinstance(event, h2.events.ResponseReceived):
            status = dict(event.headers).get(b":status", b"0").decode()
            if not status.startswith("1"):
                seen.statuses[status] += 1
        elif isinstance(event, h2.events.StreamReset) and event.remote_reset:
            seen.resets += 1
            open_streams.discard(event.stream_id)
        elif isinstance(event, h2.events.StreamEnded):
            open_streams.discard(event.stream_id)
        elif isinstance(event, h2.events.DataReceived):
            conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
        elif isinstance(event, h2.events.ConnectionTerminated):
            seen.goaway = getattr(event.error_code, "name", str(event.error_code))


def exchange(base_url: str, cafile: str, case, seconds: float = CASE_SECONDS) -> H2Observation:
    """Send ``case`` on one h2 connection and watch what the server does."""
    seen = H2Observation()
    authority = f"localhost:{urlsplit(base_url).port}"
    conn, data, opened = h2_attacks.build(case, authority)
    began = time.monotonic()
    sock = _connect(base_url, cafile)
    received: list = []
    open_streams = set(opened) if case.attack != "resets" else set()
    try:
        seen.sent_bytes = _send_reading(sock, data, received, began + seconds)
        deadline = time.monotonic() + seconds
        pending = b"".join(received)
        while True:
            try:
                if pending:
                    _take(conn, pending, seen, open_streams)
                    sock.sendall(conn.data_to_send())  # WINDOW_UPDATE, SETTINGS ACK, PING ACK
            except h2.exceptions.ProtocolError as exc:
                seen.unreadable = f"{type(exc).__name__}: {exc}"[:200]
                seen.ended = "closed"
                break
            except OSError:
                seen.ended = "closed"
                break
            if seen.goaway or (not open_streams and case.attack != "resets"):
                seen.ended = "answered" if not seen.goaway else "closed"
                break
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                seen.ended = "silent"
                break
            sock.settimeout(remaining)
            try:
                pending = sock.recv(65536)
            except TimeoutError:
                seen.ended = "silent"
                break
            except OSError:
                seen.ended = "closed"
                break
            if not pending:
                seen.ended = "closed"
                break
    finally:
        sock.close()
    if case.attack == "resets" and seen.ended == "silent" and not seen.goaway:
        seen.ended = "answered"  # every stream was the client's to cancel: silence is the server taking it
    seen.seconds = round(time.monotonic() - began, 2)
    return seen


def judge(case, seen: H2Observation) -> tuple[str, str]:
    kind = seen.outcome()
    if kind == "error":
        return "divergence", f"answered {sorted(seen.statuses)}: a server error for the client's frames"
    if case.expect == "serve":
        if kind == "served" and sum(seen.statuses.values()) == case.count:
            return "pass", ""
        return "divergence", f"{kind}, expected served"
    if kind != "refused":
        return "divergence", f"{kind}, expected refused"
    return "pass", ""


def describe(seen: H2Observation) -> dict:
    return {
        "outcome": seen.outcome(),
        "statuses": dict(sorted(seen.statuses.items())),
        "resets": seen.resets,
        "goaway": seen.goaway,
        "ended": seen.ended,
        "unreadable": seen.unreadable,
        "sent_bytes": seen.sent_bytes,
        "seconds": seen.seconds,
    }


def replay(stack: str, base_url: str, cafile: str, cases=None) -> dict:
    """Every HTTP/2 case against the stack, ``GET /`` checked after each: a JSON-ready report."""
    cases = h2_corpus.load() if cases is None else cases
    known = verdict.load_known()
    began = time.monotonic()
    results = {}
    for case in cases:
        seen = exchange(base_url, cafile, case)
        result, why = judge(case, seen)
        entry = {**describe(seen), "verdict": result, "why": why}
        if result == "divergence":
            record = verdict.recorded(known, stack, case.name, seen.outcome())
            if record:
                entry.update(verdict="known", reason=record.reason, reference=record.reference)
            else:
                entry.update(verdict="failure", why=f"unrecorded divergence: {why}")
        problem = healthy(base_url, cafile)
        if problem:
            entry.update(verdict="failure", why=f"after this case {problem}")
        results[case.name] = entry
    return {"cases": results, "seconds": round(time.monotonic() - began, 1)}


def failures(report: dict) -> list[str]:
    return [f"{name} (h2): {r['why']}" for name, r in report["cases"].items() if r["verdict"] == "failure"]
