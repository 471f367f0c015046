"""Exercise 21, a reference: a native mod_python handler, running inside Apache's children."""

import os

from mod_python import apache


def handler(req):
    if req.uri == "/" and req.method in ("GET", "HEAD"):
        req.content_type = "text/plain; charset=utf-8"
        req.write(b"Hello, World!")
        return apache.OK
    if req.uri == "/echo" and req.method == "POST":
        req.content_type = "application/octet-stream"
        req.write(req.read())
        return apache.OK
    if req.uri == "/pid" and req.method == "GET":
        req.content_type = "text/plain; charset=utf-8"
        req.write(str(os.getpid()).encode())
        return apache.OK
    return apache.HTTP_NOT_FOUND  # Apache writes its own 404 page
