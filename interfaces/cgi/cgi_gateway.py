"""CGI in, WSGI out: the gateway hello.cgi runs the app through, once per process.

The standard library has one, ``wsgiref.handlers.CGIHandler``, and the script
used it; but importing it (``re`` for its header checks, ``traceback`` and what
they import) cost a CGI request more than starting the interpreter, and a CGI
process pays every import on every request. What one request needs is small:
the environment as a WSGI ``environ`` (RFC 3875's variables, PEP 3333's keys),
a ``start_response``, and the answer written to stdout as a CGI response (a
``Status:`` line, the headers, a blank line, the body), flushed as it comes so a
streamed body is passed on chunk by chunk. Only a failing app pays for
``traceback``; and the process leaves without the interpreter's teardown when
nothing waits for it (:func:`finish`).

Afterwards :func:`drain` reads whatever part of the request body the app did not
(a 405 to a POST, say). Under mod_cgid stdin and stdout are one unix socket: a
process that exits with unread data makes the kernel reset it, and Apache loses
the end of the answer. Reading the body out is the polite CGI behaviour.
"""

import os
import sys

# Variables that carry the request's own bytes. PEP 3333 wants them as "bytes in a
# str": each byte one character (latin-1), whatever the bytes were. The server's own
# variables (paths, PYTHON_ENV) are decoded as the os module decodes them.
REQUEST_VARIABLES = frozenset(
    ("SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "REQUEST_METHOD", "AUTH_TYPE")
    + ("CONTENT_TYPE", "CONTENT_LENGTH", "HTTPS", "REMOTE_USER", "REMOTE_IDENT")
)
WAITING_AT_EXIT = frozenset(("atexit", "threading"))  # imported: an exit hook or a thread may be waiting
FAILED = b"Status: 500 Internal Server Error\r\nContent-Type: text/plain\r\nContent-Length: 22\r\n\r\nInternal Server Error\n"


def from_request(name: str) -> bool:
    """True for a variable holding request bytes (``REDIRECT_`` copies of them too)."""
    while name.startswith("REDIRECT_"):
        name = name[len("REDIRECT_") :]
    return name in REQUEST_VARIABLES or name.startswith(("HTTP_", "SSL_"))


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


def cgi_environ(variables, stdin, errors) -> dict:
    """The WSGI environ for one CGI request: ``variables`` (bytes to bytes, as os.environb) and the WSGI keys."""
    environ = {}
    for raw_name, raw_value in variables.items():
        name = raw_name.decode("latin-1")
        environ[name] = raw_value.decode("latin-1") if from_request(name) else os.fsdecode(raw_value)
    environ.update(
        {
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "https" if environ.get("HTTPS", "").lower() in ("on", "1", "yes") else "http",
            "wsgi.input": stdin,
            "wsgi.errors": errors,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": True,
        }
    )
    return environ


def serve(application, environ: dict, stdout) -> None:
    """Call ``application`` once and write its answer to ``stdout`` (binary) as a CGI response."""
    answer = {}  # status and headers, until they are written
    written = False

    def start_response(status, headers, exc_info=None):
        if exc_info is not None and written:
            raise exc_info[1].with_traceback(exc_info[2])
        if answer and exc_info is None:
            raise RuntimeError("start_response called a second time without exc_info")
        answer["status"], answer["headers"] = status, headers
        return write

    def write(data: bytes) -> None:
        nonlocal written
        if not written:
            if not answer:
                raise RuntimeError("the application wrote a body before calling start_response")
            lines = [f"Status: {answer['status']}\r\n"] + [f"{name}: {value}\r\n" for name, value in answer["headers"]]
            stdout.write("".join(lines).encode("latin-1") + b"\r\n")
            written = True
        stdout.write(data)
        stdout.flush()  # a streamed body goes on as it comes

    try:
        result = application(environ, start_response)
        try:
            for chunk in result:
                if chunk:
                    write(chunk)
            if not written:
                write(b"")
        finally:
            if hasattr(result, "close"):
                result.close()
    except Exception:
        import traceback  # a failing app only: every import is paid on every request

        traceback.print_exc(file=environ["wsgi.errors"])
        if not written:  # once the headers are out, the answer can only end short
            stdout.write(FAILED)
            stdout.flush()


def drain(stdin: CountingInput, environ: dict) -> None:
    """Read out (and drop) whatever of the request body the app left unread."""
    length = environ.get("CONTENT_LENGTH", "")
    if length.isdigit():
        remaining = int(length) - stdin.consumed
    elif "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():  # as the app reads it
        remaining = float("inf")  # the server passes it on to its end
    else:
        remaining = 0
    while remaining > 0:
        chunk = stdin.stream.read(min(remaining, 65536))
        if not chunk:
            break
        remaining -= len(chunk)


def finish() -> None:
    """End the process once the answer is out, skipping the interpreter's teardown when nothing waits for it.

    At exit Python runs its exit hooks, joins threads, then takes every module and
    object apart: a few milliseconds, a sizeable share of a CGI request, spent on
    memory the kernel takes back at once. A process that started no thread and
    registered no exit hook (the error tracker's SDK and logging do: then the normal
    exit runs them) has nothing to lose by leaving with ``os._exit``.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    if not WAITING_AT_EXIT & sys.modules.keys():
        os._exit(0)


def run(application) -> None:
    """Serve this process's one request: environ from the environment, answer to stdout, body drained."""
    stdin = CountingInput(sys.stdin.buffer)
    environ = cgi_environ(os.environb, stdin, sys.stderr)
    serve(application, environ, sys.stdout.buffer)
    drain(stdin, environ)
    finish()
