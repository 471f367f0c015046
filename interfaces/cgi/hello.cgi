#!/usr/bin/python3 -IS
"""The app as a CGI script: one process per request, started by the web server.

Debian's /usr/bin/python3 runs it (the web server's account can read it, unlike a
Python under /root). The release copy of the app sits two folders up, beside
interfaces/, so the script finds ``hello`` from its own location. wsgiref's
CGIHandler turns the CGI environment and stdin/stdout into a WSGI call, with
``wsgi.run_once`` true: the process ends after this one request.

Before exiting, the script reads whatever part of the request body the app did
not (a 405 to a POST, say). Under mod_cgid stdin and stdout are one unix socket:
a process that exits with unread data makes the kernel reset it, and Apache
loses the end of the answer. Reading the body out is the polite CGI behaviour.

Every request pays for the interpreter's start and every import, so the script
starts isolated and without the site module (``-IS``: no site packages, no user
paths, no PYTHON* variables; the app needs only the standard library), the app
imports what only some requests use inside the functions that use them, and the
stack compiles the release copy once at start (its prepare step), so no request
compiles a module.
"""

import os
import sys
from wsgiref.handlers import CGIHandler

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from hello.wsgi import application  # noqa: E402


class CountingInput:
    """stdin for the app, counting what it reads so the rest can be drained."""

    def __init__(self, stream):
        self.stream = stream
        self.consumed = 0

    def read(self, size=-1):
        data = self.stream.read(size)
        self.consumed += len(data)
        return data

    def readline(self, size=-1):
        data = self.stream.readline(size)
        self.consumed += len(data)
        return data

    def readlines(self, hint=-1):
        lines = self.stream.readlines(hint)
        self.consumed += sum(map(len, lines))
        return lines

    def __iter__(self):
        return iter(self.readline, b"")


def drain(stdin: CountingInput) -> None:
    length = os.environ.get("CONTENT_LENGTH", "")
    if length.isdigit():
        remaining = int(length) - stdin.consumed
    elif "chunked" in os.environ.get("HTTP_TRANSFER_ENCODING", ""):
        remaining = float("inf")  # the server passes it on to its end
    else:
        remaining = 0
    while remaining > 0:
        chunk = stdin.stream.read(min(remaining, 65536))
        if not chunk:
            break
        remaining -= len(chunk)


stdin = CountingInput(sys.stdin.buffer)
handler = CGIHandler()
handler.stdin = stdin  # in place of sys.stdin.buffer, so the unread rest is known
handler.run(application)
sys.stdout.flush()
drain(stdin)
