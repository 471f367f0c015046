"""The physical limits beside the sweep: the CGI floor, and the ceiling from a generator that does not saturate.

CGI: every request starts an interpreter. The floor is measured on the
server's core: ``python3 -I -S -c pass`` (the interpreter alone), then the
same interpreter importing what the CGI script imports, from the cgi stack's
compiled release copy; the ``cgi`` and ``fcgiwrap`` stacks' cost per request
is wrk's at one connection (1000 / req/s), set against both.

The ceiling: wrk with one thread on the load core may use all of that core
before nginx uses all of its own. The same ``static`` start is measured by wrk
with one thread, wrk with two threads on the same core, and h2load; a
generator at or above the saturation share of its core gives a lower bound.
"""

import statistics
import subprocess
import time

from benchmarks.matrix import settings as bench_settings
from benchmarks.shared import h2load, machine, pinning, stack_start, wrk
from stacks.runner.options import RunOptions

CGI_IMPORTS = "import sys; sys.path.insert(0, {release!r}); import wsgiref.handlers, hello.wsgi"
CGI_STACKS = ("cgi", "fcgiwrap")


def _per_start_ms(command: list, env: dict, count: int, batches: int = 3) -> float:
    """Milliseconds one run of ``command`` takes on the server's core: the median of ``batches``."""
    timings = []
    for _ in range(batches):
        began = time.perf_counter()
        for _ in range(count):
            subprocess.run(
                [*pinning.prefix(pinning.SERVER_CPU), *command],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                stdin=subprocess.DEVNULL,
            )
        timings.append((time.perf_counter() - began) * 1000 / count)
    return round(statistics.median(timings), 2)


def cgi_floor(quick: bool) -> dict:
    bench = bench_settings.load(quick)
    seconds = 2 if quick else 5
    count = 5 if quick else 20
    load_start = machine.load_average()
    stacks, floor = {}, {}
    for name in CGI_STACKS:
        started = stack_start.start(name, RunOptions(python_env=bench.python_env))
        try:
            if not floor:
                env = {"PATH": "/usr/bin:/bin", "PYTHON_ENV": bench.python_env}
                imports = CGI_IMPORTS.format(release=str(started.run / "release"))
                floor = {
                    "bare_ms": _per_start_ms(["/usr/bin/python3", "-I", "-S", "-c", "pass"], env, count),
                    "imports_ms": _per_start_ms(["/usr/bin/python3", "-I", "-S", "-c", imports], env, count),
                }
            measured = wrk.run(started.base_url + bench.path, 1, seconds, 1, bench.wrk_timeout_seconds)
            stacks[name] = round(1000 / measured["rps"], 2) if measured["rps"] else None
            print(f"    {name}: {stacks[name]} ms per request", flush=True)
        finally:
            stack_start.stop(started)
    print(f"    floor: interpreter {floor['bare_ms']} ms, with the script's imports {floor['imports_ms']} ms")
    return {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "quick": quick,
        "load_average_start": load_start,
        "load_average_end": machine.load_average(),
        "python": "/usr/bin/python3 -I -S",
        "floor": floor,
        "stacks": stacks,
        "pinned": pinning.available(),
    }


def ceiling(quick: bool) -> dict:
    bench = bench_settings.load(quick)
    seconds = 2 if quick else 5
    connections = max(bench.plan("static").connections)
    load_start = machine.load_average()
    started = stack_start.start("static", RunOptions(python_env=bench.python_env))
    runs = []
    try:
        url = started.base_url + bench.path
        for threads in (1, 2):
            found = wrk.run(url, connections, seconds, threads, bench.wrk_timeout_seconds)
            runs.append(
                {
                    "generator": f"wrk, {threads} thread{'s' if threads > 1 else ''}, {connections} connections",
                    "rps": round(found["rps"], 1),
                    "cpu_percent": round(found["wrk_cpu_percent"], 1),
                }
            )
        if h2load.available():
            found = h2load.closed_loop(url, connections, seconds)
            runs.append(
                {
                    "generator": f"h2load, 1 thread, {connections} connections (keep-alive)",
                    "rps": found["rps"],
                    "cpu_percent": found["cpu_percent"],
                }
            )
    finally:
        stack_start.stop(started)
    for run in runs:
        run["saturated"] = run["cpu_percent"] >= bench.saturated_percent
    top = max(runs, key=lambda r: r["rps"])
    if top["saturated"]:
        verdict = (
            f"Here every generator that reached the top figure used its whole core, so the ceiling "
            f"({top['rps']:,.0f} req/s, {top['generator']}) is a lower bound: nginx could answer more."
        )
    else:
        verdict = (
            f"The top figure ({top['rps']:,.0f} req/s, {top['generator']}) came from a generator below "
            f"{bench.saturated_percent:g}% of its core: that is nginx's ceiling, not the generator's."
        )
    print(f"    ceiling: {verdict}")
    return {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "quick": quick,
        "load_average_start": load_start,
        "load_average_end": machine.load_average(),
        "runs": runs,
        "verdict": verdict,
        "saturated_percent": bench.saturated_percent,
    }
