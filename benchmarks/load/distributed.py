"""One locust process's ceiling against a master with N workers, on ``static``, no think time.

One locust process runs on one core, and against ``static`` it is the limit
(benchmarks/results/locust-ceiling.json): its users are greenlets of one
Python process. Its distributed mode, one master and N workers speaking over
a loopback socket with the same locustfile, is how its users outgrow one
generator. Here every locust process is pinned to the load core, as every load
generator of the lab is: what N workers gain on it is what sharing one core
allows, which the page says beside the figures.

On the fleet (``place``: benchmarks/load/places.py) locust alone runs on the first client
host and the workers on the client hosts in turn; every run records how many requests
the stack's access log got from each host, which shows the users really spread.
"""

import tempfile
import time
from importlib.metadata import version
from pathlib import Path

from benchmarks.load import places
from benchmarks.load.run import _aggregated, _locust
from benchmarks.shared import machine, pinning, stack_start
from stacks.runner.errors import StackError
from stacks.runner.options import RunOptions


def compare(worker_counts: list, users: int, duration: str, place: places.Place | None = None) -> dict:
    """Locust alone (0 in ``worker_counts``) and with each count of workers, against one start of static."""
    place = place or places.LOOPBACK
    try:
        started = stack_start.start("static", RunOptions(python_env="test", host=place.master))
    except (RuntimeError, StackError) as exc:
        raise StackError(f"static did not start: {exc}") from None
    load_start = machine.load_average()
    runs = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            for workers in worker_counts:
                prefix = Path(folder) / f"workers-{workers}"
                logged = places.access_lines(started.run)
                status, cpu = _locust(started.base_url, users, users, duration, prefix, 0, workers, place)
                row = _aggregated(Path(f"{prefix}_stats.csv"))
                by_host = places.requests_by_host(started.run, logged) if place.hosts else {}
                runs.append(
                    {
                        "workers": workers or 1,
                        "distributed": bool(workers),
                        "exit_status": status,
                        "rps": round(float(row["Requests/s"]), 1),
                        "failures": int(row["Failure Count"]),
                        "requests": int(row["Request Count"]),
                        "cpu_percent": round(cpu, 1),
                        **({"requests_by_host": by_host} if place.hosts else {}),
                    }
                )
                print(
                    f"locust {'alone' if not workers else f'master + {workers} workers'}: "
                    f"{runs[-1]['rps']:,.0f} req/s, locust CPU {cpu:.0f}%"
                    + (f", requests by host {by_host}" if by_host else ""),
                    flush=True,
                )
    finally:
        stack_start.stop(started)
    return {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "locust": version("locust"),
        "target": "static",
        "where": place.name,
        "hosts": list(place.hosts),
        "users": users,
        "duration": duration,
        "think_seconds": 0,
        "pinned": pinning.available(),
        "cores": machine.describe()["cores"],
        "load_average_start": load_start,
        "load_average_end": machine.load_average(),
        "runs": runs,
    }
