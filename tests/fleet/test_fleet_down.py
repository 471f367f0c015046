"""fleet-down leaves nothing behind. It tears the session's fleet down, so both tests are marked
``disrupts_shared``: tests/conftest.py runs them after every other fleet test, in this order."""

import os

import pytest

from fleet import inventory, measure, network, paths, results
from fleet.run import run
from tests.fleet.conftest import fleet_command


@pytest.mark.disrupts_shared
def test_fleet_down_leaves_nothing(fleet):
    # After every other test: the fleet at its fullest (the lab's hosts: exercise 15 may have added app3).
    memory_mib, processes = measure.fleet_memory_mib(
        [paths.namespace(h.name) for h in inventory.hosts(paths.INVENTORY)]
    )
    results.record("fleet_memory_after_tests", {"pss_mib": memory_mib, "processes": processes})
    pids = [int(p) for ns in network.namespaces() for p in run("ip", "netns", "pids", ns).stdout.split()]
    assert pids
    # The mount points fleet-up made (a folder that was there before, such as /var/lib/interface-lab
    # holding the stacks' state, is the machine's, not the fleet's, and stays).
    made = (paths.fleet_dir() / "made-paths").read_text().split()
    down = fleet_command("down", timeout=120)
    assert down.returncode == 0, down.stderr
    assert network.namespaces() == []
    assert paths.PREFIX not in run("ip", "link", "show").stdout
    assert paths.RESERVED not in run("ip", "route", "show", "table", "all").stdout
    assert not paths.fleet_dir().exists()
    assert not [path for path in made if os.path.exists(path)]
    assert not any(os.path.exists(f"/proc/{pid}") for pid in pids)


@pytest.mark.disrupts_shared
def test_no_process_of_the_fleet_is_left_on_the_controller(fleet):
    """Ansible's SSH control masters and anything else started with the fleet's files."""
    folder = str(paths.fleet_dir()).encode()
    left = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                    if folder in cmdline.read():
                        left.append(entry)
            except OSError:
                pass
    assert left == []
