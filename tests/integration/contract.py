"""The app contract as requests and what every stack must answer to them.

One table, used by the parity test for every stack: because each stack is held
to the same expected status, content type and body, they are identical to each
other. Bodies are exact where the contract says so.
"""

import os
from dataclasses import dataclass, field

TEXT = "text/plain; charset=utf-8"
JSON = "application/json"


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: str
    status: int
    content_type: str
    body: bytes | None = None  # None: checked by the test itself
    request_body: bytes | None = None
    headers: dict = field(default_factory=dict)


ONE_MIB = os.urandom(1 << 20)

CASES = [
    Case("hello", "GET", "/", 200, TEXT, b"Hello, World!"),
    Case("json", "GET", "/json", 200, JSON, b'{"message": "Hello, World!"}'),
    Case("head", "HEAD", "/", 200, TEXT, b""),
    Case("not-found", "GET", "/no/such/page", 404, TEXT, b"Not Found\n"),
    Case("wrong-method", "POST", "/", 405, TEXT, b"Method Not Allowed\n", b"x"),
    Case("error-hidden", "GET", "/error?id=parity", 500, TEXT, b"Internal Server Error\n"),
    Case(
        "echo-1mib",
        "POST",
        "/echo",
        200,
        "application/octet-stream",
        ONE_MIB,
        ONE_MIB,
        {"Content-Type": "application/octet-stream"},
    ),
    Case("echo-empty", "POST", "/echo", 200, "application/octet-stream", b"", b""),
    Case("stream", "GET", "/stream?chunks=3", 200, TEXT, b"chunk 1 of 3\nchunk 2 of 3\nchunk 3 of 3\n"),
    Case("slow", "GET", "/slow?seconds=0.1", 200, TEXT, b"slept 0.1 seconds"),
    Case("slow-bad", "GET", "/slow?seconds=soon", 400, TEXT, b"seconds must be a number, got 'soon'\n"),
    Case("health", "GET", "/health", 200, JSON),
    Case("counter", "GET", "/counter", 200, JSON),
    Case("env", "GET", "/env?x=1", 200, JSON),
]
HELLO_ONLY = {"hello", "json", "head"}
