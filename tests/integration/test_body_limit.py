"""Past the configured limit, /echo answers 413 from the app: through every front server."""

import os

TOO_LARGE = os.urandom(11 * 1024 * 1024)  # the app's limit is 10 MiB; nginx and Apache allow 16 MiB


def test_body_over_the_limit_gets_413(full_stack):
    for _ in range(3):  # a server that answers early and closes fails only some of the time
        status, headers, body = full_stack.request("/echo", method="POST", body=TOO_LARGE,
                                                   headers={"Content-Type": "application/octet-stream"}, timeout=30)
        assert status == 413, body[:200]
        assert body.startswith(b"Payload Too Large")
