"""A rolling deploy request by request: which app host answered each request, with which release.

The client's load (fleet/load.py ``--record``) knows when it sent each request, what came
back, and the X-Request-ID the answer carried (the load balancer's id, which the app
echoes). Each app host's gunicorn logs that id with the release that answered it (the
access line of the app role's gunicorn_conf.py). Joined on the id, the two give the rows
the rolling-deploy chart draws (course/charts/fleet_deploy.py): a request that got no
answer from an app has no host and no release, and is drawn as failed at its time.
"""

import itertools
import re

from fleet import inventory, paths

COLUMNS = ("seconds", "host", "release", "status", "failed")
ACCESS_LINE = re.compile(r"request_id=(?P<id>\S+) release=(?P<release>\S+)\s*$")


def answers(host: str) -> dict:
    """{request id: release} of every request the host's gunicorn has logged so far."""
    log = paths.host_dir(host) / "log" / "gunicorn.log"
    found = {}
    for line in log.read_text(errors="replace").splitlines() if log.is_file() else []:
        match = ACCESS_LINE.search(line)
        if match and match["id"] != "-":
            found[match["id"]] = match["release"]
    return found


def app_hosts() -> list:
    return [h.name for h in inventory.hosts() if "apps" in h.groups]


def join(requests: list, hosts: list | None = None) -> dict:
    """The load's recorded requests ([seconds, status, request id, failed]) with the host and release
    that answered each: {"columns": COLUMNS, "hosts": [...], "rows": [[seconds, host, release, status, failed]]}."""
    hosts = app_hosts() if hosts is None else hosts
    where = {request_id: (host, release) for host in hosts for request_id, release in answers(host).items()}
    rows = []
    for seconds, status, request_id, failed in requests:
        host, release = where.get(request_id, ("", ""))
        rows.append([seconds, host, release, status, failed])
    return {"columns": list(COLUMNS), "hosts": hosts, "rows": rows}


def releases_in_turn(timeline: dict, host: str) -> list:
    """The releases ``host`` answered with, in the order it changed from one to the next."""
    seen = [release for _, who, release, _, _ in timeline["rows"] if who == host]
    return [release for i, release in enumerate(seen) if i == 0 or seen[i - 1] != release]


def away(timeline: dict, host: str) -> tuple | None:
    """(the host's last answer with its first release, its first answer with the next one): its time out of
    rotation while it changed release; None when it answered with one release only."""
    answered = [(seconds, release) for seconds, who, release, _, _ in timeline["rows"] if who == host]
    for (gone, before), (back, after) in itertools.pairwise(answered):
        if before != after:
            return gone, back
    return None
