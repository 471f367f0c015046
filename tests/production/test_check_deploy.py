"""`make check-deploy` passes on the running stack, and names the item that breaks."""

import subprocess
import sys

from stacks.production import check_deploy as check_deploy_module
from tests.integration import lab
from tests.production.helpers import prometheus, rpc, wait_for


def check_deploy(production) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "stacks.production.check_deploy"],
        cwd=lab.ROOT,
        env=production.env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_running_stack_passes_every_item(production):
    result = check_deploy(production)
    assert result.returncode == 0, result.stdout + result.stderr
    total = len(check_deploy_module.CHECKS)
    assert "FAIL" not in result.stdout and f"{total} of {total} checks pass" in result.stdout


def test_an_unreachable_tracker_fails_the_check(production):
    supervisor = rpc(production).supervisor
    supervisor.stopProcess("bugsink")
    try:
        result = check_deploy(production)
    finally:
        supervisor.startProcess("bugsink")
    assert result.returncode == 1
    failing = [line for line in result.stdout.splitlines() if line.strip().startswith("FAIL")]
    assert len(failing) == 1 and "error tracker reachable" in failing[0], result.stdout


def test_a_target_prometheus_cannot_scrape_fails_the_check(production):
    supervisor = rpc(production).supervisor
    supervisor.stopProcess("redis-exporter")
    try:
        assert wait_for(
            lambda: any(t["job"] == "redis" and t["health"] == "down" for t in prometheus(production).targets()),
            seconds=30,
        )
        result = check_deploy(production)
    finally:
        supervisor.startProcess("redis-exporter")
    assert result.returncode == 1
    failing = [line for line in result.stdout.splitlines() if line.strip().startswith("FAIL")]
    assert len(failing) == 1 and "Prometheus scrapes every target" in failing[0] and "redis down" in failing[0], (
        result.stdout
    )
    assert wait_for(lambda: all(t["health"] == "up" for t in prometheus(production).targets()), seconds=30)


def test_every_checklist_item_has_its_check_and_every_check_an_item():
    """The checklist (stacks/production/checklist.py) and the tool cannot drift apart: an item whose
    function is gone, or a check function no item names, fails here, without a stack."""
    import inspect

    from stacks.production.checklist import ITEMS

    checks = {
        name
        for name, f in inspect.getmembers(check_deploy_module, inspect.isfunction)
        if f.__module__ == check_deploy_module.__name__
        and not name.startswith("_")
        and list(inspect.signature(f).parameters) == ["running"]
        and name != "run"
    }
    assert [item.check for item in ITEMS] == [f.__name__ for _, f in check_deploy_module.CHECKS]
    assert {item.check for item in ITEMS} == checks
    assert all(item.why.endswith(".") and item.name for item in ITEMS)
