"""Past the configured limit, /echo answers 413 from the app: through every front server.

The shared stacks are started with ``MAX_BODY_BYTES`` set (conftest.APP_SETTINGS,
as ``make run-stack MAX_BODY_BYTES=...`` hands it on), below the app's default
of 10 MiB: a body between the two is refused only if the setting reached the
app whatever sits between the runner and it — a web server that clears a CGI
process's environment (Apache, fcgiwrap) has to pass it on.
"""

import os

from tests.integration.conftest import BODY_LIMIT

TOO_LARGE = os.urandom(BODY_LIMIT + 1024 * 1024)  # under the app's default (10 MiB) and nginx's and Apache's (16 MiB)


def test_body_over_the_configured_limit_gets_413(full_stack):
    for _ in range(3):  # a server that answers early and closes fails only some of the time
        status, headers, body = full_stack.request(
            "/echo", method="POST", body=TOO_LARGE, headers={"Content-Type": "application/octet-stream"}, timeout=30
        )
        assert status == 413, body[:200]
        assert body == f"Payload Too Large: the limit is {BODY_LIMIT} bytes\n".encode(), (
            "the limit the runner was given"
        )


def test_a_body_under_the_limit_comes_back_whole(full_stack):
    small = os.urandom(1000)
    status, _, body = full_stack.request(
        "/echo", method="POST", body=small, headers={"Content-Type": "application/octet-stream"}
    )
    assert (status, body) == (200, small)
