"""The stack diagrams: on their pages, and right about buffering.

docs/diagrams/*.svg are drawn from the manifests and configs by ``make tables``;
a stale one fails tests/docs/test_generated.py. The buffering verdict drawn on them ("passed on as it
arrives" or "held") is checked on configurations that differ in one directive
each, and against the running stacks by tests/integration/test_streaming.py.
"""

import re

import pytest

from course import diagrams
from tests.docs.test_docs import PAGES, stacks_of

PROXY = "  proxy_pass http://app;"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_an_interface_page_shows_a_diagram_of_its_stack(page):
    shown = set(re.findall(r"\(\.\./diagrams/([a-z0-9-]+)\.svg\)", page.read_text()))
    assert shown & set(stacks_of(page)), f"{page.name} shows no diagram of the stacks it names"


@pytest.mark.parametrize(
    "conf, passed_on",
    [
        ("", True),  # no nginx: the server writes what the app yields
        ("return 200 'Hello, World!';", True),  # nginx answers itself
        (PROXY, False),  # HTTP/1.0 upstream: no chunk lengths to wait for
        (PROXY + "\n    proxy_http_version 1.1;", True),
        (PROXY + "\n    proxy_http_version 1.1;\n    listen 443 ssl;", False),  # the TLS buffer holds it
        ("  fastcgi_pass unix:/run/app.sock;", False),
        ("  fastcgi_keep_conn on;\n  fastcgi_pass unix:/run/app.sock;", True),
        ("  scgi_pass unix:/run/app.sock;", False),
        ("  uwsgi_pass unix:/run/app.sock;", False),
        ("  uwsgi_buffering off;\n  uwsgi_pass unix:/run/app.sock;", True),
    ],
)
def test_the_buffering_verdict(conf, passed_on):
    assert diagrams.streams_with(conf) is passed_on
