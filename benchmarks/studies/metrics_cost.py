"""What the app's metrics cost inside one process, and how their folder grows as workers come and go.

Two measurements, written to benchmarks/results/metrics-cost.json, which the
monitoring page of the course reads (docs/monitoring.md):

- per request: one ``GET /`` through ``hello.wsgi.application`` in production
  configuration, timed with timeit, with METRICS_DIR unset and set; and again
  "cold", each call after a walk through a buffer larger than the caches, which
  is closer to a request in a busy server than a loop that keeps everything cached. Each side
  runs in a fresh interpreter, because prometheus_client chooses its mode once,
  at import. The two sides take turns, several times, and each figure is the
  best of many short repeats: on a shared machine the least disturbed one is
  the closest to what the code costs.
- the folder: prometheus_client keeps one file per metric type per process and
  a file outlives its process (that is what keeps counters from going back).
  Here RESTARTS worker processes are forked one after another, as gunicorn
  replaces workers, each answers requests and exits, and the parent calls
  ``process_exited`` as gunicorn's ``child_exit`` hook does (it folds the gone
  worker's counts into an archive file). Then: files, bytes on disk, how long
  rendering /metrics takes over all of them, and that no request was lost.

    python -m benchmarks.studies.metrics_cost [--restarts 1000] [--output FILE]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from stacks.runner.paths import APP_DIR, ROOT

RESULTS = ROOT / "benchmarks" / "results" / "metrics-cost.json"

PER_REQUEST = r"""
import json, sys, time, timeit
from hello.wsgi import application
environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "QUERY_STRING": "", "SERVER_NAME": "localhost",
           "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http",
           "wsgi.input": None, "wsgi.errors": sys.stderr, "REMOTE_ADDR": "127.0.0.1"}
def call():
    return b"".join(application(dict(environ), lambda status, headers, exc_info=None: None))
assert call() == b"Hello, World!"
number = int(sys.argv[1])
best = min(timeit.repeat(call, number=number, repeat=30)) / number
# Cold: every call after walking a buffer larger than the caches, as in a server where
# the network, the parser and the other workers run between two requests.
junk, cold, calls = bytearray(8 << 20), 0.0, 500
for _ in range(calls):
    for i in range(0, len(junk), 64):
        junk[i] ^= 1
    began = time.perf_counter()
    call()
    cold += time.perf_counter() - began
print(json.dumps({"microseconds": round(best * 1e6, 2), "cold_microseconds": round(cold / calls * 1e6, 2)}))
"""

RESTARTS = r"""
import json, os, sys, time
from pathlib import Path
from hello import config, logic
from hello.integrations import metrics
folder, restarts = sys.argv[1], int(sys.argv[2])
settings = config.load()
for _ in range(restarts):
    pid = os.fork()
    if pid == 0:  # a worker: a few requests, then gone
        for path in ("/", "/json", "/nope"):
            logic.handle(logic.Request("GET", path), settings)
        os._exit(0)
    os.waitpid(pid, 0)
    metrics.process_exited(pid, folder)
files = list(Path(folder).glob("*.db"))
metrics.exposition(folder)  # the first call sets up the registry: not what a scrape costs
began = time.perf_counter()
text = metrics.exposition(folder)
render = time.perf_counter() - began
count = [line for line in text.decode().splitlines() if line.startswith('hello_requests_total{method="GET",route="/"')]
print(json.dumps({"restarts": restarts, "files": len(files),
                  "apparent_bytes": sum(f.stat().st_size for f in files),
                  "disk_bytes": sum(f.stat().st_blocks * 512 for f in files),
                  "render_ms": round(render * 1000, 1), "requests_counted_for_GET_/": count[0].split()[-1]}))
"""


def _python(code: str, args: list, env: dict) -> dict:
    environment = {
        **os.environ,
        "PYTHONPATH": str(APP_DIR.parent),
        "PYTHON_ENV": "production",
        "LOG_LEVEL": "ERROR",
        **env,
    }
    for key in ("METRICS_DIR", "PROMETHEUS_MULTIPROC_DIR"):  # as set for this measurement only
        if key not in env:
            environment.pop(key, None)
    result = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)], env=environment, capture_output=True, text=True, timeout=900
    )
    if result.returncode != 0:
        raise SystemExit(f"error: the measurement failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(restarts: int, number: int = 2000, turns: int = 3) -> dict:
    off, on = [], []
    for _ in range(turns):
        with tempfile.TemporaryDirectory() as folder:
            off.append(_python(PER_REQUEST, [number], {}))
            on.append(_python(PER_REQUEST, [number], {"METRICS_DIR": folder}))
    warm_off, warm_on = (min(side["microseconds"] for side in runs) for runs in (off, on))
    cold_off, cold_on = (min(side["cold_microseconds"] for side in runs) for runs in (off, on))
    with tempfile.TemporaryDirectory() as folder:
        growth = _python(RESTARTS, [folder, restarts], {"METRICS_DIR": folder, "PROMETHEUS_MULTIPROC_DIR": folder})
    return {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "python": sys.version.split()[0],
        "per_request_microseconds": {
            "metrics_off": warm_off,
            "metrics_on": warm_on,
            "added": round(warm_on - warm_off, 2),
        },
        "per_request_cold_microseconds": {
            "metrics_off": cold_off,
            "metrics_on": cold_on,
            "added": round(cold_on - cold_off, 2),
        },
        "after_restarts": growth,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.studies.metrics_cost", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--restarts", type=int, default=1000)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    results = measure(args.restarts)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    print(f"wrote {args.output}; 'make tables' puts it on the pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
