"""Who the servers run as.

Started by root (as CI is), nothing serves as root: app processes run as an
unprivileged account (``RunOptions.user``: ``LAB_USER`` at the command line,
default www-data) and web server masters are told to drop to it. Started by an ordinary user, everything runs as that
user and the ``User`` directives are ignored by the servers themselves.
"""

import grp
import os
import pwd
import stat
from pathlib import Path

from stacks.runner.errors import StackError


def is_root() -> bool:
    return os.geteuid() == 0


def service_account(name: str = "www-data") -> tuple:
    """(user, group) the stack serves as: account ``name`` under root, else whoever runs it."""
    if not is_root():
        entry = pwd.getpwuid(os.geteuid())
        return entry.pw_name, grp.getgrgid(entry.pw_gid).gr_name
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        raise StackError(
            f"the service account {name!r} does not exist; create it (useradd --system {name}) "
            "or name another with LAB_USER="
        ) from None
    return entry.pw_name, grp.getgrgid(entry.pw_gid).gr_name


def give_to_service(path: Path, name: str = "www-data") -> None:
    """Make ``path`` owned by the service account ``name`` (a no-op for ordinary users)."""
    if is_root():
        user, group = service_account(name)
        os.chown(path, pwd.getpwnam(user).pw_uid, grp.getgrnam(group).gr_gid)


def unreachable_part(path: Path) -> str:
    """The first folder on the way to ``path`` that others cannot enter, or ''."""
    for part in [*reversed(path.parents), path]:
        try:
            mode = part.stat().st_mode
        except OSError:
            return str(part)
        if not mode & stat.S_IXOTH:
            return str(part)
    return ""
