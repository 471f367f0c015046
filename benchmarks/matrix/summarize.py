"""From the rounds of one stack to the figures the results report.

Per connection level: the median requests/s with its min and max over the
rounds, median latencies, errors and non-2xx summed over every round, median
server CPU, peak memory, the load generator's highest CPU and whether it was
saturated. Then every level is set against the ceiling: the best median
requests/s of the ``static`` stack in the same run.
"""

from statistics import median


def _median_or_none(values: list):
    known = [v for v in values if v is not None]
    return round(median(known), 1) if known else None


def level(connections: int, runs: list, saturated_percent: float) -> dict:
    """One connection level of one stack, over its rounds."""
    wrk_cpu = max(r["wrk_cpu_percent"] for r in runs)
    return {
        "connections": connections,
        "rounds": len(runs),
        "seconds": round(median(r["seconds"] for r in runs), 2),
        "rps": round(median(r["rps"] for r in runs), 1),
        "rps_min": round(min(r["rps"] for r in runs), 1),
        "rps_max": round(max(r["rps"] for r in runs), 1),
        "p50_ms": round(median(r["p50_ms"] for r in runs), 3),
        "p90_ms": round(median(r["p90_ms"] for r in runs), 3),
        "p99_ms": round(median(r["p99_ms"] for r in runs), 3),
        "requests": sum(r["requests"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
        "non_2xx": sum(r["non_2xx"] for r in runs),
        "cpu_percent": round(median(r["cpu_percent"] for r in runs), 1),
        "core_busy_percent": _median_or_none([r.get("core_busy_percent") for r in runs]),
        "rss_mib": round(max(r["rss_mib"] for r in runs), 1),
        "wrk_cpu_percent": round(wrk_cpu, 1),
        "load_generator_saturated": wrk_cpu >= saturated_percent,
        "ratio_to_ceiling": None,
    }


def levels(rounds: list, saturated_percent: float) -> list:
    """``rounds`` is a list (one per round) of lists of runs; one summary per connection level."""
    by_connections: dict = {}
    for runs in rounds:
        for run in runs:
            by_connections.setdefault(run["connections"], []).append(run)
    return [level(c, runs, saturated_percent) for c, runs in sorted(by_connections.items())]


def best_rps(stack: dict) -> float:
    return max((lv["rps"] for lv in stack.get("levels", [])), default=0.0)


def apply_ceiling(stacks: list, ceiling_name: str) -> dict:
    """Fill in ``ratio_to_ceiling`` everywhere; return the ceiling's description."""
    ceiling = next((s for s in stacks if s["name"] == ceiling_name and s["verified"]), None)
    if not ceiling or not ceiling["levels"]:
        return {"stack": ceiling_name, "rps": None, "connections": None}
    top = max(ceiling["levels"], key=lambda lv: lv["rps"])
    for stack in stacks:
        for lv in stack.get("levels", []):
            lv["ratio_to_ceiling"] = round(lv["rps"] / top["rps"], 4) if top["rps"] else None
    return {"stack": ceiling_name, "rps": top["rps"], "connections": top["connections"]}


def ranking(stacks: list) -> list:
    """Verified stacks, fastest first, by their best median requests/s."""
    return [s["name"] for s in sorted((s for s in stacks if s["verified"]), key=best_rps, reverse=True)]


def answered_only(summary: dict, ideal_rps: float) -> dict:
    """``summary`` with its requests/s counting only 2xx answers, and its share of the ideal.

    A front server whose backend's queue is full answers 502 at once, far faster than the
    100 ms the app would wait: counted, those errors made uwsgi look 19 times the ideal.
    The share of good answers is taken over all rounds (``requests`` and ``non_2xx`` are
    sums; wrk's socket errors are not answers and were never counted in requests/s);
    ``rps_all`` keeps what wrk counted.
    """
    requests = summary["requests"]
    good = max(requests - summary["non_2xx"], 0) / requests if requests else 0.0
    summary["rps_all"] = summary["rps"]
    for key in ("rps", "rps_min", "rps_max"):
        summary[key] = round(summary[key] * good, 1)
    summary["ratio_to_ideal"] = round(summary["rps"] / ideal_rps, 4)
    return summary


def io_level(runs: list, saturated_percent: float, ideal_rps: float) -> dict:
    """The I/O-bound workload of one stack over its rounds, with its share of the ideal."""
    summary = level(runs[0]["connections"], runs, saturated_percent)
    summary.pop("ratio_to_ceiling")
    return answered_only(summary, ideal_rps)


def io_ranking(stacks: list) -> list:
    """Stacks measured on the I/O-bound workload, closest to the ideal first."""
    measured = [s for s in stacks if s.get("io")]
    return [s["name"] for s in sorted(measured, key=lambda s: s["io"]["rps"], reverse=True)]
