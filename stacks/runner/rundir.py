"""The run directory: a release copy of the app, rendered configs, logs, sockets.

Laid out fresh at every start::

    <run>/release/   hello/ and interfaces/, copied world-readable
    <run>/conf/      every rendered template
    <run>/logs/      one log per program, and supervisord's own
    <run>/var/       sockets, pid files, temp files: writable by the service account
    <run>/state/<stack>/  what must survive stop and start (databases, a local CA,
                     releases): never wiped, owned by the service account. ``<run>/state``
                     links to the state folder (LAB_STATE_DIR; by default /var/lib/...
                     as root, ~/.local/state/... as a user), since /tmp is emptied by tmp
                     cleaners and tmpfs; with a chosen LAB_RUN_DIR it is a folder there.

The release copy is what lets Apache's /usr/bin/python3 or a worker running as
www-data read the app even when the checkout itself is private.
"""

import os
import shutil
from pathlib import Path

from stacks.runner import account
from stacks.runner.errors import StackError
from stacks.runner.paths import APP_DIR, INTERFACES_DIR

IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc")


def _make_readable(top: Path) -> None:
    for folder, _dirs, files in os.walk(top):
        os.chmod(folder, 0o755)
        for name in files:
            path = Path(folder, name)
            os.chmod(path, 0o755 if os.access(path, os.X_OK) else 0o644)


def prepare(run: Path, user: str = "www-data") -> dict:
    """Lay out a fresh run directory (``var/`` the service account ``user``'s); return the folders as template values."""
    unreachable = account.unreachable_part(run.parent)
    if account.is_root() and unreachable:
        raise StackError(
            f"the run directory {run} is not reachable by {account.service_account(user)[0]} "
            f"because {unreachable} is private; choose another with LAB_RUN_DIR=/tmp/interface-lab"
        )
    for sub in ("release", "conf", "var", "logs"):
        shutil.rmtree(run / sub, ignore_errors=True)
    run.mkdir(parents=True, exist_ok=True)
    os.chmod(run, 0o755)
    release = run / "release"
    shutil.copytree(APP_DIR, release / APP_DIR.name, ignore=IGNORE)
    if INTERFACES_DIR.is_dir():
        shutil.copytree(INTERFACES_DIR, release / "interfaces", ignore=IGNORE)
    _make_readable(release)
    for sub in ("conf", "logs", "var"):
        (run / sub).mkdir(mode=0o755)
    account.give_to_service(run / "var", user)
    return folders(run)


def folders(run: Path, stack: str = "") -> dict:
    """The run directory's folders as template values (``state`` too, given the stack), made or not."""
    named = {"run": run, "release": run / "release", "conf": run / "conf", "logs": run / "logs", "var": run / "var"}
    return {**named, "state": run / "state" / stack} if stack else named


def link_state(run: Path, target: Path) -> None:
    """Make ``<run>/state`` a link to ``target``; a state folder of the old layout (a real folder
    under /tmp) is moved there first, stack by stack, never over one that exists."""
    target.mkdir(parents=True, exist_ok=True)
    for part in [target, *[p for p in target.parents if p.name == "interface-lab"]]:
        os.chmod(part, 0o755)  # the service account passes through to its stack's folder
    link = run / "state"
    if link.is_symlink():
        if link.resolve() == target.resolve():
            return
        link.unlink()
    elif link.is_dir():
        for old in sorted(link.iterdir()):
            if (target / old.name).exists():
                raise StackError(f"{old} and {target / old.name} both hold state; keep one and remove the other")
            shutil.move(str(old), target / old.name)
            print(f"moved the state of {old.name!r} from {old} to {target / old.name}, where it is never wiped")
        link.rmdir()
    link.symlink_to(target)


def state_folder(run: Path, stack: str, user: str = "www-data", state_dir: Path | None = None) -> Path:
    """The stack's persistent state folder, made if missing and never wiped."""
    if state_dir is not None:
        link_state(run, state_dir)
    folder = folders(run, stack)["state"]
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder.parent, 0o755)
    os.chmod(folder, 0o755)
    account.give_to_service(folder, user)
    return folder
