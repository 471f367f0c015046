"""Which release each app host of the fleet serves, asked of its gunicorn directly (not through
the balancer, which would answer from whichever host it picks)."""

import json

from fleet import inventory, on_host


def app_hosts() -> list:
    return [h for h in inventory.hosts() if "apps" in h.groups]


def releases_served() -> dict:
    """{app host: the release its /health names, or '' when it does not answer}."""
    port = inventory.setting("app_port")
    served = {}
    for host in app_hosts():
        answer = on_host.run(host.name, "curl", "-sS", "--max-time", "10", f"http://{host.address}:{port}/health")
        try:
            served[host.name] = json.loads(answer.stdout).get("release", "")
        except ValueError:
            served[host.name] = ""
    return served
