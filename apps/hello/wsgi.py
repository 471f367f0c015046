"""The WSGI callable: ``hello.wsgi:application``, a thin adapter over hello.logic.

Every WSGI server (gunicorn, waitress, uWSGI, mod_wsgi, flup, wsgiref, the CGI
script) calls :data:`application`. Configuration is read once, at import, so a
bad setting stops the server at start-up with one ConfigError line.
"""

from __future__ import annotations

from hello import config as config_module
from hello import logic
from hello.logging_setup import configure

READ_SIZE = 65536


def _request_headers(environ) -> dict[str, str]:
    headers = {key[5:].replace("_", "-").lower(): value
               for key, value in environ.items() if key.startswith("HTTP_")}
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers[key.replace("_", "-").lower()] = environ[key]
    return headers


def _discard(stream, size: int) -> None:
    """Read out and drop a refused body before answering.

    A server that answers 413 and closes while the client is still sending makes
    the client (or nginx in front) fail with a broken pipe instead of seeing the
    413. Bodies beyond logic.DISCARD_AT_MOST are not worth reading: the server closes.
    """
    while size > 0:
        part = stream.read(min(size, READ_SIZE))
        if not part:
            return
        size -= len(part)


def body_reader(environ, limit: int):
    """A function reading the request body per WSGI/CGI rules, enforcing ``limit``.

    Content-Length is trusted first; a server that de-chunks says so with
    ``wsgi.input_terminated`` and we read to EOF; a chunked body we cannot find the
    end of is refused with 411 rather than hang or be taken for empty.
    """

    def read() -> bytes:
        stream = environ["wsgi.input"]
        length = environ.get("CONTENT_LENGTH", "").strip()
        if length:
            if not length.isdigit():
                raise logic.HTTPError(400, f"Content-Length {length!r} is not a number\n")
            remaining = int(length)
            if remaining > limit:
                _discard(stream, min(remaining, logic.DISCARD_AT_MOST))
                raise logic.too_large(limit)
            parts = []
            while remaining > 0:
                part = stream.read(min(remaining, READ_SIZE))
                if not part:
                    raise logic.HTTPError(400, "request body shorter than Content-Length\n")
                parts.append(part)
                remaining -= len(part)
            return b"".join(parts)
        if environ.get("wsgi.input_terminated"):
            parts, size = [], 0
            while part := stream.read(READ_SIZE):
                size += len(part)
                if size > limit:
                    raise logic.too_large(limit)
                parts.append(part)
            return b"".join(parts)
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            raise logic.HTTPError(411)
        return b""

    return read


def to_request(environ, config) -> logic.Request:
    """The logic's Request for one WSGI environ; PATH_INFO routes, SCRIPT_NAME does not."""
    return logic.Request(
        method=environ["REQUEST_METHOD"].upper(),
        path=environ.get("PATH_INFO", "") or "/",
        query_string=environ.get("QUERY_STRING", ""),
        headers=_request_headers(environ),
        body=body_reader(environ, config.max_body_bytes),
        environ=environ,
        remote_addr=environ.get("REMOTE_ADDR", ""),
        url_scheme=environ.get("wsgi.url_scheme", "http"),
    )


def make_app(config):
    """A WSGI callable serving hello.logic with ``config``."""

    def application(environ, start_response):
        response = logic.handle(to_request(environ, config), config)
        start_response(response.status_line, response.headers)
        return response.body if response.streamed else [response.body]

    return application


CONFIG = config_module.load()
configure(CONFIG)
application = make_app(CONFIG)
