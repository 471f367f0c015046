"""Twelve-factor settings given when a stack starts reach the app through every interface.

MAX_BODY_BYTES=1000 in the environment of `make run-stack` must make /echo refuse
2,000 bytes whatever sits between the runner and the app: a web server that
clears a CGI process's environment (Apache, fcgiwrap) has to pass it on.
"""

import os
import shutil

import pytest

from stacks.runner import manifest
from tests.integration import lab

FULL = [name for name, stack in manifest.discover().items() if stack.contract == "full"]


@pytest.mark.parametrize("name", FULL)
def test_max_body_bytes_from_the_environment_reaches_the_app(name):
    missing = lab.missing_need(name)
    if missing and os.environ.get("CI") != "true":
        pytest.skip(missing)
    running = lab.start(name, {"MAX_BODY_BYTES": "1000"})
    try:
        small = running.request("/echo", method="POST", body=b"x" * 500)
        large = running.request("/echo", method="POST", body=b"x" * 2000)
    finally:
        left = running.stop()
        shutil.rmtree(running.run, ignore_errors=True)
    assert (small[0], small[2]) == (200, b"x" * 500)
    assert large[0] == 413 and b"the limit is 1000 bytes" in large[2]
    assert not left
