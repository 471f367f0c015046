"""The native ASGI adapter answers exactly what the WSGI adapter answers.

A real uvicorn runs ``hello.asgi`` in a thread on an ephemeral 127.0.0.1 port
(lifespan on: the app must answer start-up and shutdown); the shared
event-loop tests (tests/unit/event_loop_parity.py) run against it, and the
tests here check what only ASGI shows: /env is the ASGI scope.
"""

import json
import socket
import threading

import pytest

from tests.unit.event_loop_parity import EventLoopContract, over_http, parity_config


@pytest.fixture(scope="module")
def config():
    return parity_config()


@pytest.fixture(scope="module")
def port(config):
    import uvicorn
    from hello.asgi import make_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(make_app(config), lifespan="on", log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        thread.join(0.1)
    assert server.started, "uvicorn did not start: the app failed its lifespan start-up?"
    yield sock.getsockname()[1]
    server.should_exit = True
    thread.join(10)
    sock.close()
    assert not thread.is_alive(), "uvicorn did not stop: the app failed its lifespan shutdown?"


class TestUvicorn(EventLoopContract):
    """The shared event-loop tests, on this server."""


def test_env_is_the_asgi_scope(port):
    status, data, *_ = over_http(port, "GET", "/env?a=1", headers={"Cookie": "s=1", "X-Hi": "there"})
    scope = json.loads(data)["environ"]
    assert status == 200
    assert (scope["type"], scope["asgi"]["version"], scope["http_version"]) == ("http", "3.0", "1.1")
    assert (scope["method"], scope["path"], scope["raw_path"], scope["query_string"]) == (
        "GET",
        "/env",
        "b'/env'",
        "b'a=1'",
    )
    assert (scope["scheme"], scope["root_path"], scope["server"]) == ("http", "", ["127.0.0.1", port])
    assert scope["client"][0] == "127.0.0.1"
    assert ["b'x-hi'", "b'there'"] in scope["headers"]
    assert ["b'cookie'", "[hidden]"] in scope["headers"]  # secrets never shown, pairs judged by name
    assert not any(key.startswith(("wsgi.", "HTTP_")) for key in scope)


def test_websocket_on_ws_echoes_and_elsewhere_is_refused(port):
    import websocket

    ws = websocket.create_connection(f"ws://127.0.0.1:{port}/ws", timeout=10)
    try:
        ws.send("hi")
        ws.send_binary(b"\x00\x01")
        assert (ws.recv(), ws.recv()) == ("hi", b"\x00\x01")
    finally:
        ws.close()
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        websocket.create_connection(f"ws://127.0.0.1:{port}/elsewhere", timeout=10)
    assert refused.value.status_code == 403
