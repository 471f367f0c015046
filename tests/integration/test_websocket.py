"""The WebSocket echo at /ws: served where the manifest says so, refused everywhere else.

A real WebSocket client (websocket-client) does the handshake through whatever
is in front (nginx must pass the Upgrade on), then sends a text and a binary
message; each must come back as it went. A stack that does not serve WebSockets
must refuse the handshake with an HTTP status, never switch protocols.
"""

import ssl

import pytest
import websocket


def _connect(stack):
    url = stack.url.replace("http", "ws", 1) + "/ws"
    options = {"cert_reqs": ssl.CERT_REQUIRED, "ca_certs": stack.cafile} if stack.cafile else {}
    return websocket.create_connection(url, timeout=10, sslopt=options)


def test_websocket_echo_where_the_manifest_says(full_stack):
    if not full_stack.manifest().websocket:
        with pytest.raises(websocket.WebSocketBadStatusException) as refused:
            _connect(full_stack).close()
        assert refused.value.status_code != 101
        return
    ws = _connect(full_stack)
    try:
        ws.send("hello, socket")
        assert ws.recv() == "hello, socket"
        ws.send_binary(b"\x00\xffbinary")
        assert ws.recv() == b"\x00\xffbinary"
    finally:
        ws.close()
