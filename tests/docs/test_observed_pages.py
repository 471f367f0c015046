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


def test_the_saved_environ_observations_show_on_the_page():
    """What a stack was seen to hand its app is what the page's row for it says, cell by cell."""
    observed = {
        "static": {"error": "no app behind it (serves only / and /json)"},
        "cgi": {"error": "/env failed: refused"},
        "wsgi": {
            "first": {
                "environ": {
                    "GATEWAY_INTERFACE": "CGI/1.1",
                    "SCRIPT_NAME": "",
                    "wsgi.multithread": False,
                    "wsgi.run_once": True,
                },
                "process": {"python": "3.11.2"},
            },
            "pids": 3,
        },
    }
    page = environ_table.from_saved({"date": "2026-01-02", "host": "lab", "stacks": observed, "inherited": []})
    table = page.split("## Keys only some interfaces add")[0]
    rows = {
        line.split("|")[1].strip(): [cell.strip() for cell in line.split("|")[2:-1]]
        for line in table.splitlines()
        if line.startswith("| `")
    }
    header = next(line for line in page.splitlines() if line.startswith("| stack | `GATEWAY"))
    columns = [cell.strip() for cell in header.split("|")[2:-1]]
    wsgi = dict(zip(columns, rows["`wsgi`"], strict=True))
    assert wsgi["`GATEWAY_INTERFACE`"] == "CGI/1.1" and wsgi["`wsgi.multithread`"] == "false"
    assert wsgi["`wsgi.run_once`"] == "true" and wsgi["`SERVER_SOFTWARE`"] == "—"  # not delivered: a dash
    assert wsgi["processes for 4 requests"] == "3" and wsgi["Python"] == "3.11.2"
    assert rows["`static`"][0] == "no app behind it (serves only / and /json)"
    assert rows["`cgi`"][0] == "/env failed: refused"
    assert page.endswith(
        environ_table.from_saved({"date": "2026-01-02", "host": "lab", "stacks": {}}).split("Generated", 1)[1]
    ), "the page ends with the date and host it was made on"


def test_the_saved_wire_bytes_show_on_the_page():
    """The page decodes the saved bytes: each name and value nginx sent, the length prefix, the answer."""
    headers = b"CONTENT_LENGTH\x000\x00SCGI\x001\x00REQUEST_METHOD\x00GET\x00"
    sent = str(len(headers)).encode() + b":" + headers + b","  # an SCGI netstring, as nginx sends it
    saved = json.loads(json.dumps({"date": "2026-01-02", "host": "lab", "captures": {"scgi": [sent.hex(), "414243"]}}))
    page = wire.from_saved(saved)
    assert f"One netstring: `{len(headers)}:`, then {len(headers)} bytes" in page
    assert "| `REQUEST_METHOD` | `GET` |" in page and "| `CONTENT_LENGTH` | `0` |" in page
    assert "3 pairs in all" in page
    assert "0000  41 42 43" in page and page.count("ABC") == 1  # the answer's bytes, as hex and as text
    assert "Captured 2026-01-02 on lab." in page


def test_the_environ_page_does_not_depend_on_who_renders_it(monkeypatch):
    """Which keys came from the server's own environment is saved with the observation:
    the page is the same rendered under make (MAKEFLAGS set) or by pytest alone."""
    seen = {
        "first": {
            "environ": {"REQUEST_METHOD": "GET", "MAKEFLAGS": "", "HOST": "127.0.0.1"},
            "process": {"python": "3.11.2"},
        },
        "pids": 1,
    }
    saved = {"date": "2026-01-02", "host": "lab", "inherited": ["MAKEFLAGS"], "stacks": {"wsgi": seen}}
    monkeypatch.setenv("MAKEFLAGS", "x")
    under_make = environ_table.from_saved(saved)
    monkeypatch.delenv("MAKEFLAGS")
    monkeypatch.setenv("HOST", "x")
    assert environ_table.from_saved(saved) == under_make
    assert "`HOST`; and 1 variable of the server's own process environment (`MAKEFLAGS`)" in under_make
