"""The app on tornado's own HTTP server, native handlers over the same hello.logic.

    python -m hello.tornado_app --host 127.0.0.1 --port 8080
    python -m hello.tornado_app --unix-socket /run/hello.sock

This is the "integrated" stack: no WSGI in between. hello.event_loop keeps the
loop free: /slow awaits a timer, routes that may block (Redis, slow streams) run
in a thread, fast routes run inline. Streamed bodies are flushed chunk by chunk.
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import signal
import sys

import tornado
import tornado.httpserver
import tornado.netutil
import tornado.web
import tornado.websocket
from tornado.escape import url_unescape

from hello import config as config_module
from hello import event_loop, integrations, logic
from hello.logging_setup import configure

SERVER_SOFTWARE = f"TornadoServer/{tornado.version}"


def cgi_environ(request) -> dict:
    """A CGI-style view of a tornado request for /env (tornado has no environ)."""
    environ = {
        "REQUEST_METHOD": request.method,
        "PATH_INFO": _path(request),
        "QUERY_STRING": request.query,
        "SERVER_PROTOCOL": request.version,
        "REMOTE_ADDR": request.remote_ip or "",
        "SERVER_SOFTWARE": SERVER_SOFTWARE,
        "tornado.native": True,
    }
    address = getattr(getattr(request.connection, "context", None), "address", None)
    if isinstance(address, tuple) and len(address) >= 2:  # TCP: the peer's port, as CGI's REMOTE_PORT
        environ["REMOTE_PORT"] = str(address[1])  # the same on two requests: one connection, kept alive
    for name in request.headers:
        key = name.upper().replace("-", "_")
        if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            key = "HTTP_" + key
        environ[key] = ", ".join(request.headers.get_list(name))
    return environ


def _path(request) -> str:
    # Like a WSGI PATH_INFO: percent-decoded, bytes as latin-1.
    return url_unescape(request.path, encoding=None, plus=False).decode("latin-1")


@tornado.web.stream_request_body
class HelloHandler(tornado.web.RequestHandler):
    """Every path and method: adapt, call hello.logic.handle, write the Response."""

    SUPPORTED_METHODS = logic.KNOWN_METHODS  # the same methods every adapter answers

    def initialize(self, config):
        self.config = config

    async def prepare(self):
        self._parts, self._size, self._refusal = [], 0, None
        length = self.request.headers.get("Content-Length", "").strip()
        if length.isdigit() and int(length) > self.config.max_body_bytes:
            # Refused, but answered only once the body has been read and dropped: a
            # server that answers early and closes makes a proxy in front (nginx,
            # still sending) report 502 instead of this 413.
            self._refusal = 413

    async def data_received(self, chunk):
        self._size += len(chunk)
        if self._size <= self.config.max_body_bytes:
            self._parts.append(chunk)
        else:
            self._refusal, self._parts = 413, []

    def _read_body(self) -> bytes:
        if self._refusal == 413:
            raise logic.too_large(self.config.max_body_bytes)
        return b"".join(self._parts)

    def _to_request(self) -> logic.Request:
        request = self.request
        headers = {name.lower(): ", ".join(request.headers.get_list(name)) for name in request.headers}
        return logic.Request(
            method=request.method,
            path=_path(request),
            query_string=request.query,
            headers=headers,
            body=self._read_body,
            environ=cgi_environ(request),
            remote_addr=request.remote_ip or "",
            url_scheme=request.protocol,
        )

    async def _serve(self, *args):
        if self._finished:  # answered early (413) while the body was arriving
            return
        request = self._to_request()
        response = await event_loop.handle_async(request, self.config)
        self.clear()  # drop tornado's defaults (Content-Type text/html, Server kept below)
        self.set_header("Server", SERVER_SOFTWARE)
        self.set_status(response.status, logic.REASONS.get(response.status))
        for name, value in response.headers:
            self.set_header(name, value)
        if not response.streamed:
            self.finish(response.body)
            return
        async for chunk in event_loop.chunks(request, response):
            self.write(chunk)
            await self.flush()
        self.finish()

    get = head = post = put = delete = patch = options = _serve

    def compute_etag(self):
        return None  # byte-for-byte the same as WSGI: no ETag, no 304


class EchoSocket(tornado.websocket.WebSocketHandler):
    """/ws: every WebSocket message comes back as it was sent, text or binary (as hello.asgi does)."""

    def on_message(self, message):
        self.write_message(message, binary=isinstance(message, bytes))


def make_app(config) -> tornado.web.Application:
    return tornado.web.Application([(r"/ws", EchoSocket), (r".*", HelloHandler, {"config": config})])


def make_server(config) -> tornado.httpserver.HTTPServer:
    """tornado's HTTPServer for the app; call listen() or add_sockets() on it."""
    # Tornado's own limit sits well above ours (and above nginx's 16 MiB in front),
    # so the handler reads an oversized body out and answers 413 itself.
    return tornado.httpserver.HTTPServer(make_app(config), max_body_size=2 * config.max_body_bytes + 65536)


async def serve(config, host: str, port: int, unix_socket: str | None) -> None:
    server = make_server(config)
    if unix_socket:
        server.add_socket(tornado.netutil.bind_unix_socket(unix_socket, mode=0o666))
        print(f"Listening on unix:{unix_socket}", flush=True)
    else:
        server.listen(port, address=host)
        print(f"Listening on http://{host}:{port}/", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    server.stop()
    await server.close_all_connections()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hello.tornado_app", description="Serve the app on tornado's HTTP server."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=None, help="default: PORT, else 8080")
    parser.add_argument("--unix-socket", metavar="PATH", help="listen on a unix socket instead")
    args = parser.parse_args(argv)
    try:
        config = config_module.load()
    except config_module.ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    configure(config)
    integrations.start(config)
    port = args.port if args.port is not None else config.port
    try:
        asyncio.run(serve(config, args.host, port, args.unix_socket))
    except OSError as exc:
        where = args.unix_socket or f"port {port}"
        if exc.errno == errno.EADDRINUSE:
            print(f"tornado_app: {where} is in use; choose another with --port", file=sys.stderr)
        else:
            print(f"tornado_app: cannot listen on {where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
