"""Pins that cannot drift: versions live only in the generated locks, with hashes, and the
locks are what uv makes of the requirement files today."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stacks.runner import lock, setup
from stacks.runner.paths import ROOT, extra_venv_dir

PIN = re.compile(r"(?<![=<>!~\w])[A-Za-z][A-Za-z0-9_.-]*(\[[^\]]*\])?==[0-9]")
PIN_FILES = ("*.txt", "*.yml", "*.yaml", "*.toml", "*.ini", "*.cfg", "Makefile", "run", "*.sh", "Containerfile*")


def tracked(*patterns) -> list:
    listed = subprocess.run(["git", "ls-files", "-z", *patterns], cwd=ROOT, capture_output=True, text=True)
    return [ROOT / name for name in listed.stdout.split("\0") if name]


def test_no_version_is_written_anywhere_but_in_a_generated_lock():
    files = [
        p for p in tracked(*(f":(glob)**/{pattern}" for pattern in PIN_FILES)) if not lock.is_lock(p) and p.is_file()
    ]
    assert any(p.name == "app.txt" for p in files) and any(p.suffix == ".yml" for p in files)
    pinned = [
        f"{p.relative_to(ROOT)}: {line.strip()}"
        for p in files
        for line in p.read_text(errors="replace").splitlines()
        if PIN.search(line.split("#", 1)[0])
    ]
    assert pinned == [], "a version belongs in the lock only (name the package, then 'make lock')"


def _version(text: str) -> tuple:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def test_every_named_package_is_locked_with_hashes_at_or_above_its_floor():
    for requirements in lock.lock_inputs():
        pinned = lock.entries(lock.lock_of(requirements))
        for included in lock.includes(requirements):
            for name, written in lock.requirements_in(included).items():
                assert name in pinned, f"{included.name} names {name}, which {lock.lock_of(requirements).name} lacks"
                assert any(line.strip().startswith("--hash=sha256:") for line in pinned[name].text)
                floor = re.search(r">=\s*([0-9][0-9.]*)", written)
                if floor:
                    assert _version(pinned[name].version) >= _version(floor.group(1)), written


def test_the_fleet_servers_part_is_the_lab_lock_with_the_metrics_client():
    part = {entry.name: entry for entry in lock.part(lock.REQUIREMENTS_DIR / "server.txt")}
    assert {"gunicorn", "supervisor", "redis", "sentry-sdk", "prometheus-client"} <= set(part)
    whole = lock.entries(lock.MAIN_LOCK)
    assert all(entry.text == whole[name].text for name, entry in part.items())


def test_the_locks_are_what_uv_makes_of_the_requirement_files(tmp_path):
    """Regenerates every lock into a copy (uv keeps the pins it finds there) and compares."""
    uv_venv = extra_venv_dir("uv", setup.chosen_venv())
    setup.build_venv(uv_venv, lock.REQUIREMENTS_DIR / "uv.txt")
    for requirements in lock.lock_inputs():
        committed = lock.lock_of(requirements)
        copy = tmp_path / committed.name
        shutil.copy(committed, copy)
        command = lock.compile_command(str(uv_venv / "bin" / "uv"), requirements, committed)
        command[command.index("-o") + 1] = str(copy)
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert copy.read_text() == committed.read_text(), (
            f"{committed.relative_to(ROOT)} does not match {requirements.relative_to(ROOT)}: run 'make lock'"
        )


def test_a_part_of_the_lock_installs_hash_checked(tmp_path):
    """What a real fleet server installs: pins with hashes, --require-hashes (pip fetches every file and
    checks its hash; the production stack's tests install the app's part for real in each release)."""
    pins = tmp_path / "server.lock.txt"
    pins.write_text(lock.part_text(lock.REQUIREMENTS_DIR / "server.txt"))
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--dry-run",
        "--ignore-installed",
        "--require-hashes",
        "--no-deps",
        "-r",
        str(pins),
    ]
    checked = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Would install" in checked.stdout and "prometheus_client-" in checked.stdout


@pytest.mark.parametrize("target", sorted(setup.TARGETS))
def test_each_target_installs_a_complete_part_of_the_lock(target):
    requirements = ROOT / "requirements" / setup.TARGETS[target].requirements
    part = lock.part(requirements)
    assert {p for p in lock.requirements_in(requirements)} <= {e.name for e in part}
    closure = {e.name for e in part}
    whole = lock.entries(lock.lock_of(requirements))
    for name in closure:  # whatever needs a package of the part is there only if the part asked for it
        assert whole[name].via_packages & closure or whole[name].via_files, name


def test_targets_install_less_than_everything():
    sizes = {t: len(lock.part(ROOT / "requirements" / setup.TARGETS[t].requirements)) for t in setup.TARGETS}
    assert sizes["stacks"] < sizes["bench"] < sizes["all"] and sizes["docs"] < sizes["all"]
    assert "ansible-core" not in {e.name for e in lock.part(Path(ROOT / "requirements" / "stacks.txt"))}


def test_a_fleet_release_carries_the_servers_pins_from_the_lab_lock(tmp_path):
    """What the roles install on real servers (role common), written by 'python -m fleet release'."""
    env = {**os.environ, "LAB_FLEET_DIR": str(tmp_path), "RELEASE": "test-release"}
    made = subprocess.run(
        [sys.executable, "-m", "fleet", "release"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert made.returncode == 0, made.stderr
    written = (tmp_path / "requirements" / "server.lock.txt").read_text()
    assert written == lock.part_text(lock.REQUIREMENTS_DIR / "server.txt")
    assert "prometheus-client==" in written and "--hash=sha256:" in written
