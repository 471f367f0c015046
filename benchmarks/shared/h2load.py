"""h2load (Debian's nghttp2-client) as an open-loop load generator, its per-request log parsed.

h2load's ``--rate`` creates *connections* at a fixed rate by the clock (``-r N``
per ``--rate-period``), up to ``-c`` in all, each making ``-n / -c`` requests.
With ``-n`` equal to ``-c`` every connection makes one request, so the request
rate is the connection rate and it does not wait for the server: a stalled
server meets the same arrivals, and their waiting shows in the latencies.
``--log-file`` writes one line per request (start in µs since the epoch,
status, µs to the end of the response; status -1 for a failed one).
"""

import math
import re
import resource
import shutil
import subprocess
from pathlib import Path

from benchmarks.shared import pinning

INACTIVITY_TIMEOUT_SECONDS = 10


def available() -> bool:
    return bool(shutil.which("h2load"))


def version() -> str:
    if not available():
        return ""
    out = subprocess.run(["h2load", "--version"], capture_output=True, text=True)
    return out.stdout.strip().split()[-1] if out.stdout.strip() else ""


def percentile(sorted_values: list, share: float) -> float:
    """The nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(share * len(sorted_values)))
    return sorted_values[rank - 1]


def parse_log(text: str) -> dict:
    """Latency percentiles (ms), counts and the rate the requests really started at."""
    starts, latencies, failed = [], [], 0
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) < 3:
            continue
        start, status, duration = int(fields[0]), int(fields[1]), int(fields[2])
        starts.append(start)
        if status < 200 or status >= 300:
            failed += 1
            continue
        latencies.append(duration / 1000)
    latencies.sort()
    span = (max(starts) - min(starts)) / 1e6 if len(starts) > 1 else 0.0
    return {
        "requests": len(starts),
        "failed": failed,
        "succeeded": len(latencies),
        "achieved_rps": round(len(starts) / span, 1) if span else 0.0,
        "p50_ms": round(percentile(latencies, 0.50), 2),
        "p99_ms": round(percentile(latencies, 0.99), 2),
        "p999_ms": round(percentile(latencies, 0.999), 2),
        "max_ms": round(latencies[-1], 2) if latencies else 0.0,
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def open_loop(url: str, rate: int, seconds: float, log: Path, period_ms: int = 20) -> dict:
    """About ``rate`` requests a second for ``seconds``, one new connection each (HTTP/1.1), on the load core:
    ``per_period`` connections every ``period_ms``, both whole numbers, the rate they make recorded."""
    per_period = max(1, round(rate * period_ms / 1000))
    period_ms = max(1, round(per_period * 1000 / rate))  # whole milliseconds: the slice that makes the rate closest
    total = max(1, round(rate * seconds))
    command = [
        *pinning.prefix(pinning.CLIENT_CPU),
        "h2load",
        "--h1",
        "-t1",
        f"-c{total}",
        f"-n{total}",
        f"-r{per_period}",
        f"--rate-period={period_ms}ms",
        f"--connection-inactivity-timeout={INACTIVITY_TIMEOUT_SECONDS}",
        f"--log-file={log}",
        url,
    ]
    before = _children_cpu()
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds * 3 + 60)
    cpu = _children_cpu() - before
    if done.returncode != 0 or not log.is_file():
        raise RuntimeError("h2load failed: " + " | ".join((done.stdout + done.stderr).strip().splitlines()[-3:]))
    found = parse_log(log.read_text())
    found.update(
        rate=round(per_period * 1000 / period_ms),
        per_period=per_period,
        period_ms=period_ms,
        h2load_cpu_seconds=round(cpu, 2),
    )
    return found


def closed_loop(url: str, connections: int, seconds: float, threads: int = 1) -> dict:
    """h2load as a closed-loop generator (keep-alive, ``-D``): its req/s and its own CPU share, on the load core."""
    command = [
        *pinning.prefix(pinning.CLIENT_CPU),
        "h2load",
        "--h1",
        f"-t{threads}",
        f"-c{connections}",
        f"-D{max(1, round(seconds))}",
        "--warm-up-time=1",
        url,
    ]
    before = _children_cpu()
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    cpu = _children_cpu() - before
    found = re.search(r"finished in ([\d.]+)(m?s), ([\d.]+) req/s", done.stdout)
    if done.returncode != 0 or not found:
        raise RuntimeError("h2load failed: " + " | ".join((done.stdout + done.stderr).strip().splitlines()[-3:]))
    wall = float(found.group(1)) / (1000 if found.group(2) == "ms" else 1)
    failed = re.search(r"requests: .* (\d+) failed", done.stdout)
    return {
        "rps": float(found.group(3)),
        "cpu_percent": round(100 * cpu / (wall + 1), 1),
        "failed": int(failed.group(1)) if failed else 0,
    }
