"""Prometheus metrics correct across every worker process: prometheus_client's multiprocess mode.

gunicorn runs several worker processes and any one of them may answer
``/metrics``, so counts kept in one process's memory would be a fraction of the
truth. In multiprocess mode every process writes its counts into its own
memory-mapped file in ``METRICS_DIR`` (stores into shared memory, no write or
rename per request) and ``/metrics`` merges every file there. A file outlives its
process, so counters never go backwards when a worker is replaced or a release
is deployed; the folder is emptied at stack start. gunicorn's ``child_exit``
hook calls :func:`process_exited`: ``mark_process_dead`` for live gauges, then
the gone worker's counts are added into one archive file per metric type and
its own files removed, so the folder holds a file or two per live worker and
a scrape does not slow down as workers come and go. A lock on the folder keeps
a scrape from seeing a count both in the archive and in the worker's file.

Imported by hello.logic only when METRICS_DIR is set. prometheus_client picks
multiprocess mode from ``PROMETHEUS_MULTIPROC_DIR`` when it is first imported,
so the library is imported only once that variable names the folder: one
process serves one metrics folder, the first it is given.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from pathlib import Path

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

ARCHIVE = "archive"  # in place of a pid in the file names: counter_archive.db, histogram_archive.db
FOLDED = ("counter", "histogram")  # the types whose counts add up; a gauge's value is its process's own

_lock = threading.Lock()
_ready: dict = {}


class FilesCollector:
    """``hello_metrics_processes``: how many processes have files in the folder now.

    The live workers, plus one for the archive of every gone worker's counts:
    it stays flat however often workers are replaced, which this gauge shows.
    """

    def __init__(self, folder: str) -> None:
        self.folder = Path(folder)

    def collect(self):
        from prometheus_client.core import GaugeMetricFamily

        pids = {path.stem.rsplit("_", 1)[-1] for path in self.folder.glob("*.db")}
        yield GaugeMetricFamily(
            "hello_metrics_processes",
            "Processes with counts in the metrics folder (live workers, and the archive).",
            value=len(pids),
        )


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
            raise RuntimeError(
                "prometheus_client was imported before METRICS_DIR was known: "
                "set PROMETHEUS_MULTIPROC_DIR too, to the same folder"
            )
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=folder)
        registry.register(FilesCollector(folder))
        _ready.update(
            folder=folder,
            registry=registry,
            requests=Counter(
                "hello_requests",
                "Requests answered, by route, method and status.",
                ("route", "method", "status"),
                registry=None,
            ),
            duration=Histogram(
                "hello_request_duration_seconds",
                "Time to produce a response, by route.",
                ("route",),
                buckets=BUCKETS,
                registry=None,
            ),
            series={},
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
    key = (route, method, status)
    series = metrics["series"].get(key)
    if series is None:  # each series' objects looked up once: .labels() costs more than inc()
        series = metrics["series"][key] = (
            metrics["requests"].labels(route, method, str(status)),
            metrics["duration"].labels(route),
        )
    series[0].inc()
    series[1].observe(seconds)


def exposition(folder: str) -> bytes:
    """The Prometheus text format of every process's counts in ``folder``."""
    registry = _setup(folder)["registry"]  # first: it decides how prometheus_client is imported
    from prometheus_client.exposition import generate_latest

    with _folder_lock(folder, fcntl.LOCK_SH):  # never halfway through a fold
        return generate_latest(registry)


@contextlib.contextmanager
def _folder_lock(folder: str, kind: int):
    descriptor = os.open(os.path.join(folder, ".lock"), os.O_RDWR | os.O_CREAT, 0o660)
    try:
        fcntl.flock(descriptor, kind)
        yield
    finally:
        os.close(descriptor)


def process_exited(pid: int, folder: str) -> None:
    """gunicorn's ``child_exit``: a worker is gone; keep its counts, drop its files.

    Runs in the master, under an exclusive lock on the folder while scrapes hold
    a shared one, so no scrape sees a count twice (archive and worker file) or
    not at all.
    """
    from prometheus_client import multiprocess
    from prometheus_client.mmap_dict import MmapedDict

    multiprocess.mark_process_dead(pid, folder)
    with _folder_lock(folder, fcntl.LOCK_EX):
        for kind in FOLDED:
            gone = Path(folder) / f"{kind}_{pid}.db"
            if not gone.exists():
                continue
            archive = MmapedDict(str(Path(folder) / f"{kind}_{ARCHIVE}.db"))
            try:
                for key, value, timestamp, _ in MmapedDict.read_all_values_from_file(str(gone)):
                    archive.write_value(key, archive.read_value(key)[0] + value, timestamp)
            finally:
                archive.close()
            gone.unlink()
