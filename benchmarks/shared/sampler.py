"""CPU and peak memory of every process of a stack while it is under load.

A background thread reads /proc/<pid>/stat (CPU ticks) and /proc/<pid>/status
(VmRSS) of all the stack's processes a few times a second. CPU is each
process's own time plus that of children it reaped (cutime/cstime). Memory is
the largest sum of VmRSS seen; forked workers share pages, so the sum
overstates what they cost together, equally for every stack that forks.

Per-request CGI processes escape this: fcgiwrap ignores SIGCHLD, so the kernel
reaps its children and drops their times, and Apache's CGI children show in no
parent's cutime either. So the busy time of the server's core (/proc/stat) is
recorded too: it includes those processes and the kernel's own work on the
loopback connections, and on a quiet machine it is what the stack costs in full.
"""

import threading
import time

from stacks.runner.procfs import cpu_seconds, rss_bytes


def core_times(core: int) -> tuple:
    """(busy, total) jiffies of one core since boot, from /proc/stat."""
    with open("/proc/stat") as stat:
        for line in stat:
            if line.startswith(f"cpu{core} "):
                values = [int(v) for v in line.split()[1:]]
                idle = values[3] + values[4]  # idle, iowait
                return sum(values) - idle, sum(values)
    return 0, 0


class Sampler:
    """Sample the processes ``list_pids()`` returns until ``stop()``; then read the totals."""

    def __init__(self, list_pids, interval: float = 0.25, core: int | None = None) -> None:
        self._list_pids = list_pids
        self._core = core
        self._core_first = self._core_last = (0, 0)
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._first: dict = {}
        self._last: dict = {}
        self.peak_rss = 0
        self._began = self._ended = 0.0

    def _snapshot(self) -> dict:
        return {pid: cpu for pid in self._list_pids() if (cpu := cpu_seconds(pid)) is not None}

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            pids = self._list_pids()
            self.peak_rss = max(self.peak_rss, sum(rss_bytes(pid) for pid in pids))
            self._last.update({pid: cpu for pid in pids if (cpu := cpu_seconds(pid)) is not None})

    def __enter__(self):
        self._first = self._snapshot()
        if self._core is not None:
            self._core_first = core_times(self._core)
        self._began = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._ended = time.monotonic()
        if self._core is not None:
            self._core_last = core_times(self._core)
        self._last.update(self._snapshot())

    @property
    def cpu_percent(self) -> float:
        """Server-side CPU over the run, in percent of one core."""
        used = sum(cpu - self._first.get(pid, 0.0) for pid, cpu in self._last.items())
        wall = self._ended - self._began
        return 100 * used / wall if wall > 0 else 0.0

    @property
    def core_busy_percent(self) -> float | None:
        """How busy the server's core was over the run, whoever used it; None when not pinned."""
        total = self._core_last[1] - self._core_first[1]
        return 100 * (self._core_last[0] - self._core_first[0]) / total if total > 0 else None

    @property
    def rss_mib(self) -> float:
        return self.peak_rss / (1 << 20)
