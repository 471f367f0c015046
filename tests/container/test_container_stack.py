"""The container stack as Podman sees it: one container while it runs, none after a stop.

The parametrized stack tests (tests/integration/) check the contract, the hostile
corpus and that nothing of the stack outlives a stop; these check what only a
container has: its name in Podman's list, its processes outside supervisord's
tree (children of conmon) running as the service account in a network namespace
with nothing but loopback, and no container and no conmon left after the stop.
"""

import json
import os
import subprocess

import pytest

from stacks.container import launch
from stacks.runner import account, procfs, proctree
from tests.integration import lab

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the container stack runs rootful Podman here")


def containers(name: str) -> list:
    listed = subprocess.run(
        ["podman", *launch.GLOBAL, "ps", "--all", "--format", "json", "--filter", f"name=^{name}$"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(listed.stdout or "[]")


def conmons(name: str) -> list:
    return [p for p in procfs.pids() if "conmon" in procfs.command_line(p) and f"-n {name} " in procfs.command_line(p)]


def test_one_container_runs_the_app_as_the_service_account_with_no_network(running):
    name = f"interface-lab-{running.port}"
    assert [c["State"] for c in containers(name)] == ["running"]
    inside = [p for p in proctree.of_run(running.run) if "/opt/hello/venv/bin/python" in procfs.command_line(p)]
    assert len(inside) >= 2, "gunicorn's master and its workers carry the run's mark"
    assert {procfs.owner(p) for p in inside} == {account.service_account()[0]}
    devices = {line.split(":")[0].strip() for line in open(f"/proc/{inside[0]}/net/dev").read().splitlines()[2:]}
    assert devices == {"lo"}, f"the container sees network devices {devices}"
    assert running.request("/")[2] == b"Hello, World!"


@pytest.mark.disrupts_shared
def test_a_stop_leaves_no_container_and_no_conmon(running):
    name = f"interface-lab-{running.port}"
    assert conmons(name), "Podman's conmon watches the running container"
    left = running.stop()
    assert not left
    assert containers(name) == [], "the container outlived the stop"
    assert lab.wait_for(lambda: not [p for p in conmons(name) if procfs.state(p) != "Z"], 10), (
        "conmon outlived the stop"
    )
