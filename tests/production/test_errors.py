"""Errors as an event stream: /error reaches the self-hosted tracker with its tags, and `make errors` shows it."""

import json
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
            [sys.executable, "-m", "stacks.production.error_events"],
            cwd=lab.ROOT,
            env=production.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
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


def all_events(tracker: str, credentials: dict) -> dict:
    """Every event in the tracker as {message: request_id tag}: the tracker groups the
    /error events into one issue, and `make errors` shows only each issue's latest."""
    from stacks.production.error_events import _get, _message

    token, found = credentials["api_token"], {}
    for issue in _get(tracker, token, f"/issues/?project={credentials['project_id']}")["results"]:
        for listed in _get(tracker, token, f"/events/?issue={issue['id']}")["results"]:
            data = _get(tracker, token, f"/events/{listed['id']}/")["data"]
            tags = data.get("tags") or {}
            tags = dict(tags) if isinstance(tags, dict) else {k: v for k, v in tags}
            found[_message(data)] = tags.get("request_id", "")
    return found


def test_every_error_event_keeps_its_request_id_in_every_worker(production):
    """More errors than workers, so some worker reports a second one: each keeps its id."""
    credentials = json.loads((production.run / "state" / "production" / "bugsink" / "credentials.json").read_text())
    tracker = f"http://127.0.0.1:{production.state.ports['tracker_port']}"
    batch = "b" + uuid.uuid4().hex[:6]
    sent = {}
    for n in range(12):
        status, headers, _ = production.request(f"/error?id={batch}-{n}")
        assert status == 500
        sent[f"{batch}-{n}"] = dict((k.lower(), v) for k, v in headers)["x-request-id"]

    def arrived():
        events = {m.rsplit("id=", 1)[1]: rid for m, rid in all_events(tracker, credentials).items() if batch in m}
        return events if len(events) == len(sent) else None

    assert lab.wait_for(arrived, seconds=60, interval=1) == sent, "each event carries the X-Request-ID its client got"
