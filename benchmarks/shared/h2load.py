"""h2load (Debian's nghttp2-client): its summary report read, and as an open-loop load generator.

``run`` and ``parse`` read the report every h2load run prints (the protocol ALPN
chose, requests, statuses, header bytes, request times): HTTP/1.1 against HTTP/2
(benchmarks/edge/) and the closed-loop ceiling (benchmarks/tuning/) read it the
same way; a report this module cannot read is an error, never a guess.

h2load's ``--rate`` creates *connections* at a fixed rate by the clock (``-r N``
per ``--rate-period``), up to ``-c`` in all, each making ``-n / -c`` requests.
With ``-n`` equal to ``-c`` every connection makes one request, so the request
rate is the connection rate and it does not wait for the server: a stalled
server meets the same arrivals, and their waiting shows in the latencies.
``--log-file`` writes one line per request (start in µs since the epoch,
status, µs to the end of the response; status -1 for a failed one).

That status is 0 for a complete answer whose status line has no reason phrase
(``HTTP/1.1 200 ``, which RFC 9112 allows and hypercorn's h11 sends): h2load's
HTTP/1.1 parser hands it the code only together with the phrase, so it records
no code and reports the answer as failed. The open-loop run therefore reads the
codes from the wire as well (``-v`` echoes every byte h2load reads) and counts an
answer failed by its real status, never for a phrase the server left out.
"""

import math
import re
import resource
import shutil
import subprocess
from pathlib import Path

from benchmarks.shared import pinning

INACTIVITY_TIMEOUT_SECONDS = 10
UNREAD = 0  # the log's status for a complete answer whose status line h2load could not read
_WIRE_STATUS = re.compile(r"HTTP/1\.[01] (\d{3})[ \r]")  # a status line in what -v echoes
UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0}
_FINISHED = re.compile(r"^finished in ([\d.]+)(us|ms|s), ([\d.]+) req/s", re.M)
_REQUESTS = re.compile(
    r"^requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, "
    r"(\d+) errored, (\d+) timeout",
    re.M,
)
_STATUS = re.compile(r"^status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", re.M)
_TRAFFIC = re.compile(
    r"^traffic: .*?\((\d+)\) total, .*?\((\d+)\) headers \(space savings ([\d.]+)%\), "
    r".*?\((\d+)\) data",
    re.M,
)
_PROTOCOL = re.compile(r"^Application protocol: (\S+)", re.M)
_TIME = re.compile(
    r"^time for request:\s+([\d.]+)(us|ms|s)\s+([\d.]+)(us|ms|s)\s+([\d.]+)(us|ms|s)"
    r"\s+([\d.]+)(us|ms|s)",
    re.M,
)


class H2loadError(Exception):
    """h2load missing, failed, or printed a report this module cannot read: one line."""


def _seconds(value: str, unit: str) -> float:
    return float(value) * UNITS[unit]


def parse(text: str) -> dict:
    """The numbers of one h2load report: protocol, requests, statuses, bytes, request times (ms)."""
    found = {
        name: pattern.search(text)
        for name, pattern in {
            "finished": _FINISHED,
            "requests": _REQUESTS,
            "status": _STATUS,
            "traffic": _TRAFFIC,
        }.items()
    }
    missing = [name for name, match in found.items() if match is None]
    if missing:
        raise H2loadError(f"h2load's report lacks its {', '.join(missing)} line(s): {text.strip()[-200:]!r}")
    finished, requests, status, traffic = (found[k] for k in ("finished", "requests", "status", "traffic"))
    protocol = _PROTOCOL.search(text)
    times = _TIME.search(text)
    total, started, done, succeeded, failed, errored, timeout = (int(x) for x in requests.groups())
    result = {
        "protocol": protocol.group(1) if protocol else "",
        "seconds": round(_seconds(*finished.groups()[:2]), 4),
        "requests_per_second": float(finished.group(3)),
        "requests": total,
        "done": done,
        "succeeded": succeeded,
        "failed": failed,
        "errored": errored,
        "timeout": timeout,
        "status": dict(zip(("2xx", "3xx", "4xx", "5xx"), (int(x) for x in status.groups()), strict=True)),
        "bytes_total": int(traffic.group(1)),
        "bytes_headers": int(traffic.group(2)),
        "header_space_savings_percent": float(traffic.group(3)),
        "bytes_data": int(traffic.group(4)),
    }
    if times:
        values = times.groups()
        result["request_ms"] = {
            name: round(_seconds(values[i], values[i + 1]) * 1000, 3)
            for name, i in (("min", 0), ("max", 2), ("mean", 4), ("sd", 6))
        }
    return result


def command(
    url: str, requests: int, clients: int, streams: int, h1: bool = False, threads: int = 1, prefix: list = ()
) -> list:
    """The h2load command line: ``clients`` connections, ``streams`` requests in flight on each
    (HTTP/1.1 has one in flight per connection, so ``streams`` must be 1 with ``h1``)."""
    if h1 and streams != 1:
        raise H2loadError("HTTP/1.1 carries one request at a time per connection: streams must be 1")
    return [
        *prefix,
        "h2load",
        "-n",
        str(requests),
        "-c",
        str(clients),
        "-m",
        str(streams),
        "-t",
        str(threads),
        *(["--h1"] if h1 else []),
        url,
    ]


def run(
    url: str, requests: int, clients: int, streams: int, h1: bool = False, prefix: list = (), timeout: float = 120
) -> dict:
    """Run h2load once and return ``parse`` of its report (and the command line it ran)."""
    if not shutil.which("h2load"):
        raise H2loadError("h2load is missing: 'apt-get install nghttp2-client' (make setup does it as root)")
    argv = command(url, requests, clients, streams, h1, prefix=prefix)
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise H2loadError(f"h2load ran past {timeout} s: {' '.join(argv)}") from None
    if done.returncode != 0:
        raise H2loadError(f"h2load exited {done.returncode}: {(done.stderr or done.stdout).strip()[-300:]}")
    return {**parse(done.stdout), "command": " ".join(argv[len(prefix) :])}


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


def wire_statuses(echoed: str) -> dict:
    """How many answers of each status code h2load read (``-v`` output): code -> count."""
    counts = {}
    for code in _WIRE_STATUS.findall(echoed):
        counts[int(code)] = counts.get(int(code), 0) + 1
    return counts


def parse_log(text: str, wire: dict | None = None) -> dict:
    """Latency percentiles (ms), counts and the rate the requests really started at.

    A line of status 0 is an answer whose code h2load could not read: with the
    codes read off the wire (``wire``, from :func:`wire_statuses`) it counts as the
    wire says (the wire's non-2xx answers beyond those the log names are failed);
    without them it cannot be told from a failure and counts as one.
    """
    starts, latencies, failed, unread, unread_latencies = [], [], 0, 0, []
    logged_errors = 0
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) < 3:
            continue
        start, status, duration = int(fields[0]), int(fields[1]), int(fields[2])
        starts.append(start)
        if status == UNREAD:
            unread += 1
            unread_latencies.append(duration / 1000)
            continue
        if status < 200 or status >= 300:
            failed += 1
            logged_errors += status > 0
            continue
        latencies.append(duration / 1000)
    if unread and wire is not None:
        wire_errors = sum(count for code, count in wire.items() if not 200 <= code < 300)
        unread_errors = min(unread, max(0, wire_errors - logged_errors))
        failed += unread_errors
        # which of the unread answers were the errors is not known: the latencies keep them all
        latencies += unread_latencies
    else:
        failed += unread
        unread_errors = unread
    latencies.sort()
    span = (max(starts) - min(starts)) / 1e6 if len(starts) > 1 else 0.0
    return {
        "requests": len(starts),
        "failed": failed,
        "succeeded": len(starts) - failed,
        "status_unread_by_h2load": unread,
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
        "-v",  # echoes what it reads: the status codes, also those the log cannot show (see parse_log)
        url,
    ]
    before = _children_cpu()
    done = subprocess.run(command, capture_output=True, text=True, errors="replace", timeout=seconds * 3 + 60)
    cpu = _children_cpu() - before
    if done.returncode != 0 or not log.is_file():
        raise RuntimeError("h2load failed: " + " | ".join((done.stdout + done.stderr).strip().splitlines()[-3:]))
    found = parse_log(log.read_text(), wire_statuses(done.stdout))
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
    if done.returncode != 0:
        raise RuntimeError("h2load failed: " + " | ".join((done.stdout + done.stderr).strip().splitlines()[-3:]))
    try:
        report = parse(done.stdout)
    except H2loadError as exc:
        raise RuntimeError(str(exc)) from None
    return {
        "rps": report["requests_per_second"],
        "cpu_percent": round(100 * cpu / (report["seconds"] + 1), 1),
        "failed": report["failed"],
    }
