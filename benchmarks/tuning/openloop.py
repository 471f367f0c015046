"""Open-loop latency beside wrk's closed-loop figure, at shares of each stack's capacity.

On one fresh, verified, pinned start of a stack (shipped configuration): wrk
measures its capacity and closed-loop latency on Hello, World! at the
connections ``make bench`` uses, then h2load sends requests at fixed rates
below that capacity (``[open_loop] shares``), one new connection per request,
scheduled by the clock; p50/p99/p99.9 from its per-request log. The capacity
is measured in the same start, so a loaded machine lowers both sides alike.
"""

import tempfile
import time
from pathlib import Path

from benchmarks.matrix import settings as bench_settings
from benchmarks.matrix import verify
from benchmarks.shared import h2load, machine, pinning, stack_start, wrk
from benchmarks.tuning import run as tuning_run
from benchmarks.tuning.settings import TuningSettings
from stacks.runner import manifest
from stacks.runner.errors import StackError
from stacks.runner.options import RunOptions

QUICK_SECONDS = 1  # each rate of a quick run


def one_stack(name: str, tuning: TuningSettings, bench, seconds: float, folder: Path, open_seconds: float) -> dict:
    stack = manifest.find(name)
    started = stack_start.start(name, RunOptions(python_env=bench.python_env))
    try:
        reason = verify.verify(stack, started.base_url, started.state.cafile)
        if reason:
            return {"name": name, "reason": f"verification failed: {reason}"}
        url = started.base_url + bench.path
        connections = tuning_run.cpu_connections(bench, name)
        wrk.run(url, tuning.primer_connections, 1, bench.wrk_threads, bench.wrk_timeout_seconds)
        seconds = tuning_run.cpu_seconds(bench, name, seconds)  # a process per request: the matrix's longer runs
        closed = wrk.run(url, connections, seconds, bench.wrk_threads, bench.wrk_timeout_seconds)
        capacity = closed["rps"]
        entry = {
            "name": name,
            "capacity_rps": round(capacity, 1),
            "connections": connections,
            "reason": "",
            "closed_loop": {k: round(closed[k], 2) for k in ("p50_ms", "p90_ms", "p99_ms")},
            "rates": [],
        }
        for share in tuning.open_loop.shares:
            rate = min(max(1, round(capacity * share)), tuning.open_loop.max_rate)
            found = h2load.open_loop(
                url, rate, open_seconds, folder / f"{name}-{share}.log", tuning.open_loop.rate_period_ms
            )
            found.update(share=share, capped=rate < round(capacity * share))
            entry["rates"].append(found)
            print(
                f"    {name}: {share:.0%} of {capacity:,.0f} = {found['rate']:,} req/s asked, "
                f"{found['achieved_rps']:,.0f} made: p50 {found['p50_ms']} ms, p99 {found['p99_ms']} ms, "
                f"p99.9 {found['p999_ms']} ms, {found['failed']} failed",
                flush=True,
            )
        return entry
    finally:
        stack_start.stop(started)


def measure(names: list, tuning: TuningSettings, quick: bool) -> dict:
    """Every named stack in turn (less those left out); a stack that fails says why and the others go on."""
    names = [n for n in names if n not in tuning.open_loop.left_out]
    bench = bench_settings.load(quick)
    pinning.pin_harness()
    load_start = machine.load_average()
    began = time.monotonic()
    stacks = []
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            try:
                stacks.append(
                    one_stack(
                        name,
                        tuning,
                        bench,
                        tuning.profile(quick).seconds,
                        Path(folder),
                        QUICK_SECONDS if quick else tuning.open_loop.seconds,
                    )
                )
            except (RuntimeError, StackError) as exc:
                stacks.append({"name": name, "reason": str(exc)})
                print(f"    {name}: FAILED: {exc}", flush=True)
    return {
        "schema": 1,
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "quick": quick,
        "load_average_start": load_start,
        "load_average_end": machine.load_average(),
        "machine": machine.describe(),
        "h2load": h2load.version(),
        "seconds": QUICK_SECONDS if quick else tuning.open_loop.seconds,
        "rate_period_ms": tuning.open_loop.rate_period_ms,
        "pinning": pinning.available(),
        "elapsed_seconds": round(time.monotonic() - began, 1),
        "stacks": [s for s in stacks if not s["reason"]],
        "left_out": dict(tuning.open_loop.left_out),
        "failed": {s["name"]: s["reason"] for s in stacks if s["reason"]},
    }
