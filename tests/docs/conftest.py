"""The course site, built once for this folder's tests and served on loopback, for every site test.

Building it takes most of a minute on a busy machine, so the page test, the
paragraph test and the diagram test share one build and one browser. Both are
package-scoped: closed after this folder's last test, not kept open while the
rest of the suite runs.
"""

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MKDOCS = Path(sys.executable).parent / "mkdocs"


def _needs() -> str:
    missing = [
        what
        for what, ok in (
            ("chromium (Debian package chromium)", shutil.which("chromium")),
            ("mkdocs (requirements/dev.txt)", MKDOCS.exists()),
        )
        if not ok
    ]
    return ", ".join(missing)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a static host does: a folder without index.html is a 404, not a listing."""

    def log_message(self, *args):
        pass

    def list_directory(self, path):
        self.send_error(404, "no listing on a static host: link a file")


@pytest.fixture(scope="package")
def site(tmp_path_factory):
    """The built site served on loopback: its base URL and folder."""
    if _needs():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the site test; missing: {_needs()}: run 'make setup'")
        pytest.skip(f"missing: {_needs()}: run 'make setup'")
    folder = tmp_path_factory.mktemp("site")
    build = subprocess.run(
        [str(MKDOCS), "build", "--strict", "--quiet", "--site-dir", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert build.returncode == 0, f"make docs fails:\n{build.stdout}{build.stderr}"
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", folder
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="package")
def browser():
    from tests.docs.browser import Browser

    opened = Browser()
    yield opened
    opened.close()
