"""The native tornado adapter answers exactly what the WSGI adapter answers.

A real tornado HTTPServer runs in a thread on an ephemeral 127.0.0.1 port; the
shared event-loop tests (tests/unit/event_loop_parity.py) run against it, and
the tests here check what only tornado shows: a CGI-style /env.
"""

import asyncio
import json
import threading

import pytest

from tests.unit.event_loop_parity import EventLoopContract, over_http, parity_config


@pytest.fixture(scope="module")
def config():
    return parity_config()


@pytest.fixture(scope="module")
def port(config):
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


class TestTornado(EventLoopContract):
    """The shared event-loop tests, on this server."""


def test_env_is_cgi_style_and_native(port):
    status, data, *_ = over_http(port, "GET", "/env?a=1", headers={"Cookie": "s=1"})
    environ = json.loads(data)["environ"]
    assert status == 200 and environ["tornado.native"] is True
    assert environ["SERVER_SOFTWARE"].startswith("TornadoServer/")
    assert (environ["PATH_INFO"], environ["QUERY_STRING"]) == ("/env", "a=1")
    assert environ["HTTP_COOKIE"] == "[hidden]" and environ["REMOTE_ADDR"] == "127.0.0.1"
    assert not any(key.startswith("wsgi.") for key in environ)
