"""The wire page's recorder against the running FastCGI, SCGI and uwsgi stacks.

``make wire`` (benchmarks/wire/) moves the app's socket aside and records what
nginx writes; docs/wire.md (course/wire_page.py) decodes it. This checks, on every
stack that speaks one of those protocols, that the recorder relays the request
untouched (the stack still answers 200) and that the decoder finds the request
a person sent: its method, path and query in the protocol's own framing.
"""

import pytest

from benchmarks.wire import run as wire
from course.wire_page import decoded


def test_one_request_on_the_wire_decodes(stack):
    if stack.name not in wire.STACKS:
        pytest.skip(f"{stack.name} does not speak FastCGI, SCGI or uwsgi to its app")
    sent, answered = wire.record(stack.name, stack.run, stack.url)
    variables = decoded(stack.name, sent)
    assert (variables["REQUEST_METHOD"], variables["PATH_INFO"], variables["QUERY_STRING"]) == (
        "GET",
        "/env",
        "lang=en",
    )
    assert answered, "the app answered nothing through the recorder"
