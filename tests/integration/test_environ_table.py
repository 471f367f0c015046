"""`make environ-table` reads each interface's /env off the running servers into a page."""

from stacks.runner import environ_table
from stacks.runner.options import RunOptions


def test_environ_table_compares_real_stacks(tmp_path):
    page = tmp_path / "environ.md"
    assert environ_table.write(RunOptions(), ["cgi", "wsgi", "static"], page) == 0
    text = page.read_text()
    main_table = text.split("## Keys only some interfaces add")[0]
    rows = {line.split("|")[1].strip(): line for line in main_table.splitlines() if line.startswith("| `")}
    cgi_cells = [c.strip() for c in rows["`cgi`"].split("|")]
    assert "CGI/1.1" in cgi_cells and cgi_cells[-3] == str(environ_table.REQUESTS)  # a process per request
    assert "gunicorn/" in rows["`wsgi`"]
    assert "no app behind it" in rows["`static`"]
