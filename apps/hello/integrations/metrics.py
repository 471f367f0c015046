"""Prometheus metrics correct across every worker process: prometheus_client's multiprocess mode.

gunicorn runs several worker processes and any one of them may answer
``/metrics``, so counts kept in one process's memory would be a fraction of the
truth. In multiprocess mode every process writes its counts into its own
memory-mapped file in ``METRICS_DIR`` (a store into shared memory, no system
call per request) and ``/metrics`` merges every file there. A file outlives its
process, so counters never go backwards when a worker is replaced or a release
is deployed; the folder is emptied at stack start, and gunicorn's ``child_exit``
hook calls ``mark_process_dead`` for the bookkeeping of live gauges.

Imported by hello.logic only when METRICS_DIR is set. prometheus_client picks
multiprocess mode from ``PROMETHEUS_MULTIPROC_DIR`` when it is first imported,
so the library is imported only once that variable names the folder: one
process serves one metrics folder, the first it is given.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

_lock = threading.Lock()
_ready: dict = {}


class FilesCollector:
    """``hello_metrics_processes``: how many processes have left files (live or gone).

    The folder grows by a file or two per worker ever started; this gauge shows
    by how much, so its growth can be watched like any other number.
    """

    def __init__(self, folder: str) -> None:
        self.folder = Path(folder)

    def collect(self):
        from prometheus_client.core import GaugeMetricFamily

        pids = {path.stem.rsplit("_", 1)[-1] for path in self.folder.glob("*.db")}
        yield GaugeMetricFamily("hello_metrics_processes",
                                "Processes that have reported metrics (live or gone).", value=len(pids))


def _setup(folder: str) -> dict:
    """The metric objects and the registry that reads ``folder``, made on first use."""
    with _lock:
        if _ready:
            if _ready["folder"] != folder:
                raise RuntimeError(f"metrics already write to {_ready['folder']}; one process serves one folder")
            return _ready
        Path(folder).mkdir(parents=True, exist_ok=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
        from prometheus_client import CollectorRegistry, Counter, Histogram, multiprocess, values

        if not getattr(values.ValueClass, "_multiprocess", False):
            raise RuntimeError("prometheus_client was imported before METRICS_DIR was known: "
                               "set PROMETHEUS_MULTIPROC_DIR too, to the same folder")
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=folder)
        registry.register(FilesCollector(folder))
        _ready.update(
            folder=folder,
            registry=registry,
            requests=Counter("hello_requests", "Requests answered, by route, method and status.",
                             ("route", "method", "status"), registry=None),
            duration=Histogram("hello_request_duration_seconds", "Time to produce a response, by route.",
                               ("route",), buckets=BUCKETS, registry=None),
        )
        return _ready


def observe(folder: str, route: str, method: str, status: int, seconds: float, expected=()) -> None:
    """Count one request and its duration in this process's file.

    ``expected`` (route, method, status) series start at zero in every process:
    Prometheus takes the first value it sees of a new series as its start, so
    the requests that created a series would never show in its rate.
    """
    metrics = _ready or _setup(folder)
    if not metrics.get("expected"):
        for labels in expected:
            metrics["requests"].labels(*labels)
            metrics["duration"].labels(labels[0])
        metrics["expected"] = True
    metrics["requests"].labels(route, method, str(status)).inc()
    metrics["duration"].labels(route).observe(seconds)


def exposition(folder: str) -> bytes:
    """The Prometheus text format of every process's counts in ``folder``."""
    registry = _setup(folder)["registry"]  # first: it decides how prometheus_client is imported
    from prometheus_client.exposition import generate_latest

    return generate_latest(registry)

