"""Processes below a pid, read from /proc: for the run summary and the leak check."""

from pathlib import Path


def _parents() -> dict:
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        # the command name is in parentheses and may hold spaces
        fields = text[text.rindex(")") + 2:].split()
        parents[int(stat.parent.name)] = int(fields[1])
    return parents


def descendants(pid: int) -> list:
    """Every live process below ``pid``, nearest first."""
    parents = _parents()
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop(0)
        children = sorted(p for p, parent in parents.items() if parent == current)
        found.extend(children)
        frontier.extend(children)
    return found


def of_run(run) -> list:
    """Every live process started under the supervisord of ``run``, orphans included.

    supervisord puts SUPERVISOR_SERVER_URL in each program's environment and every
    child inherits it, so a worker whose master was killed (re-parented to init,
    outside supervisord's tree and process group) is still found by it.
    """
    marker = f"SUPERVISOR_SERVER_URL=unix://{run}/supervisor.sock".encode()
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if marker in environ.read_bytes().split(b"\0"):
                found.append(int(environ.parent.name))
        except OSError:
            continue
    return sorted(found)


def command_line(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()


def owner(pid: int) -> str:
    import pwd

    try:
        return pwd.getpwuid(Path(f"/proc/{pid}").stat().st_uid).pw_name
    except (OSError, KeyError):
        return "?"
