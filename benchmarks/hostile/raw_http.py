"""Raw bytes to a stack and the responses back, counted, over plain TCP or TLS.

The request is written whole or in small pieces and the socket is never
half-closed: nginx takes a client's FIN after the request for an abort and
answers nothing (499). Responses are parsed just enough to find where each ends
(Content-Length, chunked, or the connection's close), so a second response to one
request - the mark of a request two parsers framed differently - is counted.
"""

import socket
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

PIECES = 16  # at most this many writes for the "pieces" replay
PIECE_GAP = 0.001  # seconds between two pieces


@dataclass
class Observation:
    """What one exchange showed: the final statuses in order and how it ended.

    status 0 stands for an answer without an HTTP status line (HTTP/0.9 style).
    ``ended``: "closed" (the server closed), "silent" (still open, nothing more
    within the wait), or "reset".
    """

    statuses: list = field(default_factory=list)
    ended: str = "silent"


class _Closed(Exception):
    pass


class _Silent(Exception):
    pass


class _Reader:
    def __init__(self, sock):
        self.sock, self.buffer = sock, b""

    def _more(self, deadline: float) -> None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _Silent
        self.sock.settimeout(remaining)
        try:
            data = self.sock.recv(65536)
        except TimeoutError:
            raise _Silent from None
        except ssl.SSLError:
            raise _Closed from None
        if not data:
            raise _Closed
        self.buffer += data

    def _line(self, deadline: float) -> bytes:
        while b"\n" not in self.buffer:
            self._more(deadline)
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.rstrip(b"\r")

    def _take(self, size: int, deadline: float) -> None:
        while len(self.buffer) < size:
            self._more(deadline)
        self.buffer = self.buffer[size:]

    def response(self, deadline: float) -> int:
        """The status of the next final response, its body consumed; 1xx skipped."""
        while True:
            while len(self.buffer) < 5:
                self._more(deadline)
            if not self.buffer.startswith(b"HTTP/"):
                self.buffer = b""
                return 0
            status = int(self._line(deadline).split(b" ", 2)[1][:3])
            headers = {}
            while line := self._line(deadline):
                name, _, value = line.partition(b":")
                headers[name.strip().lower()] = value.strip().lower()
            if 100 <= status < 200:
                continue
            if status in (204, 304):
                return status
            if b"chunked" in headers.get(b"transfer-encoding", b""):
                while (size := int(self._line(deadline).split(b";")[0] or b"0", 16)) > 0:
                    self._take(size + 2, deadline)
                while self._line(deadline):
                    pass
            elif b"content-length" in headers:
                self._take(int(headers[b"content-length"]), deadline)
            else:
                try:
                    while True:
                        self._more(deadline)
                except _Closed:
                    self.buffer = b""
            return status


def connect(base_url: str, cafile: str = "", timeout: float = 10) -> socket.socket:
    parts = urlsplit(base_url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if parts.scheme == "https":
        context = ssl.create_default_context(cafile=cafile or None)
        sock = context.wrap_socket(sock, server_hostname="localhost")
    return sock


def _send(sock, raw: bytes, pieces: bool) -> None:
    if not pieces:
        sock.sendall(raw)
        return
    size = max(1, -(-len(raw) // PIECES))
    for start in range(0, len(raw), size):
        sock.sendall(raw[start : start + size])
        time.sleep(PIECE_GAP)


def exchange(
    base_url: str, cafile: str, raw: bytes, pieces: bool, wanted: int, linger: bool, answer_seconds: float
) -> Observation:
    """Send ``raw``; read until ``wanted`` responses, then, when ``linger``, wait a moment for more."""
    seen = Observation()
    sock = connect(base_url, cafile)
    reader = _Reader(sock)
    try:
        try:
            _send(sock, raw, pieces)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass  # refused mid-request: the answer may already be waiting
        deadline = time.monotonic() + answer_seconds
        while True:
            try:
                seen.statuses.append(reader.response(deadline))
            except _Silent:
                seen.ended = "silent"
                return seen
            except _Closed:
                seen.ended = "closed"
                return seen
            except (ConnectionResetError, OSError):
                seen.ended = "reset"
                return seen
            except (ValueError, IndexError):
                seen.statuses.append(0)  # an answer we cannot parse: count it, stop reading
                seen.ended = "closed"
                return seen
            if len(seen.statuses) >= wanted:
                if not linger:
                    return seen
                deadline = time.monotonic() + LINGER_SECONDS
    finally:
        sock.close()


LINGER_SECONDS = 0.4  # after the expected answers to an ambiguous request: is there another?
