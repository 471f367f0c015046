"""``make top``: a console view of the running production stack, refreshed every few seconds.

Request rate, error rate (5xx), p99 latency, the busiest routes, Redis, nginx's
open connections and the alerts come from the stack's Prometheus, through its
HTTP API: the recording rules in stacks/production/rules/ compute RED per route
from what it scrapes every few seconds. Workers and memory come from the process
tree under supervisord, which Prometheus does not see.

    python -m stacks.production.top [--interval 2] [--iterations N]
"""

import argparse
import sys
import time

from stacks.production.running import Running
from stacks.runner import procfs, proctree
from stacks.runner.errors import StackError, reported

QUERIES = {
    "rps": "sum(route:hello_requests:rate1m)",
    "eps": "sum(route:hello_request_errors:rate1m)",
    "p99": 'histogram_quantile(0.99, sum by (le) (rate(hello_request_duration_seconds_bucket{route!="/metrics"}[1m])))',
    "redis": "max(redis_up)",
    "connections": "sum(nginx_connections_active)",
    "firing": 'count(ALERTS{alertstate="firing"})',
}
BUSIEST = "topk(4, route:hello_requests:rate1m > 0)"


def numbers(running: Running) -> dict:
    """Every figure of a frame, from Prometheus (None where it has no data yet)."""
    prometheus = running.prometheus
    found = {name: prometheus.scalar(expr) for name, expr in QUERIES.items()}
    errors = {labels.get("route"): value for labels, value in prometheus.query("route:hello_request_errors:rate1m")}
    p99s = {
        labels.get("route"): value for labels, value in prometheus.query("route:hello_request_duration_seconds:p99_1m")
    }
    found["routes"] = [
        (labels.get("route", "?"), value, errors.get(labels.get("route"), 0.0), p99s.get(labels.get("route")))
        for labels, value in sorted(prometheus.query(BUSIEST), key=lambda item: -item[1])
    ]
    return found


def memory_mb(pids: list) -> float:
    return sum(procfs.rss_bytes(pid) for pid in pids) / 2**20


def _ms(seconds) -> str:
    return "-" if seconds is None or seconds != seconds else f"{seconds * 1000:.0f} ms"  # NaN: no requests


def frame(running: Running, found: dict) -> str:
    master = running.rpc().getProcessInfo("gunicorn")["pid"]
    workers = len(proctree.descendants(master))
    everything = [running.state.pid, *proctree.descendants(running.state.pid)]
    rps, eps = found["rps"] or 0.0, found["eps"] or 0.0
    redis = {None: "?", 1.0: "ok"}.get(found["redis"], "down")
    connections = "?" if found["connections"] is None else f"{found['connections']:.0f}"
    lines = [
        f"production at {running.url}/   Prometheus {running.prometheus.url}/   {time.strftime('%H:%M:%S')}",
        f"  requests   {rps:8.1f}/s     errors (5xx) {eps:6.1f}/s ({100 * eps / rps if rps else 0.0:.1f}%)"
        f"     p99 latency {_ms(found['p99'])}",
        f"  workers    {workers:8d} gunicorn   memory {memory_mb(everything):8.1f} MB RSS (all {len(everything)} processes)",
        f"  redis      {redis:>8}            nginx connections {connections}"
        f"     alerts firing {found['firing'] or 0:.0f} (make alerts)",
        "  busiest routes (1 min):" if found["routes"] else "  no requests in the last minute",
    ]
    lines += [
        f"    {route:<10} {rate:8.1f}/s   5xx {errs:6.1f}/s   p99 {_ms(p99)}"
        for route, rate, errs, p99 in found["routes"]
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="make top", description=__doc__.splitlines()[0])
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--iterations", type=int, default=0, help="stop after N frames (0: until Ctrl-C)")
    return reported(watch, parser.parse_args(argv))


def watch(args) -> int:
    """Frames until Ctrl-C (or ``--iterations``)."""
    try:
        running = Running()
        shown = 0
        while not args.iterations or shown < args.iterations:
            text = frame(running, numbers(running))
            print(("\033[H\033[J" if sys.stdout.isatty() else "") + text, flush=True)
            shown += 1
            if not args.iterations or shown < args.iterations:
                time.sleep(args.interval)
    except OSError as exc:
        raise StackError(f"the stack did not answer: {exc}") from None
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
