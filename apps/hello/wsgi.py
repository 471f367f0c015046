"""The WSGI callable: ``hello.wsgi:application``, a thin adapter over hello.logic.

Every WSGI server (gunicorn, waitress, uWSGI, mod_wsgi, flup, wsgiref, the CGI
script) calls :data:`application`. Configuration is read once, at import, so a
bad setting stops the server at start-up with one ConfigError line. The CGI
script imports this module for every request: nothing here imports more than
hello.config and hello.logic do (logging is set up when the app first logs).
"""

from __future__ import annotations

from hello import config as config_module
from hello import integrations, logic

READ_SIZE = 65536


def _request_headers(environ) -> dict[str, str]:
    headers = {key[5:].replace("_", "-").lower(): value for key, value in environ.items() if key.startswith("HTTP_")}
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers[key.replace("_", "-").lower()] = environ[key]
    return headers


def _read(stream, size: int) -> bytes:
    """``stream.read(size)``, with a body the server cannot read answered 400.

    gunicorn raises on broken chunked framing (a bad chunk size, a missing last
    chunk), mod_wsgi raises OSError when Apache's chunk filter fails: either way
    the client sent what no server could read. That is a 400 for the client, not
    a 500 and an event in the error tracker (hostile traffic must not flood it).
    """
    try:
        return stream.read(size)
    except Exception as exc:
        raise logic.HTTPError(
            400, f"Bad Request: the request body could not be read ({type(exc).__name__})\n"
        ) from None


def _discard(stream, size: int) -> None:
    """Read out and drop a refused body before answering.

    A server that answers 413 and closes while the client is still sending makes
    the client (or nginx in front) fail with a broken pipe instead of seeing the
    413. Bodies beyond logic.DISCARD_AT_MOST are not worth reading: the server closes.
    """
    while size > 0:
        try:
            part = stream.read(min(size, READ_SIZE))
        except Exception:  # unreadable as well as too large: the 413 stands
            return
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
                if remaining <= logic.DISCARD_AT_MOST:  # more is not worth waiting for: answer at once
                    _discard(stream, remaining)
                raise logic.too_large(limit)
            parts = []
            while remaining > 0:
                part = _read(stream, min(remaining, READ_SIZE))
                if not part:
                    raise logic.HTTPError(400, "request body shorter than Content-Length\n")
                parts.append(part)
                remaining -= len(part)
            return b"".join(parts)
        if environ.get("wsgi.input_terminated"):
            parts, size = [], 0
            while part := _read(stream, READ_SIZE):
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
        method=environ["REQUEST_METHOD"],  # case-sensitive (RFC 9110 9.1): "get" is not GET
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
integrations.start(CONFIG)
application = make_app(CONFIG)
