"""Running h2load (Debian's nghttp2-client) and reading its report.

h2load speaks HTTP/2 by default and HTTP/1.1 with ``--h1``; over TLS the
protocol is chosen by ALPN, and the report says which one the server took
("Application protocol:"). It does not verify certificates, which is why it is
only ever pointed at this machine's own stacks. The report is text: ``parse``
turns it into numbers, and refuses a report it cannot read rather than guess.
"""

import re
import shutil
import subprocess

UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0}
_FINISHED = re.compile(r"^finished in ([\d.]+)(us|ms|s), ([\d.]+) req/s", re.M)
_REQUESTS = re.compile(r"^requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, "
                       r"(\d+) errored, (\d+) timeout", re.M)
_STATUS = re.compile(r"^status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", re.M)
_TRAFFIC = re.compile(r"^traffic: .*?\((\d+)\) total, .*?\((\d+)\) headers \(space savings ([\d.]+)%\), "
                      r".*?\((\d+)\) data", re.M)
_PROTOCOL = re.compile(r"^Application protocol: (\S+)", re.M)
_TIME = re.compile(r"^time for request:\s+([\d.]+)(us|ms|s)\s+([\d.]+)(us|ms|s)\s+([\d.]+)(us|ms|s)"
                   r"\s+([\d.]+)(us|ms|s)", re.M)


class H2loadError(Exception):
    """h2load missing, failed, or printed a report this module cannot read: one line."""


def _seconds(value: str, unit: str) -> float:
    return float(value) * UNITS[unit]


def parse(text: str) -> dict:
    """The numbers of one h2load report: protocol, requests, statuses, bytes, request times (ms)."""
    found = {name: pattern.search(text) for name, pattern in
             {"finished": _FINISHED, "requests": _REQUESTS, "status": _STATUS, "traffic": _TRAFFIC}.items()}
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
        "requests": total, "done": done, "succeeded": succeeded, "failed": failed, "errored": errored,
        "timeout": timeout,
        "status": dict(zip(("2xx", "3xx", "4xx", "5xx"), (int(x) for x in status.groups()), strict=True)),
        "bytes_total": int(traffic.group(1)), "bytes_headers": int(traffic.group(2)),
        "header_space_savings_percent": float(traffic.group(3)), "bytes_data": int(traffic.group(4)),
    }
    if times:
        values = times.groups()
        result["request_ms"] = {name: round(_seconds(values[i], values[i + 1]) * 1000, 3)
                                for name, i in (("min", 0), ("max", 2), ("mean", 4), ("sd", 6))}
    return result


def command(url: str, requests: int, clients: int, streams: int, h1: bool = False, threads: int = 1,
            prefix: list = ()) -> list:
    """The h2load command line: ``clients`` connections, ``streams`` requests in flight on each
    (HTTP/1.1 has one in flight per connection, so ``streams`` must be 1 with ``h1``)."""
    if h1 and streams != 1:
        raise H2loadError("HTTP/1.1 carries one request at a time per connection: streams must be 1")
    return [*prefix, "h2load", "-n", str(requests), "-c", str(clients), "-m", str(streams), "-t", str(threads),
            *(["--h1"] if h1 else []), url]


def run(url: str, requests: int, clients: int, streams: int, h1: bool = False, prefix: list = (),
        timeout: float = 120) -> dict:
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
    return {**parse(done.stdout), "command": " ".join(argv[len(prefix):])}


def version() -> str:
    """h2load's version ('' when it is missing)."""
    if not shutil.which("h2load"):
        return ""
    done = subprocess.run(["h2load", "--version"], capture_output=True, text=True, timeout=10)
    found = re.search(r"[\d.]+", done.stdout)
    return found.group(0) if found else ""
