"""The Host an app behind nginx's proxy_pass sees: the name nginx resolved, never the client's raw header.

nginx's own advice (proxy_set_header) is ``Host $host``: the name in the request
line, else in the Host header, else the server's ``server_name``. ``$http_host``
passes on whatever the client wrote, so a request for one site that names another
in its Host header reached the app under the other name, and an HTTP/1.0 client
that sent no Host reached it with none. Both are sent here as a user's client
would send them, and the app's ``/env`` says what it received.
"""

import ast
import http.client
import json

import pytest

from benchmarks.hostile import raw_http, verdict

NAME = "localhost"  # the name in the URL; the stacks' server_name
NO_HOST_CASE = "request-line-baseline-http10-no-host"  # the hostile corpus' name for the same request


def proxied(stack):
    """Skip a stack whose front does not forward HTTP with proxy_pass (or that has no front)."""
    if "proxy_pass" not in stack.manifest().interface:
        pytest.skip(f"{stack.name} does not forward HTTP with nginx's proxy_pass")


def exchange(stack, raw: bytes) -> http.client.HTTPResponse | None:
    """Send one raw request; the response, or None when the server closed without one."""
    sock = raw_http.connect(stack.url, stack.cafile)
    try:
        sock.sendall(raw)
        response = http.client.HTTPResponse(sock)
        try:
            response.begin()
        except (http.client.RemoteDisconnected, ConnectionResetError):
            return None
        response.body = response.read()
        return response
    finally:
        sock.close()


def seen_host(response) -> str:
    """The Host the app received, as its /env shows it: WSGI's HTTP_HOST, or an ASGI scope's host header."""
    assert response is not None and response.status == 200, "GET /env was not answered 200"
    environ = json.loads(response.body)["environ"]
    if "HTTP_HOST" in environ:
        return environ["HTTP_HOST"]
    headers = {ast.literal_eval(name): ast.literal_eval(value) for name, value in environ.get("headers", [])}
    return headers.get(b"host", b"").decode()


def test_the_url_names_the_site_not_the_host_header(stack):
    """A request for http(s)://localhost/env whose Host header names another site."""
    proxied(stack)
    scheme = stack.url.split(":", 1)[0]
    raw = f"GET {scheme}://{NAME}/env HTTP/1.1\r\nHost: other.example\r\nConnection: close\r\n\r\n".encode()
    assert seen_host(exchange(stack, raw)) == NAME, "the app saw the client's Host header, not the URL's name"


def test_an_http10_client_without_host_reaches_the_app_under_the_servers_name(stack):
    proxied(stack)
    response = exchange(stack, b"GET /env HTTP/1.0\r\n\r\n")
    if response is None:  # a front that serves only named sites (production) closes: recorded as such
        assert verdict.recorded(verdict.load_known(), stack.name, NO_HOST_CASE, "closed"), (
            f"{stack.name} closed without answering a request that named no host"
        )
        return
    assert seen_host(response) == NAME, "the app got no Host, or the client's raw one"
