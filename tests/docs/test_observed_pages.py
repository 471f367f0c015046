"""The pages read off running stacks (environ.md, wire.md) are what their saved observations give.

``make environ-table`` and ``make wire`` keep what they saw in benchmarks/results/
(environ.json, wire.json); ``make tables`` writes the pages from those files (their
freshness: tests/docs/test_generated.py).
The round trips below need no stack: what is saved renders the same page as what
was observed.
"""

import json

from course import environ_page as environ_table
from course import wire_page as wire


def test_the_saved_environ_observations_give_the_page_back():
    observed = {"static": {"error": "no app behind it (serves only / and /json)"},
                "cgi": {"error": "/env failed: refused"}}
    saved = json.loads(json.dumps({"date": "2026-01-02", "host": "lab", "stacks": observed}))
    assert environ_table.from_saved(saved) == environ_table.render_page(observed, "2026-01-02", "lab")
    assert "Generated 2026-01-02 on lab." in environ_table.from_saved(saved)


def test_the_saved_wire_bytes_give_the_page_back():
    headers = b"CONTENT_LENGTH\x000\x00SCGI\x001\x00REQUEST_METHOD\x00GET\x00"
    sent = str(len(headers)).encode() + b":" + headers + b","  # an SCGI netstring, as nginx sends it
    saved = json.loads(json.dumps({"date": "2026-01-02", "host": "lab", "captures": {"scgi": [sent.hex(), "414243"]}}))
    assert wire.from_saved(saved) == wire.render({"scgi": (sent, b"ABC")}, "2026-01-02", "lab")
    assert "Captured 2026-01-02 on lab." in wire.from_saved(saved)


def test_the_environ_page_does_not_depend_on_who_renders_it(monkeypatch):
    """Which keys came from the server's own environment is saved with the observation:
    the page is the same rendered under make (MAKEFLAGS set) or by pytest alone."""
    seen = {"first": {"environ": {"REQUEST_METHOD": "GET", "MAKEFLAGS": "", "HOST": "127.0.0.1"},
                      "process": {"python": "3.11.2"}}, "pids": 1}
    saved = {"date": "2026-01-02", "host": "lab", "inherited": ["MAKEFLAGS"], "stacks": {"wsgi": seen}}
    monkeypatch.setenv("MAKEFLAGS", "x")
    under_make = environ_table.from_saved(saved)
    monkeypatch.delenv("MAKEFLAGS")
    monkeypatch.setenv("HOST", "x")
    assert environ_table.from_saved(saved) == under_make
    assert "`HOST`; and 1 variables of the server's own process environment" in under_make
