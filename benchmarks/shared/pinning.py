"""Which core the server side gets and which the load generator gets.

The stack is started with the starting thread on core 0 (``on_server_core``), so
supervisord and every process it starts inherit core 0 *before* they size themselves: gunicorn counts the
cores it may use (sched_getaffinity) and starts (2 x 1) + 1 = 3 workers, nginx
gets ``worker_processes 1``. Every server is then configured as it would be on
a one-core machine, rather than sized for two cores and squeezed onto one.
After start-up every process of the stack is checked, and any that is not on
core 0 is pinned with ``taskset -a -p`` (all its threads). wrk, and this
harness with its /proc sampler, run on core 1.
"""

import contextlib
import functools
import os
import subprocess

SERVER_CPU = 0
CLIENT_CPU = 1
CHOICE = (
    "The stack is started from a thread pinned to core 0 so every process inherits core 0 before it "
    "sizes itself (gunicorn: (2 x 1) + 1 = 3 workers, nginx: 1 worker); any process found "
    "elsewhere after start-up is pinned with 'taskset -a -p'; wrk and the harness run on core 1"
)


@functools.cache
def available() -> bool:
    """Pinning needs taskset and two cores this process may use (checked once, before pinning)."""
    return len(os.sched_getaffinity(0)) >= 2 and _taskset_works()


def _taskset_works() -> bool:
    try:
        return subprocess.run(["taskset", "-p", str(os.getpid())], capture_output=True).returncode == 0
    except FileNotFoundError:
        return False


def prefix(cpu: int) -> list:
    """The command prefix that runs a program on ``cpu`` (nothing when pinning is off)."""
    return ["taskset", "-c", str(cpu)] if available() else []


@contextlib.contextmanager
def on_server_core():
    """Run the block with this thread on the server's core, so the processes it starts (supervisord
    and everything below it) inherit that core before they size themselves; then back."""
    if not available():
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {SERVER_CPU})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def pin_harness() -> None:
    """Keep this process (and the sampler thread) off the server's core."""
    if available():
        os.sched_setaffinity(0, {CLIENT_CPU})


def affinity(pid: int) -> set:
    try:
        return os.sched_getaffinity(pid)
    except OSError:
        return set()


def pin_all(pids: list, cpu: int = SERVER_CPU) -> list:
    """Pin every pid (and all its threads) not already on ``cpu`` alone; return those pinned."""
    if not available():
        return []
    moved = []
    for pid in pids:
        current = affinity(pid)
        if current and current != {cpu}:
            result = subprocess.run(["taskset", "-a", "-p", "-c", str(cpu), str(pid)], capture_output=True)
            if result.returncode == 0:
                moved.append(pid)
    return moved
