"""A deploy waits through a reload in which /health does not answer: it never crashes.

Seen under load: the health probe timed out mid-reload and `make deploy` ended in a
TimeoutError traceback with the release half switched. A probe that fails is "not yet".
"""

import socket
import threading
from types import SimpleNamespace

from stacks.production import deploy


def _hang_up_server():
    """A loopback listener that accepts and closes at once: the client sees no response."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def serve():
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    return server


def test_a_closed_port_or_a_hang_up_is_not_yet_the_release():
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    refused_port = free.getsockname()[1]
    free.close()
    server = _hang_up_server()
    try:
        for port in (refused_port, server.getsockname()[1]):
            running = SimpleNamespace(url=f"http://127.0.0.1:{port}", cafile="")
            assert deploy._serving_release(running) == ""
    finally:
        server.close()
