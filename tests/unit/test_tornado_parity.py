"""The native tornado adapter answers exactly what the WSGI adapter answers.

A real tornado HTTPServer runs in a thread on an ephemeral 127.0.0.1 port; the
same contract requests go to it over HTTP and to the WSGI app through
wsgiref.validate, and status, body and Content-Type must agree.
"""

import asyncio
import http.client
import json
import os
import socket
import threading

import pytest

LIMIT = 2 << 20
BIG = os.urandom(1 << 20)


@pytest.fixture(scope="module")
def config():
    from hello.config import load

    return load({"PYTHON_ENV": "test", "MAX_BODY_BYTES": str(LIMIT)})


@pytest.fixture(scope="module")
def tornado_port(config):
    import tornado.netutil
    from hello.tornado_app import make_server

    sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
    running = {}
    ready = threading.Event()

    async def main():
        server = make_server(config)
        server.add_sockets(sockets)
        running["loop"], running["stop"] = asyncio.get_running_loop(), asyncio.Event()
        ready.set()
        await running["stop"].wait()
        server.stop()
        await server.close_all_connections()

    thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
    thread.start()
    assert ready.wait(10)
    yield sockets[0].getsockname()[1]
    running["loop"].call_soon_threadsafe(running["stop"].set)
    thread.join(10)


def over_http(port, method, path, body=None, headers=None, chunked=False):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {}, encode_chunked=chunked)
        reply = conn.getresponse()
        return reply.status, reply.read(), reply.getheader("Content-Type"), reply
    finally:
        conn.close()


CONTRACT = [
    ("GET", "/", None), ("GET", "/json", None), ("GET", "/health", None),
    ("GET", "/nope", None), ("POST", "/", b""), ("GET", "/echo", None),
    ("GET", "/stream?chunks=3", None), ("GET", "/stream?chunks=0", None),
    ("GET", "/slow?seconds=0", None), ("GET", "/slow?seconds=nan", None),
    ("GET", "/error?id=tok9", None), ("HEAD", "/", None), ("HEAD", "/json", None),
    ("POST", "/echo", b"\x00\xffbinary"), ("POST", "/echo", BIG),
]


@pytest.mark.parametrize("method, target, body", CONTRACT,
                         ids=[f"{m} {t} {len(b or '')}" for m, t, b in CONTRACT])
def test_same_answer_as_wsgi(tornado_port, wsgi_call, config, method, target, body):
    path, _, query = target.partition("?")
    expected = wsgi_call(method, path, query, body=body, config=config)
    status, data, content_type, _ = over_http(tornado_port, method, target, body)
    assert (status, data, content_type) == (
        expected.status, expected.body, expected.header("Content-Type"))


def test_oversized_upload_is_read_out_then_refused(tornado_port, wsgi_call, config):
    """413 once the body has been read and dropped, so a client still sending sees it."""
    expected = wsgi_call("POST", "/echo", body=b"x" * (LIMIT + 1), config=config)
    with socket.create_connection(("127.0.0.1", tornado_port), timeout=10) as sock:
        sock.sendall(f"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: {LIMIT + 1}\r\n\r\n"
                     .encode() + b"x" * (LIMIT + 1))
        reply = http.client.HTTPResponse(sock)
        reply.begin()
        assert (reply.status, reply.read()) == (413, expected.body)


def test_head_keeps_the_get_content_length(tornado_port):
    *_, reply = over_http(tornado_port, "HEAD", "/")
    assert reply.getheader("Content-Length") == "13"


def test_chunked_upload_is_echoed(tornado_port):
    status, data, *_ = over_http(tornado_port, "POST", "/echo", body=iter([b"ab", b"cd"]),
                                 chunked=True)
    assert (status, data) == (200, b"abcd")


def test_request_id_comes_back(tornado_port):
    *_, reply = over_http(tornado_port, "GET", "/", headers={"X-Request-ID": "t-1"})
    assert reply.getheader("X-Request-ID") == "t-1"


def test_env_is_cgi_style_and_native(tornado_port):
    status, data, *_ = over_http(tornado_port, "GET", "/env?a=1", headers={"Cookie": "s=1"})
    environ = json.loads(data)["environ"]
    assert status == 200 and environ["tornado.native"] is True
    assert environ["SERVER_SOFTWARE"].startswith("TornadoServer/")
    assert (environ["PATH_INFO"], environ["QUERY_STRING"]) == ("/env", "a=1")
    assert environ["HTTP_COOKIE"] == "[hidden]" and environ["REMOTE_ADDR"] == "127.0.0.1"
    assert not any(key.startswith("wsgi.") for key in environ)
