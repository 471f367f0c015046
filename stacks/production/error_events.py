"""``make errors``: the latest error events the tracker received, with their tags.

Reads bugsink's API (``/api/canonical/0/``) with the token set-up generated:
each issue of the app's project, its latest event, and from that event the time,
level, message and the tags a person needs to find the failing request again:
environment, release, server_name and request_id.

    python -m stacks.production.error_events [-n 10]
"""

import argparse
import json
import sys
import urllib.request

from stacks.production.running import Running
from stacks.runner.errors import StackError, reported

API = "/api/canonical/0"


def _get(base: str, token: str, path: str) -> dict:
    request = urllib.request.Request(base + API + path, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())
    except OSError as exc:
        raise StackError(f"the error tracker at {base} did not answer {path}: {exc}") from None


def _message(data: dict) -> str:
    values = data.get("exception", {}).get("values") or []
    if values:
        last = values[-1]
        return f"{last.get('type', '')}: {last.get('value', '')}"
    message = data.get("logentry", {}).get("formatted") or data.get("message") or ""
    return message if isinstance(message, str) else json.dumps(message)


def recent_events(base: str, credentials: dict, limit: int = 10) -> list:
    """The latest event of each of the newest ``limit`` issues, newest first, as flat dicts."""
    token = credentials["api_token"]
    issues = _get(base, token, f"/issues/?project={credentials['project_id']}")["results"]
    issues.sort(key=lambda issue: issue["last_seen"], reverse=True)
    events = []
    for issue in issues[:limit]:
        listed = _get(base, token, f"/events/?issue={issue['id']}")["results"]
        if not listed:
            continue
        latest = max(listed, key=lambda event: event["timestamp"])
        data = _get(base, token, f"/events/{latest['id']}/")["data"]
        tags = data.get("tags") or {}
        tags = dict(tags) if isinstance(tags, dict) else {k: v for k, v in tags}
        events.append(
            {
                "time": latest["timestamp"],
                "level": data.get("level", ""),
                "message": _message(data),
                "environment": data.get("environment", ""),
                "release": data.get("release", ""),
                "server_name": data.get("server_name", ""),
                "request_id": tags.get("request_id", ""),
                "issue": issue.get("friendly_id", issue["id"]),
                "count": issue.get("digested_event_count", 1),
            }
        )
    return events


def render(events: list) -> str:
    if not events:
        return "no error events yet: try curl --cacert <ca> 'https://localhost:8443/error?id=x1'"
    lines = []
    for e in events:
        lines.append(f"{e['time']}  {e['level']:<7} {e['issue']} (x{e['count']})  {e['message']}")
        lines.append(
            f"    environment={e['environment']} release={e['release']} "
            f"server_name={e['server_name']} request_id={e['request_id']}"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="make errors", description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--limit", type=int, default=10)
    return reported(show, parser.parse_args(argv))


def show(args) -> int:
    running = Running()
    print(f"error events at {running.tracker}/ (newest first):")
    print(render(recent_events(running.tracker, running.credentials(), args.limit)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
