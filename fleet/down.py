"""``make fleet-down``: remove every process, namespace, link, route and file the fleet made.

Processes are found by namespace (``ip netns pids``), so only the fleet's own
are ended; links and namespaces by the ``ilab-`` prefix; the folders the hosts'
mounts sat on from the record fleet-up kept. It says what it removed.
"""

import shutil
from pathlib import Path

from fleet import host, network, paths, playbook


def main() -> None:
    playbook.close_connections()
    ended = []
    for ns in network.namespaces():
        ended += host.end_processes(ns)
    removed = network.remove()
    made = paths.fleet_dir() / "made-paths"
    for line in reversed(made.read_text().split()) if made.exists() else []:
        try:
            Path(line).rmdir()
            removed.append(f"folder {line}")
        except OSError as exc:
            print(f"fleet-down: warning: left {line}: {exc.strerror}")
    if paths.fleet_dir().exists():
        shutil.rmtree(paths.fleet_dir())
        removed.append(f"folder {paths.fleet_dir()}")
    if not removed and not ended:
        print("fleet-down: no fleet was running; nothing to remove")
        return
    namespaces = sum(1 for r in removed if r.startswith("namespace"))
    print(
        f"fleet-down: ended {len(ended)} processes; removed {namespaces} namespaces, "
        + ", ".join(r for r in removed if not r.startswith(("namespace", "process")))
    )
