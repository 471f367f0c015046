"""The request logic, written once and shared by every adapter (WSGI, tornado, ASGI).

An adapter turns its server's request into a :class:`Request`, calls
:func:`handle`, and writes the :class:`Response` back. Everything a user can
observe - status, headers, bytes - is decided here, so every stack answers alike.

A CGI process imports this module for every request, so it imports only what the
interpreter has already loaded or what costs next to nothing (``os``, ``_thread``);
``json``, ``logging``, ``urllib.parse`` and the rest are imported by the routes and
steps that use them, and Request, Response and Route are plain classes rather than
dataclasses (whose import costs a CGI request more than the interpreter's start).
"""

from __future__ import annotations

import _thread
import os
import sys
import time

TYPE_CHECKING = False  # typing itself is an import a CGI request would pay for
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

    from hello.config import Config

TEXT = "text/plain; charset=utf-8"
JSON = "application/json"
BINARY = "application/octet-stream"

# Fixed reason phrases: http.HTTPStatus renamed some between Python versions, and
# every stack must send the same status line whichever interpreter it runs.
REASONS = {
    200: "OK",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    411: "Length Required",
    413: "Payload Too Large",
    500: "Internal Server Error",
    503: "Service Unavailable",
}

KNOWN_METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")  # metrics label, tornado's list
REQUEST_ID_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")
REQUEST_ID_LONGEST = 128
SECRET_WORDS = ("SECRET", "TOKEN", "PASSWORD", "PASSWD", "DSN", "COOKIE", "AUTHORIZATION", "API_KEY")
HIDDEN = "[hidden]"


class HTTPError(Exception):
    """Raised by routes and body readers for an expected plain-text error response."""

    def __init__(self, status: int, message: str | None = None):
        super().__init__(status, message)
        self.status = status
        self.message = message or REASONS[status] + "\n"


# A body refused for its size is still read out (and dropped) up to this much before
# the 413, so a client - or nginx in front - still sending sees the answer, not a
# broken pipe; past it the server may close.
DISCARD_AT_MOST = 32 * 1024 * 1024


def too_large(limit: int) -> HTTPError:
    """The 413 every adapter raises for a body over ``limit`` bytes."""
    return HTTPError(413, f"Payload Too Large: the limit is {limit} bytes\n")


class Request:
    """What the logic needs from any server. ``headers`` keys are lower-case.

    ``body`` is the bytes, or a zero-argument callable that reads them (and may
    raise HTTPError 411/413), so only routes that want a body pay for reading it.
    """

    __slots__ = ("method", "path", "query_string", "headers", "body", "environ", "remote_addr", "url_scheme")

    def __init__(
        self,
        method: str,
        path: str,
        query_string: str = "",
        headers: Mapping[str, str] | None = None,
        body: bytes | Callable[[], bytes] = b"",
        environ: Mapping[str, object] | None = None,
        remote_addr: str = "",
        url_scheme: str = "http",
    ):
        self.method, self.path, self.query_string = method, path, query_string
        self.headers = {} if headers is None else headers
        self.body = body
        self.environ = {} if environ is None else environ
        self.remote_addr, self.url_scheme = remote_addr, url_scheme

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)

    def read_body(self) -> bytes:
        return self.body() if callable(self.body) else self.body

    def arg(self, name: str) -> str | None:
        from urllib.parse import parse_qs  # only routes with arguments pay for it

        values = parse_qs(self.query_string, keep_blank_values=True).get(name)
        return values[0] if values else None


class Response:
    """Status, headers and a body of bytes, or an iterator of byte chunks (streamed)."""

    __slots__ = ("status", "headers", "body")

    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes | Iterator[bytes] = b""):
        self.status, self.headers, self.body = status, headers, body

    @property
    def status_line(self) -> str:
        return f"{self.status} {REASONS.get(self.status, 'Unknown')}"

    @property
    def streamed(self) -> bool:
        return not isinstance(self.body, bytes)

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


def _text(status: int, text: str) -> Response:
    return Response(status, [("Content-Type", TEXT)], text.encode("utf-8"))


def _json(status: int, data: object) -> Response:
    import json  # not for Hello, World!: json imports re, a cost on every CGI request

    return Response(status, [("Content-Type", JSON)], json.dumps(data).encode("utf-8"))


# --- routes -------------------------------------------------------------------


def hello(request, config):
    return _text(200, "Hello, World!")


def hello_json(request, config):
    return _json(200, {"message": "Hello, World!"})


def echo(request, config):
    return Response(200, [("Content-Type", BINARY)], request.read_body())


def env(request, config):
    environ = {key: _shown(key, request.environ[key], config) for key in sorted(request.environ)}
    process = {"pid": os.getpid(), "python": sys.version.split()[0], "executable": sys.executable}
    return _json(200, {"environ": environ, "process": process, "client": client(request, config)})


def health(request, config):
    services = {}
    if config.redis_url:
        from hello.integrations import redis_counter

        services["redis"] = redis_counter.check(config.redis_url)
    down = any(state != "ok" for state in services.values())
    body = {"status": "degraded" if down else "ok", "environment": config.environment, "services": services}
    if config.release:  # which release answers: how a deploy is seen to have taken effect
        body["release"] = config.release
    return _json(503 if down else 200, body)


def error(request, config):
    raise RuntimeError(f"deliberate error id={request.arg('id') or ''}")


def slow_seconds(request, config) -> float:
    """How long /slow sleeps: ``seconds`` (default 1), capped by the configuration."""
    return min(_number(request.arg("seconds"), "seconds", default=1.0), config.slow_cap_seconds)


def slept(seconds: float) -> Response:
    return _text(200, f"slept {_compact(seconds)} seconds")


def slow(request, config):
    seconds = slow_seconds(request, config)
    time.sleep(seconds)
    return slept(seconds)


def stream(request, config):
    raw = request.arg("chunks")
    count = 5 if raw is None else None
    if raw is not None and raw.strip().isdigit():
        count = int(raw)
    if count is None or not 1 <= count <= config.stream_max_chunks:
        raise HTTPError(400, f"chunks must be a whole number from 1 to {config.stream_max_chunks}\n")
    delay = min(_number(request.arg("delay"), "delay", default=0.0), 1.0)
    return Response(200, [("Content-Type", TEXT)], _chunks(count, delay))


def _chunks(count: int, delay: float) -> Iterator[bytes]:
    for number in range(1, count + 1):
        if delay and number > 1:
            time.sleep(delay)
        yield f"chunk {number} of {count}\n".encode("ascii")


_process_counter = 0
_process_counter_lock = _thread.allocate_lock()  # threading.Lock, without importing threading


def counter(request, config):
    global _process_counter
    if config.redis_url:
        from hello.integrations import redis_counter

        try:
            value = redis_counter.increment(config.redis_url)
        except redis_counter.RedisUnavailable as exc:
            return _json(503, {"error": "redis unavailable", "detail": str(exc)})
        return _json(200, {"counter": value, "backend": "redis"})
    with _process_counter_lock:
        _process_counter += 1
        value = _process_counter
    return _json(200, {"counter": value, "backend": "process", "pid": os.getpid()})


def metrics(request, config):
    if not config.metrics_dir:  # not configured: as if the route did not exist
        raise HTTPError(404, "Not Found\n")
    from hello.integrations import metrics as recorder

    return Response(200, [("Content-Type", recorder.CONTENT_TYPE)], recorder.exposition(config.metrics_dir))


class Route:
    """A view, the methods it answers, and whether it may block (async servers run those in a thread)."""

    __slots__ = ("view", "methods", "blocks")

    def __init__(
        self, view: Callable[[Request, Config], Response], methods: tuple[str, ...] = ("GET", "HEAD"), blocks=False
    ):
        self.view, self.methods, self.blocks = view, methods, blocks


ROUTES = {
    "/": Route(hello),
    "/json": Route(hello_json),
    "/env": Route(env),
    "/echo": Route(echo, ("POST",)),
    "/health": Route(health, blocks=True),
    "/error": Route(error),
    "/slow": Route(slow, blocks=True),
    "/stream": Route(stream, blocks=True),
    "/counter": Route(counter, blocks=True),
    "/metrics": Route(metrics),
}


def blocks(request: Request) -> bool:
    """True when handling ``request`` may block (sleep, network, slow stream)."""
    route = ROUTES.get(request.path or "/")
    return route is not None and route.blocks


# --- the dispatcher -------------------------------------------------------------


def handle(request: Request, config: Config) -> Response:
    """Route ``request`` and return the Response; never raises for a route's error."""
    started, request_id = begin(request)
    route, response = find_route(request)
    if route is not None:
        try:
            response = route.view(request, config)
        except Exception as exc:  # any route error becomes a 4xx/500 answer
            response = failed(exc, request, request_id, config)
    return finish(request, response, request_id, started, config)


# The steps of handle(), shared with hello.event_loop.handle_async, which runs the
# same steps but awaits the views that wait.


def begin(request: Request) -> tuple[float, str]:
    """The start time and the request id (the client's when sane, else a new one)."""
    request_id = request.header("x-request-id")
    if not sane_request_id(request_id):
        request_id = os.urandom(16).hex()  # 128 random bits, as uuid4 but without importing uuid
    return time.perf_counter(), request_id


def sane_request_id(text: str) -> bool:
    """1 to 128 of letters, digits, ``.``, ``_`` and ``-``: safe to log and echo (a set, not a regex:
    importing re costs a CGI request nearly as much as starting the interpreter)."""
    return 0 < len(text) <= REQUEST_ID_LONGEST and REQUEST_ID_CHARACTERS.issuperset(text)


def find_route(request: Request) -> tuple[Route | None, Response | None]:
    """(the route to run, None), or (None, the 404/405 answer)."""
    route = ROUTES.get(request.path or "/")
    if route is None:
        return None, _text(404, "Not Found\n")
    if request.method not in route.methods:
        response = _text(405, "Method Not Allowed\n")
        response.headers.append(("Allow", ", ".join(route.methods)))
        return None, response
    return route, None


def failed(exc: Exception, request: Request, request_id: str, config: Config) -> Response:
    """The answer to a route that raised: its HTTPError, or a 500 reported as an error."""
    if isinstance(exc, HTTPError):
        return _text(exc.status, exc.message)
    return _internal_error(exc, request, request_id, config)


def finish(request: Request, response: Response, request_id: str, started: float, config: Config) -> Response:
    """The headers every answer gets (request id, length), metrics, and HEAD's empty body."""
    response.headers.append(("X-Request-ID", request_id))
    if config.metrics_dir:
        _record(request, response, config, time.perf_counter() - started)
    if not response.streamed:
        response.headers.append(("Content-Length", str(len(response.body))))
    if request.method == "HEAD":
        if response.streamed and hasattr(response.body, "close"):
            response.body.close()
        response = Response(response.status, response.headers, b"")
    return response


# The series most requests land in, made known (at zero) before their first request.
EXPECTED_SERIES = (
    *((path, "GET", "200") for path, route in ROUTES.items() if "GET" in route.methods),
    ("/echo", "POST", "200"),
    ("/error", "GET", "500"),
    ("other", "GET", "404"),
)


def _log(config: Config):
    """The app's logger, set up for ``config`` when something is to be logged: importing logging
    costs a CGI request more than starting the interpreter, and most requests log nothing."""
    from hello.logging_setup import configure

    return configure(config)


def _record(request: Request, response: Response, config: Config, seconds: float) -> None:
    from hello.integrations import metrics as recorder

    # Unknown paths and methods must not grow the set of label values without bound.
    route = request.path if request.path in ROUTES else "other"
    method = request.method if request.method in KNOWN_METHODS else "other"
    try:
        recorder.observe(config.metrics_dir, route, method, response.status, seconds, EXPECTED_SERIES)
    except Exception:  # metrics must never fail a request
        _log(config).exception("could not record metrics in %s", config.metrics_dir)


def _internal_error(exc, request, request_id, config) -> Response:
    log = _log(config)
    log.error(
        "unhandled error in %s %s (request_id=%s)",
        request.method,
        request.path,
        request_id,
        exc_info=exc,
        extra={"request_id": request_id},
    )
    if config.sentry_dsn:
        try:
            from hello.integrations import error_tracker

            error_tracker.report(exc, request, config, request_id=request_id)
        except Exception:  # a broken tracker must not hide the 500
            log.exception("could not report the error to the error tracker")
    if config.debug_tracebacks:
        import traceback  # only for a failing request in development: CGI pays every import on every request

        return _text(500, "".join(traceback.format_exception(exc)))
    return _text(500, "Internal Server Error\n")


# --- helpers --------------------------------------------------------------------


def _number(raw: str | None, name: str, default: float) -> float:
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise HTTPError(400, f"{name} must be a number, got {raw!r}\n") from None
    if not 0 <= value < float("inf"):  # false for NaN too
        raise HTTPError(400, f"{name} must be a finite number, 0 or more, got {raw!r}\n")
    return value


def _compact(number: float) -> str:
    return str(int(number)) if number.is_integer() else repr(number)


def _credentials(url: str) -> tuple[str | None, str | None]:
    """(username, password) of a URL-shaped string, or (None, None)."""
    if "://" not in url or "@" not in url:
        return None, None
    from urllib.parse import urlsplit  # /env only

    try:
        parts = urlsplit(url)
        return parts.username, parts.password
    except ValueError:
        return None, None


def _shown(key: str, value: object, config: Config) -> object:
    """One environ entry as JSON can show it, secrets replaced by ``[hidden]``.

    Hidden: keys that name a secret, the configured DSN/Redis URL when they carry
    credentials (a DSN's key is its username), and any URL with a password in it.
    A (name, value) pair is judged by its name, as a key is: ASGI headers are pairs.
    """
    if any(word in key.upper() for word in SECRET_WORDS):
        return HIDDEN
    if isinstance(value, str):
        user, password = _credentials(value)
        if password or (user and value in (config.sentry_dsn, config.redis_url)):
            return HIDDEN
        return value
    if value is None or isinstance(value, (bool, int, float)):
        return value
    from collections.abc import Mapping  # /env only

    if isinstance(value, Mapping):  # an ASGI scope's nested tables (asgi, state, extensions)
        return {str(name): _shown(str(name), item, config) for name, item in value.items()}
    if isinstance(value, (tuple, list)):
        if len(value) == 2 and isinstance(value[0], str):  # a (name, value) pair: ASGI headers
            return [value[0], _shown(value[0], value[1], config)]
        return [_shown("", item, config) for item in value]
    # An object shows as its type; a class or function (file_wrapper) as itself.
    import inspect  # /env only

    named = value if isinstance(value, type) or inspect.isroutine(value) else type(value)
    module = getattr(named, "__module__", None) or "builtins"
    return f"<{module}.{getattr(named, '__qualname__', type(named).__name__)}>"


_parsed_networks = {}  # a process sees one TRUSTED_PROXIES: functools.lru_cache would be an import more


def _networks(proxies: tuple[str, ...]):
    if proxies not in _parsed_networks:
        import ipaddress

        _parsed_networks[proxies] = tuple(ipaddress.ip_network(p, strict=False) for p in proxies if p != "unix")
    return _parsed_networks[proxies]


def _trusted(addr: str, proxies: tuple[str, ...]) -> bool:
    import ipaddress  # only with TRUSTED_PROXIES: a CGI process pays every import on every request

    try:
        ip = ipaddress.ip_address(addr.strip())
    except ValueError:
        return "unix" in proxies and not addr.strip()  # unix-socket peers have no address
    return any(ip in net for net in _networks(proxies))


def client(request: Request, config: Config) -> dict:
    """The client as far as trusted proxies vouch for it (X-Forwarded-For/-Proto)."""
    proxies = config.trusted_proxies
    if not proxies or not _trusted(request.remote_addr, proxies):
        return {"addr": request.remote_addr, "scheme": request.url_scheme}
    hops = [hop.strip() for hop in request.header("x-forwarded-for").split(",") if hop.strip()]
    addr = request.remote_addr
    for hop in reversed(hops):
        addr = hop
        if not _trusted(hop, proxies):
            break
    proto = request.header("x-forwarded-proto").split(",")[0].strip()
    return {"addr": addr, "scheme": proto or request.url_scheme}
