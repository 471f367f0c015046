"""The wrk matrix: every stack, verified, then measured in interleaved rounds.

Only one stack runs at a time, so rounds are interleaved by restarting: in
each round the stacks come in a new shuffled order, and each is started
fresh, verified, warmed up, measured at every connection level and stopped.
Slow drift of the machine (another job, thermal limits) then spreads over all
stacks instead of landing on whichever ran last, and a restart costs only a
second or two. A stack that fails to start or to verify is reported failed,
with the reason, and is not measured again.
"""

import random
import subprocess
import time
from statistics import median

from benchmarks.matrix import summarize, table, variants, verify
from benchmarks.matrix.progress import Progress
from benchmarks.matrix.settings import Settings
from benchmarks.shared import machine, pinning, stack_start, wrk
from benchmarks.shared.sampler import Sampler
from stacks.runner import manifest
from stacks.runner.errors import StackError
from stacks.runner.options import RunOptions

BUSY_PERCENT = 10.0  # all-core busy share before the run above which another job is competing


def _run(
    started: stack_start.Started,
    settings: Settings,
    url: str,
    connections: int,
    seconds: float,
    progress: Progress,
    label: str = "",
) -> dict:
    """One wrk run while sampling the stack's CPU and memory; prints its line."""
    core = pinning.SERVER_CPU if pinning.available() else None
    with Sampler(started.pids, settings.sample_interval_seconds, core) as sample:
        result = wrk.run(url, connections, seconds, settings.wrk_threads, settings.wrk_timeout_seconds)
    result.update(
        connections=connections,
        cpu_percent=sample.cpu_percent,
        rss_mib=sample.rss_mib,
        core_busy_percent=sample.core_busy_percent,
    )
    flag = " WRK SATURATED" if result["wrk_cpu_percent"] >= settings.saturated_percent else ""
    progress.say(
        f"    {label}c={connections:<3} {result['rps']:>10.1f} req/s  p99 {result['p99_ms']:8.2f} ms  "
        f"errors {result['errors']}  non-2xx {result['non_2xx']}  "
        f"server CPU {result['cpu_percent']:.0f}% (core {table.percent(result['core_busy_percent'])}%)  "
        f"wrk CPU {result['wrk_cpu_percent']:.0f}%{flag}"
    )
    return result


def _measure(started: stack_start.Started, settings: Settings, plan, progress: Progress) -> list:
    """Warm up, then one wrk run per connection level."""
    url = started.base_url + settings.path
    wrk.run(url, max(plan.connections), plan.warmup_seconds, settings.wrk_threads, settings.wrk_timeout_seconds)
    return [_run(started, settings, url, c, plan.seconds, progress) for c in plan.connections]


def _measure_io(started: stack_start.Started, settings: Settings, entry: dict, progress: Progress) -> dict | None:
    """The I/O-bound run, after Hello, World! on the same start; None (and why) if it does not verify."""
    io = settings.io
    reason = verify.verify_body(started.base_url, io.path, io.body, started.state.cafile)
    if reason:
        entry["io_reason"] = f"verification failed: {reason}"
        progress.say(f"    I/O workload FAILED: {entry['io_reason']}")
        return None
    return _run(started, settings, started.base_url + io.path, io.connections, io.seconds, progress, "I/O ")


def _entry(name: str, stack: manifest.Manifest, plan) -> dict:
    return {
        "name": name,
        "stack": stack.name,
        "verified": False,
        "reason": "",
        "summary": stack.summary,
        "interface": stack.interface,
        "class": plan.stack_class,
        "connections": list(plan.connections),
        "seconds": plan.seconds,
        "rounds": plan.rounds,
        "processes": {},
        "startup_seconds": None,
        "repinned_processes": 0,
        "levels": [],
        "process_model": stack.process_model,
        "app_process": stack.app_process,
        "io": None,
        "io_reason": "",
    }


def _one_start(name, stack, entry, plan, settings, progress, raw, startups, io_raw, run_dir) -> float:
    """Start (in the run's ``run_dir``), verify, measure and stop ``name`` once; return seconds spent loading it."""
    try:
        variant = settings.variants.get(name)
        options = RunOptions(python_env=settings.python_env, overlay=variant.overlay if variant else None)
        started = stack_start.start(stack.name, options, run_dir)
    except (StackError, subprocess.TimeoutExpired) as exc:
        entry["reason"] = f"did not start: {exc}"
        return 0.0
    try:
        reason = verify.verify(stack, started.base_url, started.state.cafile)
        if reason:
            entry["reason"] = f"verification failed: {reason}"
            return 0.0
        entry["processes"] = started.processes()
        entry["repinned_processes"] = max(entry["repinned_processes"], len(started.repinned))
        startups.append(started.startup_seconds)
        progress.say(
            f"    verified {started.base_url}; processes {entry['processes']}; "
            f"started in {started.startup_seconds:.1f}s"
        )
        began = time.monotonic()
        raw.append(_measure(started, settings, plan, progress))
        if not entry["io_reason"] and (io_run := _measure_io(started, settings, entry, progress)):
            io_raw.append(io_run)
        return time.monotonic() - began
    except (RuntimeError, ValueError, subprocess.TimeoutExpired) as exc:
        entry["reason"] = f"measurement failed: {exc}"
        return 0.0
    finally:
        problem = stack_start.stop(started)
        if problem:
            progress.say(f"    warning: stopping {name}: {problem}")


def run(names: list, settings: Settings, seed: int | None = None) -> dict:
    """Measure ``names`` (the ceiling stack is added when missing); return the results document."""
    if settings.ceiling not in names:
        names = [settings.ceiling, *names]
    names = variants.with_variants(names, settings.variants)
    stacks = {n: manifest.find(settings.stack_of(n)) for n in names}
    plans = {n: settings.plan(n) for n in names}
    pinned = pinning.available()
    pinning.pin_harness()
    seed = seed if seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    rounds = max(p.rounds for p in plans.values())
    order = [rng.sample(names, len(names)) for _ in range(rounds)]
    io = settings.io
    io_left_out = {n: reason for n in names if (reason := io.reason_left_out(settings.stack_of(n)))}
    planned = {
        (r, n): plans[n].warmup_seconds
        + len(plans[n].connections) * (plans[n].seconds + 0.5)
        + (0 if n in io_left_out else io.seconds + 0.5)
        for r in range(rounds)
        for n in order[r]
        if r < plans[n].rounds
    }
    progress = Progress(planned)
    progress.say(
        f"benchmark ({settings.profile}): {len(names)} stacks x {rounds} round(s), order shuffled "
        f"(seed {seed}); about {progress.clock(progress.left())}"
    )
    progress.say(
        "pinning: " + (pinning.CHOICE if pinned else "OFF (needs taskset and 2 cores): numbers are not comparable")
    )
    for name in names:
        if plans[name].stack_class != "default":
            progress.say(
                f"{name}: {plans[name].stack_class}: connections {list(plans[name].connections)}, "
                f"{plans[name].seconds:g}s runs"
            )
    if io_left_out:
        progress.say(
            f"I/O workload (GET {io.path}, {io.connections} connections) leaves out: "
            + "; ".join(f"{n} ({r})" for n, r in io_left_out.items())
        )
    entries = {n: _entry(n, stacks[n], plans[n]) | {"io_reason": io_left_out.get(n, "")} for n in names}
    raw: dict = {n: [] for n in names}
    io_raw: dict = {n: [] for n in names}
    startups: dict = {n: [] for n in names}
    load_start = machine.load_average()
    busy_start = machine.busy_percent()
    if busy_start > BUSY_PERCENT:
        progress.say(
            f"warning: the machine is busy ({busy_start}% of its cores before the run): the numbers will be noisy"
        )
    with stack_start.run_folder("bench") as run_dir:
        for r in range(rounds):
            for i, name in enumerate(order[r], 1):
                if (r, name) not in planned or entries[name]["reason"]:
                    continue
                progress.begin(r + 1, rounds, name, i, len(order[r]))
                measured = _one_start(
                    name,
                    stacks[name],
                    entries[name],
                    plans[name],
                    settings,
                    progress,
                    raw[name],
                    startups[name],
                    io_raw[name],
                    run_dir,
                )
                progress.finish(r, name, measured)
                if entries[name]["reason"]:
                    progress.say(f"    FAILED: {entries[name]['reason']}")
                    progress.drop(name)
    for name, entry in entries.items():
        entry["verified"] = not entry["reason"] and bool(raw[name])
        if entry["verified"]:
            entry["levels"] = summarize.levels(raw[name], settings.saturated_percent)
            entry["startup_seconds"] = round(median(startups[name]), 2)
        if entry["verified"] and io_raw[name] and not entry["io_reason"]:
            entry["io"] = summarize.io_level(io_raw[name], settings.saturated_percent, io.ideal_rps)
    results = list(entries.values())
    ceiling = summarize.apply_ceiling(results, settings.ceiling)
    return {
        "schema": 1,
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "quick": settings.profile == "quick",
        "machine": {
            **machine.describe(),
            "load_average_start": load_start,
            "busy_percent_start": busy_start,
            "load_average_end": machine.load_average(),
        },
        "tools": machine.tools(),
        "parameters": {
            "profile": settings.profile,
            "path": settings.path,
            "python_env": settings.python_env,
            "default": vars(settings.plan("")) | {"connections": list(settings.plan("").connections)},
            "classes": settings.classes(),
            "rounds": rounds,
            "seed": seed,
            "order": order,
            "restart_per_round": True,
            "wrk_threads": settings.wrk_threads,
            "wrk_timeout_seconds": settings.wrk_timeout_seconds,
            "saturated_percent": settings.saturated_percent,
            "pinning": pinning.CHOICE if pinned else "off",
        },
        "ceiling": ceiling,
        "ranking": summarize.ranking(results),
        "variants": variants.ratios(results, settings.variants),
        "io": {
            "path": io.path,
            "connections": io.connections,
            "wait_seconds": io.wait_seconds,
            "ideal_rps": io.ideal_rps,
            "seconds": io.seconds,
            "rounds": rounds,
            "left_out": {n: e["io_reason"] for n, e in entries.items() if e["io_reason"] and not e["io"]},
            "ranking": summarize.io_ranking(results),
        },
        "elapsed_seconds": round(progress.elapsed(), 1),
        "stacks": results,
    }
