"""Start-up waits for every URL a manifest names, not only the probe (the tracker right after start)."""

import socket

from stacks.runner import probe


def test_a_listening_url_passes_and_a_refusing_one_is_named():
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        port = listening.getsockname()[1]
        assert probe.wait_listening({"tracker": f"http://127.0.0.1:{port}/"}, 2) == ""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        free = closed.getsockname()[1]  # bound, never listening: connections are refused
        reason = probe.wait_listening({"tracker": f"http://127.0.0.1:{free}/"}, 0.5)
    assert reason == f"tracker at http://127.0.0.1:{free}/ did not accept connections within 0.5 s"
