"""`make environ-table` reads each interface's /env off the running servers into a page."""

from stacks.runner import environ_table
from stacks.runner.options import RunOptions


def test_environ_table_compares_real_stacks(tmp_path):
    page = tmp_path / "environ.md"
    assert environ_table.write(RunOptions(), ["cgi", "wsgi", "static", "uvicorn"], page) == 0
    text = page.read_text()
    main_table = text.split("## The ASGI scope")[0]
    rows = {line.split("|")[1].strip(): line for line in main_table.splitlines() if line.startswith("| `")}
    cgi_cells = [c.strip() for c in rows["`cgi`"].split("|")]
    assert "CGI/1.1" in cgi_cells and cgi_cells[-3] == str(environ_table.REQUESTS)  # a process per request
    assert "gunicorn/" in rows["`wsgi`"]
    assert "no app behind it" in rows["`static`"]
    assert "`uvicorn`" not in rows  # an ASGI stack has a table of its own


def test_the_scope_table_shows_what_an_asgi_server_hands_the_app(tmp_path):
    page = tmp_path / "environ.md"
    assert environ_table.write(RunOptions(), ["uvicorn", "nginx-uvicorn"], page) == 0
    scope_table = page.read_text().split("## The ASGI scope")[1].split("## Keys only")[0]
    rows = {line.split("|")[1].strip(): [c.strip() for c in line.split("|")]
            for line in scope_table.splitlines() if line.startswith("| `")}
    assert rows["`uvicorn`"][2] == "3.0, spec 2.3" and rows["`uvicorn`"][3] == "1.1"
    assert rows["`uvicorn`"][6].startswith('["127.0.0.1", ')  # client: address and port
    assert rows["`nginx-uvicorn`"][6] == "null"  # a unix-socket peer has no address
    assert "b'host'" in rows["`uvicorn`"][9]
