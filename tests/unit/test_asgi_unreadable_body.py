"""ASGI: a body the server cannot read is answered 400, never left to the server's 500.

granian reports a broken chunked body as ``http.disconnect`` (and answered 500 when
the app then sent nothing); a server may also raise from ``receive``.
"""

import asyncio

import pytest


def call(receive):
    from hello.asgi import make_app
    from hello.config import load

    app = make_app(load({"PYTHON_ENV": "test"}))
    sent = []

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/echo",
        "raw_path": b"/echo",
        "query_string": b"",
        "headers": [(b"transfer-encoding", b"chunked")],
        "http_version": "1.1",
        "scheme": "http",
        "root_path": "",
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 2),
        "asgi": {"version": "3.0"},
    }
    asyncio.run(app(scope, receive, send))
    return sent


async def disconnect():
    return {"type": "http.disconnect"}


async def broken():
    raise ValueError("invalid chunk size")


@pytest.mark.parametrize("receive", [disconnect, broken], ids=["disconnect", "raises"])
def test_unreadable_body_is_a_400(receive):
    sent = call(receive)
    assert sent[0]["status"] == 400
    assert sent[1]["body"].startswith(b"Bad Request: the request body")
