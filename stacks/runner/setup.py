"""``make setup``: install what a target needs, idempotently, and say so while it works.

A target (``stacks``, ``bench``, ``docs``, ``fleet``; ``all`` for ``make setup``,
which CI uses) names a requirements file and the Debian packages beyond the base
ones. Debian packages: as root apt-get installs the missing ones, an ordinary user
gets the ``sudo apt-get install`` line. What building the virtualenv cannot do
without (python3-venv's ensurepip; a C compiler and Python's headers where a
package is compiled) is checked first, by trying it, and stops with one line.

The virtualenv is built from Debian's /usr/bin/python3 (so the service account can
run it) with the target's part of the lock (lock.py), hash-checked. It is trusted
only once complete: ``.lab-installed`` is written last, naming the lock's digest and
the requirements files installed; a virtualenv without it was left by an interrupted
run and is built again; one that fails while being built is removed. A stack may need
a virtualenv of its own (``[[needs]] venv = NAME, requirements = FILE``): built the
same way, as ``.venv-NAME``, from that file's own lock.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from stacks.runner import account, lock, manifest, needs, variables
from stacks.runner.errors import StackError
from stacks.runner.paths import ROOT, extra_venv_dir, reachable, venv_dir

SYSTEM_PYTHON = "/usr/bin/python3"
BASE_PACKAGES = ["python3-venv", "procps", "util-linux", "curl"]
COMPILER_PACKAGES = ["python3-dev", "gcc"]  # uWSGI has no wheel: pip compiles it
SHARED_VENVS = Path("/opt/interface-lab/venvs")
POLICY_RC = Path("/usr/sbin/policy-rc.d")
STAMP = ".lab-installed"
BUILDING = ".lab-building"


@dataclass(frozen=True)
class Target:
    """What one kind of make target needs installed."""

    requirements: str  # under requirements/; its part of the lock goes into .venv
    debian: tuple = ()  # Debian packages beyond BASE_PACKAGES
    stacks: bool = False  # the Debian packages the stacks' manifests name
    compiles: bool = False  # a package of its part is built from source


TARGETS = {
    "stacks": Target("stacks.txt", stacks=True, compiles=True),  # make run-stack: one stack's packages only
    # taskset (util-linux) pins the load; wrk, slowhttptest and h2load (nghttp2-client) make it
    "bench": Target("bench.txt", ("wrk", "slowhttptest", "nghttp2-client"), stacks=True, compiles=True),
    "docs": Target("docs.txt"),
    "fleet": Target("fleet.txt", compiles=True),  # the hosts' own Debian packages: python -m fleet setup
    # everything: tests and lint too; chromium checks the course site, whose diagrams are
    # measured in DejaVu Sans (course/text_width.py)
    "all": Target(
        "dev.txt",
        ("wrk", "slowhttptest", "nghttp2-client", "chromium", "fonts-dejavu-core"),
        stacks=True,
        compiles=True,
    ),
}


def _missing(packages: list) -> list:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package} ${db:Status-Status}\n", *packages],
        capture_output=True,
        text=True,
    )
    installed = {line.split()[0] for line in result.stdout.splitlines() if line.endswith(" installed")}
    return [p for p in packages if p not in installed]


def apt_command(packages) -> str:
    return "sudo apt-get install -y " + " ".join(packages)


def install_packages(packages: list) -> None:
    """apt-get install what is missing (as root), without letting services start;
    an ordinary user is told the one command to run."""
    missing = _missing(sorted(set(packages)))
    if not missing:
        return
    if not account.is_root():
        print(f"setup: warning: missing Debian packages; what needs them will not start: run '{apt_command(missing)}'")
        return
    print(f"setup: installing Debian packages: {' '.join(missing)}", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    made_policy = not POLICY_RC.exists()
    if made_policy:  # keep Debian from starting nginx/apache/redis on their default ports
        POLICY_RC.write_text("#!/bin/sh\nexit 101\n")
        POLICY_RC.chmod(0o755)
    try:
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *missing], check=True, env=env)
    except subprocess.CalledProcessError as exc:
        raise StackError(
            f"apt-get failed ({exc.returncode}); run 'apt-get install {' '.join(missing)}' by hand to see why"
        ) from None
    finally:
        if made_policy:
            POLICY_RC.unlink()


def check_can_build(python: str = SYSTEM_PYTHON, compiles: bool = True) -> None:
    """Stop with one line when the virtualenv could not be built: no ensurepip (python3-venv),
    or, where a package is compiled, no C compiler or no Python.h (python3-dev)."""
    if not shutil.which(python) and not Path(python).exists():
        raise StackError(f"{python} is missing: run '{apt_command(['python3', 'python3-venv'])}'")
    has_ensurepip = "import ensurepip, sys; sys.exit(not hasattr(ensurepip, 'bootstrap'))"
    if subprocess.run([python, "-c", has_ensurepip], capture_output=True).returncode != 0:
        raise StackError(f"{python} cannot make a virtualenv (no ensurepip): run '{apt_command(['python3-venv'])}'")
    if not compiles:
        return
    include = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('include'))"], capture_output=True, text=True
    ).stdout.strip()
    lacking = [
        p for p, ok in (("gcc", shutil.which("gcc")), ("python3-dev", Path(include, "Python.h").exists())) if not ok
    ]
    if lacking:
        raise StackError(
            f"uWSGI is compiled on install and needs {' and '.join(lacking)}: run '{apt_command(lacking)}'"
        )


def _lock_digest(lock_file: Path) -> str:
    return hashlib.sha256(lock_file.read_bytes() + sys.version.encode()).hexdigest()


def _installed(venv: Path) -> dict:
    """What a complete virtualenv holds (its completion mark), or {} for none or a half-made one."""
    try:
        return json.loads((venv / STAMP).read_text())
    except (OSError, ValueError):
        return {}


def _covers(installed: dict, requirements: Path, digest: str) -> bool:
    if installed.get("lock") != digest:
        return False
    return any(requirements in lock.includes(ROOT / name) for name in installed.get("files", []))


def _venv_target(venv: Path) -> Path:
    """Where the virtualenv's files go: in place, or, when root and the checkout is
    private, a world-readable folder that ``.venv`` links to."""
    if account.is_root() and account.unreachable_part(ROOT):
        key = hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
        return SHARED_VENVS / (key + venv.name.removeprefix(venv_dir().name))
    return venv


def _remove(venv: Path) -> None:
    target = reachable(venv)
    if venv.is_symlink():
        venv.unlink()
    shutil.rmtree(target, ignore_errors=True)


def _create(venv: Path, python: str) -> None:
    target = _venv_target(venv)
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    (target / BUILDING).write_text("an unfinished virtualenv: the next 'make setup' builds it again\n")
    result = subprocess.run([python, "-m", "venv", str(target)], capture_output=True, text=True)
    if result.returncode != 0:
        raise StackError(f"{python} -m venv failed: {(result.stderr or result.stdout).strip().splitlines()[-1:]}")
    if target != venv:
        venv.symlink_to(target)


SHOWN = (
    "Collecting",
    "Processing",
    "Building wheel",
    "Running setup.py",
    "Installing collected",
    "Successfully installed",
    "ERROR",
)
COMPILED = {"uwsgi": "uWSGI is compiled from C source as it installs: a few quiet minutes"}


def pip_install(venv: Path, pins: str, what: str) -> None:
    """pip install ``pins`` (a requirements text with hashes) into ``venv``, one line per step
    shown as it happens; on failure the end of pip's whole output."""
    count = pins.count("==")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", prefix="lab-pins-") as file:
        file.write(pins)
        file.flush()
        # Through the real folder, not the .venv link: pip writes this path into the
        # scripts' #! lines, and the service account cannot pass through a private checkout.
        command = [
            str(reachable(venv) / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--require-hashes",
            "--no-deps",
            "--disable-pip-version-check",
            "--progress-bar",
            "off",
            "-r",
            file.name,
        ]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        seen, done = [], 0
        for name, note in COMPILED.items():
            if f"\n{name}==" in "\n" + pins.lower():
                print(f"  ({note})", flush=True)
        for line in process.stdout:
            seen.append(line.rstrip())
            if line.startswith(("Collecting", "Processing")):
                done += 1
                print(f"  [{done}/{count}] {line.split()[1].rsplit('/', 1)[-1]}", flush=True)
            elif line.lstrip().startswith(SHOWN[2:]):
                print("  " + line.strip()[:150], flush=True)
        if process.wait() != 0:
            tail = "\n".join(seen[-25:])
            raise StackError(f"pip could not install {what}; the end of its output is above", tail)


def _size(path: Path) -> str:
    total = sum(p.stat().st_size for p in reachable(path).rglob("*") if p.is_file() and not p.is_symlink())
    return f"{total / 1e6:.0f} MB"


def chosen_venv() -> Path:
    """The project's virtualenv as this setup is asked to build it (``VENV``, else .venv)."""
    return venv_dir(variables.get("VENV", os.environ))


def build_venv(
    venv: Path | None = None, requirements: Path | None = None, python: str = SYSTEM_PYTHON, compiles: bool = False
) -> None:
    """Make ``venv`` (the project's by default) hold ``requirements``' part of its lock, complete or not at all."""
    venv = venv or chosen_venv()
    requirements = requirements or ROOT / "requirements" / TARGETS["all"].requirements
    lock_file = lock.lock_of(requirements)
    digest = _lock_digest(lock_file)
    installed = _installed(venv)
    if _covers(installed, requirements, digest):
        return
    name = requirements.relative_to(ROOT)
    if (venv / BUILDING).exists() or ((venv.exists() or venv.is_symlink()) and not (venv / "bin" / "python").exists()):
        print(f"setup: {venv.name} is unfinished (an interrupted run left it): building it again")
        _remove(venv)
    fresh = not venv.exists()
    check_can_build(python, compiles)
    started = time.monotonic()
    pins = lock.part_text(requirements)
    if fresh:
        print(
            f"setup: first run: building {venv.name} with {name}'s {pins.count('==')} packages from "
            f"{lock_file.name} (hash-checked); this takes minutes, each step is shown",
            flush=True,
        )
        _create(venv, python)
    else:
        print(f"setup: adding {name}'s part of {lock_file.name} to {venv.name}", flush=True)
    try:
        pip_install(venv, pins, str(name))
    except BaseException:
        if fresh:
            _remove(venv)
            print(f"setup: removed the unfinished {venv.name}", file=sys.stderr)
        raise
    files = set(installed.get("files", [])) if installed.get("lock") == digest else set()
    files.add(str(name))
    (venv / STAMP).write_text(json.dumps({"lock": digest, "files": sorted(files)}) + "\n")
    (venv / BUILDING).unlink(missing_ok=True)
    elapsed = time.monotonic() - started
    print(
        f"setup: {venv.name} is ready for {name} after {elapsed // 60:.0f} min {elapsed % 60:.0f} s; "
        f"it takes {_size(venv)} of disk",
        flush=True,
    )


def build_extra_venvs(stacks) -> None:
    """The virtualenvs of their own that the given stacks need."""
    for name, requirements in needs.extra_venvs(stacks).items():
        build_venv(extra_venv_dir(name, chosen_venv()), ROOT / requirements)


def install_project(venv: Path | None = None) -> None:
    """The lab's own packages (pyproject.toml) into ``venv``, editable, once: every command line and
    test imports them from the checkout without touching sys.path."""
    venv = venv or chosen_venv()
    if list((reachable(venv) / "lib").glob("python3*/site-packages/__editable__.interface_lab-*.pth")):
        return
    print(f"setup: installing the lab's own packages into {venv.name} (pip install -e .)", flush=True)
    # Build isolation: pip takes setuptools and wheel (pyproject's build-system) from the package
    # index; a fresh virtualenv has setuptools but no wheel, which an editable build needs.
    result = subprocess.run(
        [
            str(reachable(venv) / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--disable-pip-version-check",
            "-q",
            "-e",
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise StackError(
            "pip could not install the lab's own packages (pip install -e .); the end of its output is below",
            (result.stderr or result.stdout).strip()[-2000:],
        )


def run(target: str = "all", stack_name: str = "") -> None:
    """Set up what ``target`` needs (with ``stack_name``: that stack's packages only)."""
    if target not in TARGETS:
        raise StackError(f"unknown setup target {target!r}; the targets are: {', '.join(TARGETS)}")
    chosen = TARGETS[target]
    stacks = []
    if chosen.stacks:
        stacks = [manifest.find(stack_name)] if stack_name else list(manifest.discover().values())
    install_packages(
        BASE_PACKAGES
        + (COMPILER_PACKAGES if chosen.compiles else [])
        + list(chosen.debian)
        + needs.debian_packages(stacks)
    )
    build_venv(requirements=ROOT / "requirements" / chosen.requirements, compiles=chosen.compiles)
    install_project()
    build_extra_venvs(stacks)
    if target == "all":  # uv for 'make lock' and the test that the locks match their requirements
        build_venv(extra_venv_dir("uv", chosen_venv()), lock.REQUIREMENTS_DIR / "uv.txt")
