#!/usr/bin/python3
"""Exercise 02, a reference solution: CGI/1.1 with nothing but os.environ and stdio."""

import os
import sys


def respond(status: str, content_type: str, body: bytes) -> None:
    out = sys.stdout.buffer
    out.write(f"Status: {status}\r\nContent-Type: {content_type}\r\n".encode())
    out.write(f"Content-Length: {len(body)}\r\n\r\n".encode())
    out.write(body)
    out.flush()


def main() -> None:
    path = os.environ.get("PATH_INFO", "") or "/"
    method = os.environ.get("REQUEST_METHOD", "GET")
    if path == "/" and method == "GET":
        respond("200 OK", "text/plain; charset=utf-8", b"Hello, World!")
    elif path == "/echo" and method == "POST":
        length = int(os.environ.get("CONTENT_LENGTH") or 0)
        respond("200 OK", "application/octet-stream", sys.stdin.buffer.read(length))
    else:
        respond("404 Not Found", "text/plain; charset=utf-8", b"Not Found\n")


main()
