"""Processes below a pid, and those of a run directory: for the run summary and the leak check."""

from stacks.runner import procfs


def children(pid: int, parents: dict | None = None) -> list:
    """The live processes whose parent is ``pid`` (a master's workers), lowest pid first."""
    parents = procfs.parents() if parents is None else parents
    return sorted(p for p, parent in parents.items() if parent == pid)


def descendants(pid: int) -> list:
    """Every live process below ``pid``, nearest first."""
    parents = procfs.parents()
    found, frontier = [], [pid]
    while frontier:
        below = children(frontier.pop(0), parents)
        found.extend(below)
        frontier.extend(below)
    return found


def of_run(run) -> list:
    """Every live process started under the supervisord of ``run``, orphans included.

    supervisord puts SUPERVISOR_SERVER_URL in each program's environment and every
    child inherits it, so a worker whose master was killed (re-parented to init,
    outside supervisord's tree and process group) is still found by it.
    """
    marker = f"SUPERVISOR_SERVER_URL=unix://{run}/supervisor.sock".encode()
    return [pid for pid in procfs.pids() if marker in procfs.environ_entries(pid)]
