"""A second fleet-up finds everything in place: Ansible reports changed=0 for every host."""

import re

import pytest

from fleet import inventory
from tests.fleet.conftest import fleet_command

RECAP = re.compile(r"^(\S+)\s+:\s+ok=\d+\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)


def test_first_fleet_up_built_every_host(fleet):
    if fleet is None:
        pytest.skip("LAB_FLEET_REUSE: no first fleet-up in this run")
    recap = {host: int(changed) for host, changed, _, _ in RECAP.findall(fleet.stdout)}
    assert set(recap) == {h.name for h in inventory.hosts()}
    assert all(changed > 0 for changed in recap.values()), recap


def test_second_fleet_up_changes_nothing(fleet):
    again = fleet_command("up")
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-2000:]
    recap = {host: (int(c), int(u), int(f)) for host, c, u, f in RECAP.findall(again.stdout)}
    assert set(recap) == {h.name for h in inventory.hosts()}
    assert all(v == (0, 0, 0) for v in recap.values()), recap
