"""`make environ-table` reads each interface's /env off the running servers; `make tables` makes the page of it."""

import json

import pytest

from course import environ_page
from stacks.runner import environ_table
from stacks.runner.options import RunOptions


def _page(tmp_path, names: list) -> str:
    """Observe ``names`` into a results file of the test's own, and render the page from it."""
    results = tmp_path / "environ.json"
    assert environ_table.write(RunOptions(), names, results) == 0
    return environ_page.from_saved(json.loads(results.read_text()))


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    """One observation of the stacks both tests read (each started once, privately)."""
    return _page(tmp_path_factory.mktemp("environ"), ["cgi", "wsgi", "static", "uvicorn", "nginx-uvicorn"])


def test_environ_table_compares_real_stacks(page):
    main_table = page.split("## The ASGI scope")[0]
    rows = {line.split("|")[1].strip(): line for line in main_table.splitlines() if line.startswith("| `")}
    cgi_cells = [c.strip() for c in rows["`cgi`"].split("|")]
    assert "CGI/1.1" in cgi_cells and cgi_cells[-3] == str(environ_table.REQUESTS)  # a process per request
    assert "gunicorn/" in rows["`wsgi`"]
    assert "no app behind it" in rows["`static`"]
    assert "`uvicorn`" not in rows  # an ASGI stack has a table of its own


def test_the_scope_table_shows_what_an_asgi_server_hands_the_app(page):
    scope_table = page.split("## The ASGI scope")[1].split("## Keys only")[0]
    rows = {
        line.split("|")[1].strip(): [c.strip() for c in line.split("|")]
        for line in scope_table.splitlines()
        if line.startswith("| `")
    }
    assert rows["`uvicorn`"][2] == "3.0, spec 2.3" and rows["`uvicorn`"][3] == "1.1"
    assert rows["`uvicorn`"][6].startswith('["127.0.0.1", ')  # client: address and port
    assert rows["`nginx-uvicorn`"][6] == "null"  # a unix-socket peer has no address
    assert "b'host'" in rows["`uvicorn`"][9]
