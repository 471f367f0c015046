"""Where things are: the checkout, the stacks, the virtualenv, the run directory."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STACKS_DIR = ROOT / "stacks"
APP_DIR = ROOT / "apps" / "hello"
INTERFACES_DIR = ROOT / "interfaces"


def venv_dir() -> Path:
    """The project's virtualenv (``VENV`` overrides ``.venv``), as the checkout names it.

    Under root with a private checkout ``.venv`` is a link to a world-readable
    folder (see setup.py); whatever the service account runs must use
    :func:`reachable` paths, not this one.
    """
    return Path(os.environ.get("VENV", ROOT / ".venv")).absolute()


def reachable(path: Path) -> Path:
    """``path`` with links resolved: the form a process of another account can open."""
    return path.resolve()


def extra_venv_dir(name: str) -> Path:
    """A stack's own virtualenv beside the project's (``.venv-<name>``), for a tool that
    pins its own dependencies (a Django app with its own gunicorn, say)."""
    venv = venv_dir()
    return venv.with_name(f"{venv.name}-{name}")


def run_base(environ=None) -> Path:
    """Where the running stack lives: ``LAB_RUN_DIR`` or a per-user folder in /tmp.

    Not inside the checkout: under root the web servers run as an unprivileged
    account, which must be able to reach the rendered configs and sockets even
    when the checkout sits under a private home directory.
    """
    configured = (os.environ if environ is None else environ).get("LAB_RUN_DIR")
    if configured:
        return Path(configured).absolute()
    return Path("/tmp") / f"interface-lab-{os.getuid()}"
