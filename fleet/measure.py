"""What the running fleet costs: the memory of every process in its namespaces.

Memory is the proportional set size (Pss, from /proc/PID/smaps_rollup) summed
over every process the fleet's namespaces hold: shared pages (Python, nginx)
are counted once across the fleet, not once per process.
"""

from pathlib import Path

from fleet import network
from fleet.run import run


def _pss_kib(pid: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def fleet_memory_mib(namespaces=None) -> tuple:
    """(MiB of Pss summed over the processes of the fleet's namespaces, or of those given; number of processes)."""
    pids = []
    for ns in network.namespaces() if namespaces is None else namespaces:
        pids += run("ip", "netns", "pids", ns, check=False).stdout.split()
    return round(sum(_pss_kib(pid) for pid in pids) / 1024, 1), len(pids)
