"""The image's two upper layers, staged as folders: the app server, then the release.

    server   /opt/hello/venv/                 gunicorn and what it needs, as requirements/lock.txt pins them
             /opt/hello/gunicorn_conf.py      the lab's gunicorn settings (interfaces/gunicorn/)
    release  /srv/hello/releases/<id>/        the release ``make deploy`` builds (stacks/production/releases.py):
                                              hello/, venv/ (requirements/app.txt), RELEASE, DIGEST
             /srv/hello/current -> releases/<id>

The split is production's: gunicorn is the process manager's layer and changes
rarely; a release changes with every commit, so a new image of a new commit
ships one small top layer on an unchanged base and server.

Both virtualenvs are built on the host with Debian's /usr/bin/python3 — the very
interpreter the base layer installs (the build checks the version) — and then
made to run anywhere: what names the build folder (activate scripts, console
scripts' #! lines, pyvenv.cfg's ``command``) and the installers the app never
imports (pip, setuptools) are removed; the processes start as
``venv/bin/python -m gunicorn``. The byte-code pip wrote is removed too: a .pyc
names the folder it was compiled in (the build folder, not the image's) and
Python 3.11's marshal does not always write the same bytes twice; Python
compiles the few modules a worker imports when it starts.
"""

import shutil
import sys
from pathlib import Path, PurePosixPath

from stacks.production import releases
from stacks.runner import lock
from stacks.runner.paths import APP_DIR, INTERFACES_DIR, ROOT

SERVER_HOME = PurePosixPath("/opt/hello")
SERVER_VENV = SERVER_HOME / "venv"
GUNICORN_CONF = SERVER_HOME / "gunicorn_conf.py"
RELEASES_HOME = PurePosixPath("/srv/hello")
CURRENT = RELEASES_HOME / "current"
SERVER_PACKAGES = {"gunicorn"}  # the app process's server; its version and hashes come from the lock
PYTHON = f"python{sys.version_info.major}.{sys.version_info.minor}"
INSTALLERS = ("pip", "setuptools", "_distutils_hack", "pkg_resources", "distutils-precedence.pth")
KEEP_IN_BIN = ("python", "python3", PYTHON)


def inside(stage: Path, path: PurePosixPath) -> Path:
    """Where an image path is in a staging folder."""
    return stage / path.relative_to("/")


def portable(venv: Path, image_path: PurePosixPath) -> None:
    """Remove from a virtualenv what names its build folder, its byte-code and the installers."""
    for entry in (venv / "bin").iterdir():
        if entry.name not in KEEP_IN_BIN:
            entry.unlink()
    site = venv / "lib" / PYTHON / "site-packages"
    for entry in site.iterdir():
        if entry.name.split("-")[0] in INSTALLERS or entry.name in INSTALLERS:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    for cache in sorted(venv.rglob("__pycache__"), reverse=True):
        shutil.rmtree(cache)
    config = venv / "pyvenv.cfg"
    lines = [line for line in config.read_text().splitlines() if not line.startswith("command =")]
    config.write_text("\n".join([*lines, f"command = /usr/bin/python3 -m venv {image_path}"]) + "\n")


def server_pins() -> str:
    """gunicorn and its dependencies as the project's lock pins them, with hashes (pip --require-hashes)."""
    entries = lock.with_dependencies(lock.entries(lock.MAIN_LOCK), SERVER_PACKAGES)
    return "# the image's server layer: its part of requirements/lock.txt\n" + "".join(
        "\n".join(entry.text) + "\n" for entry in entries
    )


def stage_server(stage: Path) -> Path:
    """The server layer's folder: gunicorn's virtualenv (installed hash-checked from the lock) and its settings."""
    shutil.rmtree(stage, ignore_errors=True)
    venv = inside(stage, SERVER_VENV)
    venv.parent.mkdir(parents=True)
    pins = stage.parent / "server.lock.txt"  # beside the layer's folder, not in it
    pins.write_text(server_pins())
    releases.make_venv(venv, pins)
    portable(venv, SERVER_VENV)
    shutil.copy(INTERFACES_DIR / "gunicorn" / "gunicorn_conf.py", inside(stage, GUNICORN_CONF))
    return stage


def stage_release(stage: Path) -> Path:
    """The release layer's folder; returns the release's folder in it (its name is the release id)."""
    shutil.rmtree(stage, ignore_errors=True)
    home = inside(stage, RELEASES_HOME)
    home.mkdir(parents=True)
    release = releases.build(home, APP_DIR.parent, ROOT, reuse_environment=False)  # the layer holds it whole
    portable(release / "venv", RELEASES_HOME / "releases" / release.name / "venv")
    releases.switch(home, release)
    return release
