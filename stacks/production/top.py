"""``make top``: a console view of the running production stack, refreshed every few seconds.

Request rate, error rate (5xx) and p99 latency come from two scrapes of the
app's /metrics (added up over every worker); workers and memory from the
process tree under supervisord; Redis from /health; open connections from
nginx's stub_status on its unix socket. The /metrics scrapes themselves are
left out of the rates.

    python -m stacks.production.top [--interval 2] [--iterations N]
"""

import argparse
import http.client
import json
import re
import socket
import sys
import time

from stacks.production.running import Running
from stacks.runner import probe, procfs, proctree
from stacks.runner.errors import StackError, reported

SAMPLE = re.compile(r'^(\w+)\{([^}]*)\} (\S+)$', re.M)
LABEL = re.compile(r'(\w+)="([^"]*)"')


def scrape(running: Running) -> dict:
    """{(name, labels...): value} from /metrics, the scrape's own route left out."""
    status, _, body = probe.request(running.url + "/metrics", running.cafile, timeout=10)
    if status != 200:
        raise StackError(f"/metrics answered {status}: is METRICS_DIR set for the app?")
    samples = {}
    for name, labels, value in SAMPLE.findall(body.decode()):
        label = dict(LABEL.findall(labels))
        if label.get("route") != "/metrics":
            samples[(name, tuple(sorted(label.items())))] = float(value)
    return samples


def rates(before: dict, after: dict, seconds: float) -> dict:
    """Requests and 5xx per second, and the p99 bucket bound, between two scrapes."""
    def total(name, keep=lambda labels: True):
        return sum(v - before.get(k, 0.0) for k, v in after.items() if k[0] == name and keep(dict(k[1])))

    requests = total("hello_requests_total")
    errors = total("hello_requests_total", lambda labels: labels.get("status", "").startswith("5"))
    buckets = {}
    for (name, labels), value in after.items():
        if name == "hello_request_duration_seconds_bucket":
            le = dict(labels)["le"]
            buckets[le] = buckets.get(le, 0.0) + value - before.get((name, labels), 0.0)
    count = buckets.pop("+Inf", 0.0)
    p99 = None
    for bound in sorted(buckets, key=float):
        if count and buckets[bound] >= 0.99 * count:
            p99 = float(bound)
            break
    return {"rps": requests / seconds, "eps": errors / seconds, "requests": requests, "p99": p99, "count": count}


def memory_mb(pids: list) -> float:
    return sum(procfs.rss_bytes(pid) for pid in pids) / 2**20


def nginx_connections(running: Running) -> str:
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(2)
            sock.connect(str(running.base / "var" / "nginx-status.sock"))
            sock.sendall(b"GET / HTTP/1.0\r\nHost: localhost\r\n\r\n")
            reply = sock.recv(4096).decode(errors="replace")
        return re.search(r"Active connections: (\d+)", reply).group(1)
    except (OSError, AttributeError):
        return "?"


def frame(running: Running, numbers: dict) -> str:
    status, _, body = probe.request(running.url + "/health", running.cafile, timeout=10)
    health = json.loads(body) if body.startswith(b"{") else {}
    master = running.rpc().getProcessInfo("gunicorn")["pid"]
    workers = len(proctree.descendants(master))
    everything = [running.state.pid, *proctree.descendants(running.state.pid)]
    p99 = f"{numbers['p99'] * 1000:.0f} ms" if numbers["p99"] is not None else "-"
    error_share = 100 * numbers["eps"] / numbers["rps"] if numbers["rps"] else 0.0
    return "\n".join([
        f"production at {running.url}/   release {health.get('release', '?')}   {time.strftime('%H:%M:%S')}",
        f"  requests   {numbers['rps']:8.1f}/s     errors (5xx) {numbers['eps']:6.1f}/s ({error_share:.1f}%)"
        f"     p99 latency <= {p99}",
        f"  workers    {workers:8d} gunicorn   memory {memory_mb(everything):8.1f} MB RSS (all {len(everything)} processes)",
        f"  redis      {health.get('services', {}).get('redis', '?'):>8}            /health {status}"
        f"     nginx connections {nginx_connections(running)}",
    ])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="make top", description=__doc__.splitlines()[0])
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--iterations", type=int, default=0, help="stop after N frames (0: until Ctrl-C)")
    return reported(watch, parser.parse_args(argv))


def watch(args) -> int:
    """Frames until Ctrl-C (or ``--iterations``)."""
    try:
        running = Running()
        before, then = scrape(running), time.monotonic()
        shown = 0
        while not args.iterations or shown < args.iterations:
            time.sleep(args.interval)
            after, now = scrape(running), time.monotonic()
            text = frame(running, rates(before, after, now - then))
            print(("\033[H\033[J" if sys.stdout.isatty() else "") + text, flush=True)
            before, then, shown = after, now, shown + 1
    except (OSError, http.client.HTTPException) as exc:
        raise StackError(f"the stack did not answer: {exc}") from None
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
