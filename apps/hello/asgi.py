"""The ASGI application: ``hello.asgi:application``, a native adapter over hello.logic.

uvicorn, hypercorn, granian and gunicorn's ASGI worker call :data:`application`
with a *scope* (a dict describing the connection and request), and two
coroutines: ``receive`` for the request body, ``send`` for the response. No
WSGI in between: the answer comes from hello.event_loop, so /slow awaits a timer
and blocking routes run in a thread, and the server's event loop keeps serving.
A ``websocket`` scope on /ws gets an echo, which WSGI cannot offer at all.
Configuration is read once, at import, as the WSGI callable does.
"""

from __future__ import annotations

from collections.abc import Mapping

from hello import config as config_module
from hello import event_loop, integrations, logic
from hello.logging_setup import configure


class ClientGone(Exception):
    """The server said the client disconnected before its request body arrived."""


class ScopeView(Mapping):
    """The scope as /env shows it, converted only when /env reads it.

    JSON has no bytes, so a bytes value (headers, raw_path, query_string) shows as
    its Python literal, ``b'...'``: the page then says which values ASGI hands over
    as bytes and which as text. Tuples show as lists.
    """

    def __init__(self, scope: dict):
        self._scope = scope

    def __getitem__(self, key):
        return _plain(self._scope[key])

    def __iter__(self):
        return iter(self._scope)

    def __len__(self):
        return len(self._scope)


def _plain(value):
    if isinstance(value, bytes):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _headers(scope) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in scope.get("headers", ()):
        key, text = name.decode("latin-1").lower(), value.decode("latin-1")
        headers[key] = f"{headers[key]}, {text}" if key in headers else text
    return headers


async def read_body(headers: Mapping[str, str], receive, limit: int):
    """The request body, or the HTTPError to answer instead (raised only if a route reads it).

    The whole body is read before the answer, even a refused one (up to
    DISCARD_AT_MOST), for the same reason as under WSGI: a client still sending
    must see the 413. The ASGI server has already removed any chunked encoding.
    """
    length = headers.get("content-length", "").strip()
    if length and not length.isdigit():
        return logic.HTTPError(400, f"Content-Length {length!r} is not a number\n")
    refused = int(length) > limit if length else False
    if length and int(length) > logic.DISCARD_AT_MOST:  # not worth waiting for: answer at once
        return logic.too_large(limit)
    parts, size, more = [], 0, True
    while more:
        try:
            message = await receive()
        except Exception as exc:  # the server could not read the body (granian raises on broken chunks)
            return logic.HTTPError(400, f"Bad Request: the request body could not be read ({type(exc).__name__})\n")
        if message["type"] == "http.disconnect":
            raise ClientGone
        chunk, more = message.get("body", b""), message.get("more_body", False)
        size += len(chunk)
        refused = refused or size > limit
        if refused and size > logic.DISCARD_AT_MOST:
            break
        if not refused:
            parts.append(chunk)
    return logic.too_large(limit) if refused else b"".join(parts)


def _reader(body):
    def read() -> bytes:
        if isinstance(body, logic.HTTPError):
            raise body
        return body

    return read


def to_request(scope, headers: dict, body) -> logic.Request:
    """The logic's Request for one HTTP scope; the path below root_path routes."""
    path, root = scope["path"], scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root) :]
    client = scope.get("client")
    return logic.Request(
        method=scope["method"],  # case-sensitive (RFC 9110 9.1): "get" is not GET
        path=path or "/",
        query_string=scope.get("query_string", b"").decode("latin-1"),
        headers=headers,
        body=_reader(body),
        environ=ScopeView(scope),
        remote_addr=client[0] if client else "",  # a unix socket has no client address
        url_scheme=scope.get("scheme", "http"),
    )


async def _http(scope, receive, send, config) -> None:
    headers = _headers(scope)
    try:
        body = await read_body(headers, receive, config.max_body_bytes)
    except ClientGone:
        # The client left, or the server could not read its body (granian reports a broken
        # chunked body as a disconnect): answer as for an unreadable body, in case it listens.
        body = logic.HTTPError(400, "Bad Request: the request body ended before it was complete\n")
        try:
            await _respond(scope, headers, body, send, config)
        except Exception:  # nobody there: nothing to answer
            pass
        return
    await _respond(scope, headers, body, send, config)


async def _respond(scope, headers, body, send, config) -> None:
    request = to_request(scope, headers, body)
    response = await event_loop.handle_async(request, config)
    await send(
        {
            "type": "http.response.start",
            "status": response.status,
            "headers": [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in response.headers],
        }
    )
    if not response.streamed:
        await send({"type": "http.response.body", "body": response.body})
        return
    async for chunk in event_loop.chunks(request, response):
        await send({"type": "http.response.body", "body": chunk, "more_body": True})
    await send({"type": "http.response.body", "body": b""})


WEBSOCKET_PATH = "/ws"


async def _websocket(scope, receive, send) -> None:
    """/ws echoes every message, text as text and bytes as bytes; any other path is refused."""
    if (await receive())["type"] != "websocket.connect":
        return
    if scope["path"] != WEBSOCKET_PATH:
        await send({"type": "websocket.close", "code": 1008})  # before accept: the server answers 403
        return
    await send({"type": "websocket.accept"})
    while True:
        message = await receive()
        if message["type"] == "websocket.disconnect":
            return
        if message.get("text") is not None:
            await send({"type": "websocket.send", "text": message["text"]})
        else:
            await send({"type": "websocket.send", "bytes": message.get("bytes") or b""})


async def _lifespan(receive, send) -> None:
    """Start-up and shutdown: nothing to open or close, but the server asks, so answer."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def make_app(config):
    """An ASGI application serving hello.logic with ``config``."""

    async def application(scope, receive, send):
        if scope["type"] == "http":
            await _http(scope, receive, send, config)
        elif scope["type"] == "websocket":
            await _websocket(scope, receive, send)
        elif scope["type"] == "lifespan":
            await _lifespan(receive, send)
        else:
            raise ValueError(f"hello.asgi serves http, websocket and lifespan, not {scope['type']!r}")

    return application


CONFIG = config_module.load()
configure(CONFIG)
integrations.start(CONFIG)
application = make_app(CONFIG)
