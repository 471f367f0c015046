"""``make fleet-bench``: the fleet against the single-host production stack, side by side in one run.

The same wrk run (benchmarks/shared/wrk.py) against each, over TLS: the fleet through its
load balancer from the client host (the site's name resolved by the fleet's DNS),
the production stack on this machine's loopback, started for the measurement by the
runner people use and stopped after. As in every benchmark here, the server side gets one
core and wrk the other: every process of the fleet is pinned to the server's core
for the run (and let go after), as the production stack is. Both then share that
one core, so the figures say what the extra hops and processes cost, not what more
machines would buy.
"""

import contextlib
import os
import time

from benchmarks.shared import pinning, stack_start, wrk
from fleet import inventory, network, on_host, paths, results
from fleet.run import run

CONNECTIONS = 16
SECONDS = 10
QUICK_SECONDS = 2  # --quick (make fleet-bench QUICK=1, the test): a short run, never the committed figures


@contextlib.contextmanager
def fleet_on_server_core():
    """Pin every process of the fleet to the server's core for the block, then let them go."""
    pids = [int(p) for ns in network.namespaces() for p in run("ip", "netns", "pids", ns).stdout.split()]
    if not pinning.available():
        yield
        return
    everywhere = os.sched_getaffinity(0) | {pinning.SERVER_CPU, pinning.CLIENT_CPU}
    for pid in pids:
        with contextlib.suppress(OSError):
            os.sched_setaffinity(pid, {pinning.SERVER_CPU})
    try:
        yield
    finally:
        for pid in pids:
            with contextlib.suppress(OSError):
                os.sched_setaffinity(pid, everywhere)


def measure(seconds: float = SECONDS) -> dict:
    if paths.BRIDGE_NS not in network.namespaces():
        raise SystemExit("fleet-bench: error: no fleet is running; run 'make fleet-up' first")
    via = tuple(on_host.command("client"))
    with fleet_on_server_core():
        fleet = wrk.run(f"https://{inventory.setting('site_name')}/", CONNECTIONS, seconds, via=via)
    started = stack_start.start("production")
    try:
        production = wrk.run(f"{started.base_url}/", CONNECTIONS, seconds)
    finally:
        stack_start.stop(started)
    return {
        "connections": CONNECTIONS,
        "seconds": seconds,
        "fleet": fleet,
        "production": production,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def main(quick: bool = False) -> None:
    figures = measure(QUICK_SECONDS if quick else SECONDS)
    results.record("bench_quick" if quick else "bench", figures, committed=not quick)
    for name in ("fleet", "production"):
        f = figures[name]
        print(
            f"{name:10} {f['rps']:8.0f} req/s  p50 {f['p50_ms']:6.1f} ms  p99 {f['p99_ms']:6.1f} ms  "
            f"errors {f['errors']}  non-2xx {f['non_2xx']}"
        )
