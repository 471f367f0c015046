"""An HTTP/3 request with aioquic's client API: what ``curl --http3`` would do, had Debian's curl it.

Neither Debian's curl nor its nginx speaks HTTP/3, so the lab's one HTTP/3
client is this module: QUIC over UDP to the port a server's ``Alt-Svc`` header
names, TLS 1.3 verified against the lab's CA, one request on one stream.

    python -m benchmarks.edge.h3_client https://localhost:8443/ --cacert STATE/tls/ca.crt
"""

import argparse
import asyncio
import sys
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from aioquic.asyncio.client import connect
from aioquic.asyncio.protocol import QuicConnectionProtocol
from aioquic.h3.connection import H3_ALPN, H3Connection
from aioquic.h3.events import DataReceived, HeadersReceived
from aioquic.quic.configuration import QuicConfiguration
from aioquic.quic.events import ConnectionTerminated

USER_AGENT = b"interface-lab-h3-client"


@dataclass
class Response:
    """One HTTP/3 answer: status, headers (lower-case names), body, and the ALPN protocol QUIC agreed."""

    status: int = 0
    headers: list = field(default_factory=list)
    body: bytes = b""
    protocol: str = ""

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k == name), "")


class _Client(QuicConnectionProtocol):
    """The QUIC connection with an HTTP/3 layer on it; each request waits for its stream's end."""

    def __init__(self, *args, closed: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.http = H3Connection(self._quic)
        self._answers: dict[int, tuple[Response, asyncio.Future]] = {}
        self._why_closed = closed  # why the connection ended, for the error aioquic raises without one

    def quic_event_received(self, event) -> None:
        if isinstance(event, ConnectionTerminated):
            self._why_closed.append(event.reason_phrase or f"error code {event.error_code}")
        for http_event in self.http.handle_event(event):
            if http_event.stream_id not in self._answers:
                continue
            response, done = self._answers[http_event.stream_id]
            if isinstance(http_event, HeadersReceived):
                for name, value in http_event.headers:
                    if name == b":status":
                        response.status = int(value)
                    else:
                        response.headers.append((name.decode(), value.decode()))
            elif isinstance(http_event, DataReceived):
                response.body += http_event.data
            if getattr(http_event, "stream_ended", False) and not done.done():
                done.set_result(response)

    async def request(self, method: str, authority: str, path: str, body: bytes | None, headers: dict) -> Response:
        stream_id = self._quic.get_next_available_stream_id()
        answer = (Response(protocol=self._quic.tls.alpn_negotiated or ""), self._loop.create_future())
        self._answers[stream_id] = answer
        fields = [
            (b":method", method.encode()),
            (b":scheme", b"https"),
            (b":authority", authority.encode()),
            (b":path", path.encode()),
            (b"user-agent", USER_AGENT),
            *((k.lower().encode(), v.encode()) for k, v in headers.items()),
        ]
        self.http.send_headers(stream_id=stream_id, headers=fields, end_stream=body is None)
        if body is not None:
            self.http.send_data(stream_id=stream_id, data=body, end_stream=True)
        self.transmit()
        return await answer[1]


async def fetch(
    url: str,
    cafile: str = "",
    method: str = "GET",
    body: bytes | None = None,
    headers: dict | None = None,
    timeout: float = 10.0,
    server_name: str = "localhost",
) -> Response:
    """One HTTP/3 request to ``url`` (its port is the server's UDP port); TimeoutError past ``timeout``."""
    parts = urlsplit(url)
    configuration = QuicConfiguration(
        is_client=True, alpn_protocols=H3_ALPN, server_name=server_name, idle_timeout=timeout
    )
    if cafile:
        configuration.load_verify_locations(cafile)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    closed: list = []
    try:
        async with asyncio.timeout(timeout):
            async with connect(
                parts.hostname,
                parts.port or 443,
                configuration=configuration,
                create_protocol=lambda *a, **k: _Client(*a, closed=closed, **k),
            ) as client:
                return await client.request(method, parts.netloc, path, body, headers or {})
    except ConnectionError:
        raise ConnectionError(f"QUIC connection closed: {closed[0] if closed else 'no reason given'}") from None


def get(url: str, cafile: str = "", **kwargs) -> Response:
    """``fetch`` from synchronous code (the tests, the command line)."""
    return asyncio.run(fetch(url, cafile, **kwargs))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.edge.h3_client", description=__doc__.splitlines()[0])
    parser.add_argument("url", help="https://host:UDP_PORT/path")
    parser.add_argument("--cacert", default="", help="the CA that signed the server's certificate")
    parser.add_argument("-i", "--include", action="store_true", help="print the status line and headers too")
    args = parser.parse_args(argv)
    try:
        response = get(args.url, args.cacert)
    except TimeoutError:
        print(
            f"error: no HTTP/3 answer from {args.url}: is its QUIC port open? it is UDP, named by the "
            "server's Alt-Svc header",
            file=sys.stderr,
        )
        return 2
    except (ConnectionError, OSError) as exc:
        print(f"error: {args.url}: {exc}", file=sys.stderr)
        return 2
    if args.include:
        print(f"HTTP/3 {response.status}")
        for name, value in response.headers:
            print(f"{name}: {value}")
        print()
    sys.stdout.buffer.write(response.body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
