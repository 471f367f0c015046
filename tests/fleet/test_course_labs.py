"""The course's fleet labs, proven both ways on the fleet these tests share, run as ``make lab-check``
and ``make lab-start`` run them: each check fails on the broken files and passes on the fleet's own,
and either way the host's own files are back afterwards and the site works from client by name.

tests/labs proves the labs that run on a stack; it leaves these (``NEEDS = "fleet"``) to this file.
"""

import subprocess
import sys

import pytest

from fleet import inventory, paths, trial
from tests.fleet.conftest import curl, on, site_url
from tests.labs.test_labs import LABTOOL, NAMES, lab_module

ON_THE_FLEET = [name for name in NAMES if LABTOOL.on_fleet(lab_module(name))]
SITE = inventory.setting("site_name")
APP1 = next(h.address for h in inventory.hosts(paths.INVENTORY) if h.name == "app1")
# What each lab's check says on its broken files: the learner is told what is wrong.
SAYS_WHEN_BROKEN = {
    "15-dns-record": [
        f"FAIL  the fleet's DNS answers {SITE} with the load balancer",
        f"dig on client got {APP1}",
        "ok    every host's own name still answers with its address",
    ],
}


def lab_py(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "course.tasks.lab", *args], cwd=paths.ROOT, capture_output=True, text=True, timeout=120
    )


def host_files(lab) -> dict:
    """The lab's files as they are on its host now."""
    return {name: trial.on_controller(lab.HOST, path).read_text() for name, path in lab.FILES.items()}


def site_works() -> bool:
    lb = next(h.address for h in inventory.hosts() if h.name == "lb")
    answer = on("client", "getent", "ahostsv4", inventory.setting("site_name"))
    return answer.stdout.split()[:1] == [lb] and curl("client", site_url("/")).stdout == "Hello, World!"


def test_the_fleet_labs_are_these():
    assert ON_THE_FLEET == ["15-dns-record"]


@pytest.mark.parametrize("name", ON_THE_FLEET)
def test_broken_fails_and_solution_passes_and_the_fleets_own_files_are_back(fleet, name):
    lab = lab_module(name)
    own = host_files(lab)
    broken = lab_py("check", name, "--broken")
    assert broken.returncode == 1 and "FAIL" in broken.stdout, broken.stdout + broken.stderr
    for line in SAYS_WHEN_BROKEN[name]:
        assert line in broken.stdout, broken.stdout
    assert host_files(lab) == own and site_works(), "the fleet's own files are back after a failed check"
    fixed = lab_py("check", name, "--solution")
    assert fixed.returncode == 0 and "PASSED" in fixed.stdout, fixed.stdout + fixed.stderr
    assert host_files(lab) == own and site_works(), "the fleet's own files are back after a passed check"


@pytest.mark.parametrize("name", ON_THE_FLEET)
def test_lab_start_breaks_the_fleet_and_lab_check_puts_its_own_files_back(fleet, name, tmp_path):
    lab = lab_module(name)
    own = host_files(lab)
    started = lab_py("start", name, "--work", str(tmp_path))
    assert started.returncode == 0, started.stdout + started.stderr
    handed_out = {n: (tmp_path / name / n).read_text() for n in lab.FILES}
    assert handed_out != own and host_files(lab) == handed_out, "lab-start leaves the broken files in place"
    assert not site_works(), "the symptom: the site does not work from client"
    checked = lab_py("check", name, "--work", str(tmp_path))
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert host_files(lab) == own and site_works(), "lab-check puts the fleet's own files back, not the broken ones"


def test_a_dnsmasq_conf_dnsmasq_refuses_is_reported_and_the_fleets_own_is_back(fleet, tmp_path):
    """A typo in an option: dnsmasq's own --test names the line, nothing is restarted with it."""
    lab = lab_module("15-dns-record")
    own = host_files(lab)
    (tmp_path / "dnsmasq.conf").write_text(own["dnsmasq.conf"].replace("host-record=", "host-recrod=", 1))
    checked = lab_py("check", "15-dns-record", "--overlay", str(tmp_path))
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "FAIL  dns takes your dnsmasq.conf" in checked.stdout and "bad option at line" in checked.stdout
    assert host_files(lab) == own and site_works()
