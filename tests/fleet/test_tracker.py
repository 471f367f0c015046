"""Errors from the app hosts reach the tracker on ops, each with its host's server_name."""

import json
import secrets
import time

from fleet import inventory, paths
from tests.fleet.conftest import curl, on, site_url

QUERY = """
import json, sys, urllib.request
base, token, project, wanted = sys.argv[1:5]
def get(path):
    request = urllib.request.Request(base + "/api/canonical/0" + path, headers={"Authorization": "Bearer " + token})
    return json.loads(urllib.request.urlopen(request, timeout=10).read())
servers = set()
for issue in get(f"/issues/?project={project}")["results"]:
    for event in get(f"/events/?issue={issue['id']}")["results"]:
        data = get(f"/events/{event['id']}/")["data"]
        if wanted in json.dumps(data.get("exception", {})):
            servers.add(data.get("server_name", ""))
print(json.dumps(sorted(servers)))
"""


def servers_that_reported(token: str) -> list:
    credentials = json.loads((paths.host_dir("ops") / "lib" / "tracker" / "bugsink" / "credentials.json").read_text())
    ops = next(h.address for h in inventory.hosts() if h.name == "ops")
    result = on(
        "ops",
        "/usr/bin/python3",
        "-c",
        QUERY,
        f"http://{ops}:{inventory.setting('tracker_port')}",
        credentials["api_token"],
        str(credentials["project_id"]),
        token,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_each_app_hosts_errors_arrive_with_its_server_name(fleet):
    token = secrets.token_hex(8)
    for _ in range(6):  # requests alternate between the app hosts
        answer = curl("client", "-o", "/dev/null", "-w", "%{http_code}", site_url(f"/error?id={token}"))
        assert answer.stdout == "500"
    deadline, found = time.monotonic() + 30, []
    while time.monotonic() < deadline and found != ["app1", "app2"]:
        found = servers_that_reported(token)
        time.sleep(1)
    assert found == ["app1", "app2"]
