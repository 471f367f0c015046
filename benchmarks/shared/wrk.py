"""One wrk run on the load generator's core, its numbers as a dict.

wrk's figures come from ``report.lua``, whose ``done()`` hook prints them as
JSON, rather than from its text output. wrk's own CPU time comes from the
kernel's accounting of the finished child (getrusage), so a run where wrk
itself used up its core can be flagged: then the server was not the limit.
"""

import json
import resource
import shutil
import subprocess
from pathlib import Path

from benchmarks.shared import pinning

SCRIPT = Path(__file__).resolve().parent / "report.lua"
MARK = "WRK_JSON "


def version() -> str:
    if not shutil.which("wrk"):
        return ""
    out = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    return (out.stdout or out.stderr).splitlines()[0].split(" [")[0] if (out.stdout or out.stderr) else ""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def parse(output: str) -> dict:
    """The JSON line ``report.lua`` printed, or an error naming what wrk said instead."""
    for line in output.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK) :])
    raise RuntimeError("wrk printed no result: " + " | ".join(output.strip().splitlines()[-3:]))


def run(url: str, connections: int, seconds: float, threads: int = 1, timeout: float = 10, via: tuple = ()) -> dict:
    """Load ``url`` for ``seconds`` with ``connections`` keep-alive connections (``via``: a command
    prefix wrk runs behind, e.g. nsenter into a fleet host)."""
    command = [
        *via,
        *pinning.prefix(pinning.CLIENT_CPU),
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        f"--timeout={timeout:g}s",
        "-s",
        str(SCRIPT),
        url,
    ]
    before = _children_cpu()
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + timeout + 30)
    cpu = _children_cpu() - before
    raw = parse(result.stdout + result.stderr)
    wall = raw["duration_us"] / 1e6 or seconds
    return {
        "requests": raw["requests"],
        "rps": raw["requests"] / wall,
        "p50_ms": raw["p50_us"] / 1000,
        "p90_ms": raw["p90_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "errors": raw["connect"] + raw["read"] + raw["write"] + raw["timeout"],
        "non_2xx": raw["status"],
        "wrk_cpu_percent": 100 * cpu / wall,
        "seconds": wall,
    }
