"""From the sweep's raw runs to the results document: medians per configuration, the best, the shipped share.

Per configuration and workload the matrix's own summaries (median req/s with
min-max over the rounds, median latencies, peak memory; the I/O workload
counts only 2xx answers). The best configuration of a workload is the one
with the highest median req/s; the shipped configuration's share of it is
what the page holds against the 90% goal. Each stack's knobs are copied in
from its manifest, so the page needs nothing but this file.
"""

import json
import time
from pathlib import Path
from statistics import median

from benchmarks.matrix import summarize
from benchmarks.shared import machine, pinning
from benchmarks.tuning import charts, grid
from benchmarks.tuning.settings import TuningSettings
from stacks.runner import manifest

SHIPPED_GOAL = 0.90  # the shipped configuration's least share of the best one found, on Hello, World!


def _configuration(config: grid.Configuration, entry: dict, bench) -> dict:
    made = {
        "values": config.values,
        "changed": config.changed,
        "label": config.label,
        "shipped": config.is_shipped,
        "processes": entry["processes"],
        "reason": entry["reason"],
        "startup_seconds": round(median(entry["startup"]), 2) if entry["startup"] else None,
        "cpu": None,
        "io": None,
    }
    cpu = [run for start in entry["runs"] for run in start["cpu"]]
    io = [run for start in entry["runs"] for run in start["io"]]
    if cpu:
        made["cpu"] = summarize.level(cpu[0]["connections"], cpu, bench.saturated_percent)
        made["cpu"].pop("ratio_to_ceiling")
    if io:
        made["io"] = summarize.io_level(io, bench.saturated_percent, bench.io.ideal_rps)
    return made


def best(configurations: list, workload: str) -> dict | None:
    """The configuration with the highest median req/s on ``workload``."""
    measured = [c for c in configurations if c[workload]]
    return max(measured, key=lambda c: c[workload]["rps"]) if measured else None


def shipped_share(configurations: list, workload: str) -> float | None:
    """The shipped configuration's req/s as a share of the best one's."""
    top, shipped = best(configurations, workload), next((c for c in configurations if c["shipped"]), None)
    if not (top and shipped and shipped[workload] and top[workload]["rps"]):
        return None
    return round(shipped[workload]["rps"] / top[workload]["rps"], 3)


def _knobs(stack: manifest.Manifest) -> dict:
    return {
        name: {"doc": k.doc, "shipped": k.shipped, "values": list(k.values), "grid": k.grid, "env": k.env}
        for name, k in stack.tunable.items()
    }


def _stack(name: str, swept: dict, wanted: tuple, bench) -> dict:
    stack = manifest.find(name)
    configurations = [_configuration(c, swept["raw"][(name, c.key)], bench) for c in swept["configs"][name]]
    io_reason = bench.io.reason_left_out(name) if "io" in wanted else "not asked for"
    entry = {
        "name": name,
        "summary": stack.summary,
        "process_model": stack.process_model,
        "knobs": _knobs(stack),
        "grid": grid.grid_knobs(stack),
        "configurations": configurations,
        "io_reason": io_reason,
        "best": {},
        "shipped_share": {},
    }
    for workload in ("cpu", "io"):
        top = best(configurations, workload)
        if top:
            entry["best"][workload] = {
                "label": top["label"],
                "values": top["values"],
                "rps": top[workload]["rps"],
                "p99_ms": top[workload]["p99_ms"],
                "rss_mib": top[workload]["rss_mib"],
            }
            entry["shipped_share"][workload] = shipped_share(configurations, workload)
    return entry


def document(swept: dict, wanted: tuple, tuning: TuningSettings, quick: bool, names: list, started: dict) -> dict:
    """The results document of a sweep (``started``: the machine's load when it began)."""
    bench = swept["bench"]
    profile = tuning.profile(quick)
    return {
        "schema": 1,
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "quick": quick,
        "complete": sorted(swept["configs"]) == sorted(n for n in manifest.discover() if manifest.find(n).tunable)
        and set(wanted) == {"cpu", "io"},
        "machine": {**machine.describe(), **started, "load_average_end": machine.load_average()},
        "tools": machine.tools(),
        "parameters": {
            "workloads": list(wanted),
            "rounds": profile.rounds,
            "starts_per_configuration": swept["starts"],
            "runs_per_start": swept["repeats"],
            "primer_seconds": profile.primer_seconds,
            "primer_connections": tuning.primer_connections,
            "warmup_seconds": profile.warmup_seconds,
            "seconds": profile.seconds,
            "io_seconds": profile.io_seconds,
            "path": bench.path,
            "io_path": bench.io.path,
            "io_connections": bench.io.connections,
            "ideal_io_rps": bench.io.ideal_rps,
            "python_env": bench.python_env,
            "seed": swept["seed"],
            "order": swept["order"],
            "pinning": pinning.CHOICE if pinning.available() else "off",
            "shipped_goal": SHIPPED_GOAL,
            "budget_minutes": tuning.budget_minutes,
        },
        "elapsed_seconds": swept["elapsed_seconds"],
        "untuned": {n: tuning.untuned.get(n, "") for n in names if not manifest.find(n).tunable},
        "stacks": [_stack(name, swept, wanted, bench) for name in swept["configs"]],
    }


def write(results: dict, path: Path) -> Path:
    """The results file, and each stack's chart beside it (charts.folder_for)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n")
    charts.draw_all(results, path)
    return path
