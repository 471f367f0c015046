"""What the numbers were measured on: the machine, and the versions of every tool.

Throughput means nothing without the CPU, the kernel and the exact server
versions beside it; the load average at the start and end says whether
something else was running at the same time.
"""

import os
import platform
import re
import shutil
import subprocess
import time
from importlib import metadata

from benchmarks.shared import wrk
from stacks.runner import lock
from stacks.runner.paths import ROOT

# Debian programs the stacks run; the version is whatever the first line of "-v" says.
PROGRAMS = {"nginx": ["nginx", "-v"], "apache2": ["apache2", "-v"], "taskset": ["taskset", "--version"]}


VERSION = re.compile(r"\d+(\.\d+)+[\w.+~-]*")


def _first_line(command: list) -> str:
    if not shutil.which(command[0]) and not os.path.exists(f"/usr/sbin/{command[0]}"):
        return ""
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    lines = (out.stdout + out.stderr).strip().splitlines()
    return _version(lines[0]) if lines else ""


def _version(line: str) -> str:
    """The version number in a program's banner ('nginx version: nginx/1.22.1' -> '1.22.1')."""
    found = VERSION.search(line)
    return found.group(0) if found else line.strip()


def _cpu_model() -> str:
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float:
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / (1 << 20), 1)
    except OSError:
        pass
    return 0.0


def _os_name() -> str:
    try:
        text = open("/etc/os-release").read()
    except OSError:
        return platform.system()
    found = re.search(r'^PRETTY_NAME="?([^"\n]*)', text, re.M)
    return found.group(1) if found else platform.system()


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def _cpu_times() -> tuple:
    fields = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields), idle


def busy_percent(seconds: float = 2.0) -> float:
    """How busy all cores are right now, measured over ``seconds``.

    The 1-minute load average still remembers a job that just ended (a previous
    benchmark, say); this says whether something is competing now.
    """
    total_before, idle_before = _cpu_times()
    time.sleep(seconds)
    total_after, idle_after = _cpu_times()
    elapsed = max(total_after - total_before, 1)
    return round(100.0 * (1 - (idle_after - idle_before) / elapsed), 1)


def describe() -> dict:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "os": _os_name(),
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


def _pinned_packages() -> dict:
    """The installed version of every package the stacks' part of the lock holds."""
    names = [entry.name for entry in lock.part(ROOT / "requirements" / "stacks.txt")]
    found = {}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return found


def tools() -> dict:
    versions = {"wrk": _version(wrk.version())}
    versions.update({name: _first_line(command) for name, command in PROGRAMS.items()})
    versions.update(_pinned_packages())
    return {k: v for k, v in versions.items() if v}
