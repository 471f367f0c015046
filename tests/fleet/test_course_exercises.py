"""The course's fleet exercises, proven both ways on the fleet these tests share: each checker
fails on the starter and passes on the reference solution, run as ``make check`` runs it.

Exercise 14 tries a firewall on app1 and puts app1's own rules back; exercise 15 needs app3
rolled in, which changes the fleet for every later test, so it is marked ``disrupts_shared``
and runs after the others (before fleet-down).
"""

import subprocess
import sys

import pytest

from course.tasks import exercise
from fleet import inventory, paths
from fleet.on_host import connects
from tests.fleet.conftest import fleet_command

EXERCISES = paths.ROOT / "docs" / "exercises"

ON_THE_FLEET = [name for name in exercise.exercises() if exercise.needs(EXERCISES / name) == "fleet"]


def check(name: str, which: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "course.tasks.exercise", name, which],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def failed(result: subprocess.CompletedProcess) -> bool:
    return result.returncode == 1 and "NOT YET" in result.stdout and "FAIL" in result.stdout


def passed(result: subprocess.CompletedProcess) -> bool:
    return result.returncode == 0 and "PASSED" in result.stdout


def test_the_fleet_exercises_are_these():
    assert ON_THE_FLEET == ["14-firewall-path", "15-add-app3"]


def test_firewall_checker_fails_on_the_starter_and_passes_on_the_solution(fleet):
    app1 = next(h.address for h in inventory.hosts() if h.name == "app1")
    starter = check("14-firewall-path", "--starter")
    assert failed(starter), starter.stdout + starter.stderr
    assert "FAIL  client cannot reach gunicorn directly" in starter.stdout, starter.stdout
    solution = check("14-firewall-path", "--solution")
    assert passed(solution), solution.stdout + solution.stderr
    # either way, app1's own rules are back
    assert not connects("client", app1, inventory.setting("app_port"))
    assert connects("lb", app1, inventory.setting("app_port"))


def test_add_app3_starter_is_the_lab_inventory():
    starter = EXERCISES / "15-add-app3" / "hosts.yml"
    assert inventory.hosts(starter) == inventory.hosts(paths.INVENTORY)


@pytest.mark.disrupts_shared
def test_add_app3_checker_fails_on_the_starter_and_passes_once_app3_is_rolled_in(fleet):
    starter = check("15-add-app3", "--starter")
    assert failed(starter), starter.stdout + starter.stderr
    rolled = fleet_command("up", FLEET_INVENTORY=str(EXERCISES / "15-add-app3" / "solution" / "hosts.yml"))
    assert rolled.returncode == 0, rolled.stdout[-3000:] + rolled.stderr[-2000:]
    solution = check("15-add-app3", "--solution")
    assert passed(solution), solution.stdout + solution.stderr
