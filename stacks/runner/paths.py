"""Where things are: the checkout, the stacks, the virtualenv, the run directory."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STACKS_DIR = ROOT / "stacks"
APP_DIR = ROOT / "apps" / "hello"
INTERFACES_DIR = ROOT / "interfaces"


CHECKOUT_VENV = ROOT / ".venv"


def venv_dir(chosen: Path | str | None = None) -> Path:
    """The project's virtualenv: ``chosen`` (``RunOptions.venv``: ``VENV`` at the command line),
    else the checkout's ``.venv``.

    Under root with a private checkout ``.venv`` is a link to a world-readable
    folder (see setup.py); whatever the service account runs must use
    :func:`reachable` paths, not this one.
    """
    return Path(chosen or CHECKOUT_VENV).absolute()


def reachable(path: Path) -> Path:
    """``path`` with links resolved: the form a process of another account can open."""
    return path.resolve()


def extra_venv_dir(name: str, chosen: Path | None = None) -> Path:
    """A stack's own virtualenv beside the project's (``.venv-<name>``), for a tool that
    pins its own dependencies (a Django app with its own gunicorn, say)."""
    venv = venv_dir(chosen)
    return venv.with_name(f"{venv.name}-{name}")


def default_run_dir() -> Path:
    """Where the running stack lives unless a person chose: a per-user folder in /tmp.

    Not inside the checkout: under root the web servers run as an unprivileged
    account, which must be able to reach the rendered configs and sockets even
    when the checkout sits under a private home directory.
    """
    return Path("/tmp") / f"interface-lab-{os.getuid()}"


def default_state_dir(environ=None) -> Path:
    """Where state that must never be wiped lives when nobody chose (not /tmp, which tmp
    cleaners and a tmpfs empty): /var/lib as root, the XDG state folder as a user."""
    environ = os.environ if environ is None else environ
    if os.geteuid() == 0:
        return Path("/var/lib/interface-lab/stacks")
    base = environ.get("XDG_STATE_HOME") or str(Path(environ.get("HOME") or Path.home()) / ".local" / "state")
    return Path(base).absolute() / "interface-lab" / "stacks"


def state_dir(environ=None) -> Path | None:
    """The state folder a command line uses: ``LAB_STATE_DIR``; else the default one when the run
    directory is the default one; else None: inside a chosen run directory (tests, benchmarks)."""
    from stacks.runner import variables

    chosen = variables.chosen("LAB_STATE_DIR", environ)
    if chosen:
        return Path(chosen).absolute()
    return None if variables.chosen("LAB_RUN_DIR", environ) else default_state_dir(environ)


def run_base(environ=None) -> Path:
    """The run directory a command line acts on: ``LAB_RUN_DIR`` in ``environ`` (default: this
    process's, read at the command line), else :func:`default_run_dir`."""
    from stacks.runner import variables

    configured = variables.chosen("LAB_RUN_DIR", environ)
    return Path(configured).absolute() if configured else default_run_dir()
