"""Tests every event-loop adapter (tornado, ASGI) must pass, against a real server.

A test module subclasses :class:`EventLoopContract` and provides two fixtures:
``config`` (built with :func:`parity_config`) and ``port``, where a real server
runs the adapter under test in a thread. The same contract requests go to it over HTTP and to the WSGI
app through wsgiref.validate: status, body and Content-Type must agree. The
rest check what only an event loop promises: many /slow requests wait together,
and /stream reaches the client chunk by chunk.
"""

import http.client
import os
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

LIMIT = 2 << 20
BIG = os.urandom(1 << 20)
TOGETHER = 40  # /slow requests at once: far more than any default thread pool (6 here)


def parity_config():
    from hello.config import load

    return load({"PYTHON_ENV": "test", "MAX_BODY_BYTES": str(LIMIT)})


def over_http(port, method, path, body=None, headers=None, chunked=False):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {}, encode_chunked=chunked)
        reply = conn.getresponse()
        return reply.status, reply.read(), reply.getheader("Content-Type"), reply
    finally:
        conn.close()


CONTRACT = [
    ("GET", "/", None),
    ("GET", "/json", None),
    ("GET", "/health", None),
    ("GET", "/nope", None),
    ("POST", "/", b""),
    ("GET", "/echo", None),
    ("GET", "/stream?chunks=3", None),
    ("GET", "/stream?chunks=0", None),
    ("GET", "/slow?seconds=0", None),
    ("GET", "/slow?seconds=nan", None),
    ("GET", "/error?id=tok9", None),
    ("HEAD", "/", None),
    ("HEAD", "/json", None),
    ("POST", "/echo", b"\x00\xffbinary"),
    ("POST", "/echo", BIG),
]


class EventLoopContract:
    """The shared tests: a test module subclasses this as ``Test<Server>``."""

    @pytest.mark.parametrize("method, target, body", CONTRACT, ids=[f"{m} {t} {len(b or '')}" for m, t, b in CONTRACT])
    def test_same_answer_as_wsgi(self, port, wsgi_call, config, method, target, body):
        path, _, query = target.partition("?")
        expected = wsgi_call(method, path, query, body=body, config=config)
        status, data, content_type, _ = over_http(port, method, target, body)
        assert (status, data, content_type) == (expected.status, expected.body, expected.header("Content-Type"))

    def test_oversized_upload_is_read_out_then_refused(self, port, wsgi_call, config):
        """413 once the body has been read and dropped, so a client still sending sees it."""
        expected = wsgi_call("POST", "/echo", body=b"x" * (LIMIT + 1), config=config)
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(
                f"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: {LIMIT + 1}\r\n\r\n".encode() + b"x" * (LIMIT + 1)
            )
            reply = http.client.HTTPResponse(sock)
            reply.begin()
            assert (reply.status, reply.read()) == (413, expected.body)

    def test_head_keeps_the_get_content_length(self, port):
        *_, reply = over_http(port, "HEAD", "/")
        assert reply.getheader("Content-Length") == "13"

    def test_chunked_upload_is_echoed(self, port):
        status, data, *_ = over_http(port, "POST", "/echo", body=iter([b"ab", b"cd"]), chunked=True)
        assert (status, data) == (200, b"abcd")

    def test_request_id_comes_back(self, port):
        *_, reply = over_http(port, "GET", "/", headers={"X-Request-ID": "t-1"})
        assert reply.getheader("X-Request-ID") == "t-1"

    def test_slow_requests_wait_together(self, port):
        """40 requests of /slow?seconds=1 at once end in about a second, not 40 / threads.

        The wait is a timer on the event loop: were it a sleeping thread of the
        loop's default pool (6 threads on 2 cores) the last would end after 7 s.
        """
        began = time.monotonic()
        with ThreadPoolExecutor(TOGETHER) as pool:
            answers = list(pool.map(lambda _: over_http(port, "GET", "/slow?seconds=1")[:2], range(TOGETHER)))
        assert answers == [(200, b"slept 1 seconds")] * TOGETHER
        assert time.monotonic() - began < 5

    def test_stream_reaches_the_client_chunk_by_chunk(self, port):
        """The first chunk arrives while the server still waits to produce the next ones."""
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            began = time.monotonic()
            conn.request("GET", "/stream?chunks=3&delay=0.5")
            reply = conn.getresponse()
            first = reply.readline()
            first_at = time.monotonic() - began
            rest = reply.read()
            all_at = time.monotonic() - began
        finally:
            conn.close()
        assert first + rest == b"chunk 1 of 3\nchunk 2 of 3\nchunk 3 of 3\n"
        assert all_at - first_at >= 0.8  # two 0.5 s waits came after the first chunk was read
