"""Errors as an event stream: /error reaches the self-hosted tracker with its tags, and `make errors` shows it."""

import socket
import stat
import subprocess
import sys
import uuid

from tests.integration import lab


def test_an_error_becomes_an_event_with_its_tags(production):
    token = "x" + uuid.uuid4().hex[:8]
    request_id = "req-" + token
    status, _, body = production.request(f"/error?id={token}", headers={"X-Request-ID": request_id})
    assert (status, body) == (500, b"Internal Server Error\n"), "no traceback reaches the client"
    release = (production.run / "state" / "production" / "current" / "RELEASE").read_text().strip()

    def listed():
        result = subprocess.run(
            [sys.executable, "-m", "stacks.production.errors"], cwd=lab.ROOT, env=production.env,
            capture_output=True, text=True, timeout=60)
        return result.stdout if token in result.stdout else ""

    out = lab.wait_for(listed, seconds=20, interval=0.5)
    assert f"deliberate error id={token}" in out, out
    tags = out.split(f"id={token}", 1)[1].splitlines()[1]
    assert "environment=production" in tags
    assert f"release={release}" in tags
    assert f"server_name={socket.gethostname()}" in tags
    assert f"request_id={request_id}" in tags


def test_the_summary_names_the_tracker_and_its_credentials_are_private(production):
    assert f"tracker: http://localhost:{production.state.ports['tracker_port']}/" in production.output
    credentials = production.run / "state" / "production" / "bugsink" / "credentials.json"
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    assert stat.S_IMODE((production.run / "conf" / "supervisord.conf").stat().st_mode) == 0o600
