"""``make availability``: a steady loopback load while faults are injected one after another.

The stack is started through the runner (its own run directory, free ports);
the load (``traffic.Traffic``, an open loop from 127.0.0.2 on) runs through the
whole run, and every URL the manifest names besides the app (the error tracker)
is watched too. After a baseline, each fault of faults.toml that applies to the
stack is injected, and the harness waits until the load has recovered (``streak``
successes in a row) before the next. Each fault's window runs from its injection
to the next one's. Per fault: sent, failed, longest_gap_s, recovery_s; per stack:
availability and nines over the whole run, the stated failure rates turned into
yearly downtime (MTBF/MTTR), and the goals of faults.toml, met or missed.
"""

import time
import traceback
from pathlib import Path

from benchmarks.availability import faults as fault_actions
from benchmarks.availability import nines
from benchmarks.availability.settings import load_config, results_file
from benchmarks.matrix import settings
from benchmarks.shared import machine, pinning, run_profile, slowhttp, stack_results, stack_start, timeline
from benchmarks.shared.traffic import Traffic
from stacks.runner import manifest
from stacks.runner.errors import StackError
from stacks.runner.options import RunOptions


def faults_for(stack: manifest.Manifest, config: dict) -> list:
    return [f for f in config["fault"] if fault_actions.applies(stack, f.get("when", {}))]


def _recovered(load: Traffic, since: float, streak: int) -> bool:
    window = timeline.within(load.snapshot(), since, float("inf"))
    answered = [o for o in window]
    return timeline.recovery(answered, since, streak) is not None and all(o.ok for o in answered[-streak:])


def _inject(target: fault_actions.Target, fault: dict, load: Traffic, config: dict) -> tuple:
    """Do the damage, then wait for the load to recover; (injected at, facts)."""
    injected = time.monotonic()
    try:
        facts = fault_actions.ACTIONS[fault["action"]](target, fault)
    except Exception as exc:  # a fault that could not be injected is reported, not fatal to the run
        facts = {"error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc(limit=3)[-600:]}
    time.sleep(float(config["settle_s"]))
    deadline = time.monotonic() + float(config["knobs"]["recover_within_s"])
    while time.monotonic() < deadline and not _recovered(load, injected, int(config["streak"])):
        time.sleep(0.2)
    return injected, facts


def _watches(started: stack_start.Started, knobs: dict) -> dict:
    """Every extra URL of the manifest (the error tracker), polled: any HTTP answer means up."""
    return {
        name: Traffic(url.replace("//localhost:", "//127.0.0.1:"), clients=1, rate=2, timeout=5, expect=None)
        for name, url in started.state.urls.items()
    }


def _fault_entry(
    fault: dict, start: float, end: float, facts: dict, load: Traffic, watches: dict, config: dict
) -> dict:
    knobs = config["knobs"]
    numbers = timeline.summary(load.snapshot(), start, end, int(config["streak"]))
    downtime = numbers["failed"] / (knobs["clients"] * knobs["rate"])  # seconds of requests that failed
    watched = {}
    for name, watch in watches.items():
        seen = timeline.summary(watch.snapshot(), start, end, 1)
        watched[name] = {
            "failed": seen["failed"],
            "sent": seen["sent"],
            "longest_gap_s": seen["longest_gap_s"] if seen["failed"] else 0.0,
        }
    return {
        "name": fault["name"],
        "what": fault["what"],
        **numbers,
        "downtime_s": round(downtime, 3),
        "per_year": fault["per_year"],
        "facts": facts,
        "watched": watched,
    }


def measure(name: str, config: dict) -> dict:
    """Start ``name``, run the baseline and every fault that applies under load, stop it."""
    stack = manifest.find(name)
    knobs = config["knobs"]
    faults = faults_for(stack, config)
    entry = {**run_profile.stack_entry(name), "busy_percent_start": machine.busy_percent(), "faults": []}
    try:
        started = stack_start.start(name, RunOptions(python_env=settings.load(True).python_env))
    except StackError as exc:
        return {**entry, "started": False, "reason": str(exc)}
    target = fault_actions.Target(started, stack, knobs)
    watches = _watches(started, knobs)
    marks = []
    try:
        for watch in watches.values():
            watch.__enter__()
        with Traffic(
            started.base_url,
            started.state.cafile,
            clients=int(knobs["clients"]),
            rate=float(knobs["rate"]),
            timeout=float(knobs["timeout_s"]),
        ) as load:
            began = time.monotonic()
            time.sleep(float(knobs["baseline_s"]))
            for fault in faults:
                print(f"availability: {name}: {fault['name']}", flush=True)
                marks.append((fault, *_inject(target, fault, load, config)))
            ended = time.monotonic()
    finally:
        for watch in watches.values():
            watch.__exit__(None, None, None)
        stopped = stack_start.stop(started)
    edges = [m[1] for m in marks] + [ended]
    entry["baseline"] = timeline.summary(load.snapshot(), began, edges[0], int(config["streak"]))
    for (fault, start, facts), end in zip(marks, edges[1:], strict=True):
        entry["faults"].append(_fault_entry(fault, start, end, facts, load, watches, config))
    whole = timeline.within(load.snapshot(), began, ended)
    failed = sum(not o.ok for o in whole)
    entry.update(
        started=True,
        stop_problem=stopped,
        seconds=round(ended - began, 1),
        sent=len(whole),
        failed=failed,
        **nines.nines(len(whole), failed),
        load_average_end=machine.load_average(),
    )
    entry["yearly"] = nines.per_year(entry["faults"])
    entry["goals"] = goals(entry, config.get("goals", {}).get(name, {}))
    return entry


def goals(entry: dict, wanted: dict) -> list:
    """Each goal of faults.toml for this stack: what it asks, whether it was met, what was seen."""
    by_name = {f["name"]: f for f in entry["faults"]}
    found = []
    if "availability" in wanted:
        found.append(
            {
                "goal": f"availability >= {wanted['availability']:.1%}",
                "met": entry["availability"] is not None and entry["availability"] >= wanted["availability"],
                "seen": f"{entry['availability']:.4%}" if entry["availability"] is not None else "no load",
            }
        )
    for name in wanted.get("zero_failed", []):
        fault = by_name.get(name)
        found.append(
            {
                "goal": f"{name}: no failed request",
                "met": bool(fault) and fault["failed"] == 0,
                "seen": f"{fault['failed']} failed of {fault['sent']}" if fault else "not run",
            }
        )
    for name, limit in wanted.get("recovery_under_s", {}).items():
        fault = by_name.get(name) or {}
        rec, back = fault.get("recovery_s"), fault.get("facts", {}).get("program_back_s")
        healed = rec is not None and rec < limit and (back is None or back < limit)  # the load, and the process
        found.append(
            {
                "goal": f"{name}: healed in under {limit} s",
                "met": bool(fault) and healed,
                "seen": "not run"
                if not fault
                else f"load recovered in {rec} s ({fault['failed']} failed), the process back in {back} s",
            }
        )
    for name in wanted.get("only_expected_while_down", []):
        fault = by_name.get(name) or {}
        answers = fault.get("facts", {}).get("while_down", {})
        wrong = {p: a["status"] for p, a in answers.items() if a["status"] != a["expected"]}
        found.append(
            {
                "goal": f"{name}: only the routes that need it fail, with 503",
                "met": bool(answers) and not wrong and fault["failed"] == 0,
                "seen": ", ".join(f"{p} {a['status']}" for p, a in answers.items())
                + f"; the load: {fault['failed']} failed"
                if fault
                else "not run",
            }
        )
    return found


def run(names: list, quick: bool, folder: Path) -> tuple:
    """Measure ``names``; merge them into the results file; return (its path, the results)."""
    config = load_config(quick)  # a mistake in the settings file stops the run before anything starts
    slowhttp.binary()
    pinning.pin_harness()
    entries = [measure(name, config) for name in names]
    header = {
        "profile": config["profile"],
        "settings": config["knobs"],
        "streak": config["streak"],
        "machine": machine.describe(),
    }
    path = results_file(quick, folder)
    return path, stack_results.merge(path, entries, header)
