"""The sweep: every configuration of every stack asked for, pinned, verified, primed, repeated and shuffled.

It is the wrk matrix's harness with the configuration as one more dimension:
the same start through the runner on the server's core (stackrun, pinning),
the same verification before any timing (verify), the same timed wrk run with
the stack's CPU and peak memory sampled (matrix), the same summaries
(summarize). What it adds is granian's method: on every fresh start a primer at
a few connections (the first requests of a fresh process pay for imports and
forks), then a warm-up at the measured concurrency, then the measured run;
each configuration ``rounds`` times, in a new shuffled order per round.
"""

import random
import subprocess
import time

from benchmarks import matrix, pinning, stackrun, verify, wrk
from benchmarks import settings as bench_settings
from benchmarks.progress import Progress
from benchmarks.tuning import grid
from benchmarks.tuning.settings import TuningSettings
from stacks.runner import manifest

WORKLOADS = ("cpu", "io")


def cpu_connections(bench, stack: str) -> int:
    """Hello, World! runs at the heavier of the stack's connection levels in the matrix (64; per-request: 4)."""
    return max(bench.plan(stack).connections)


def _start_and_verify(stack: manifest.Manifest, config: grid.Configuration, bench) -> stackrun.Started:
    started = stackrun.start(stack.name, bench.python_env, tuning=config.changed)
    reason = verify.verify(stack, started.base_url, started.state.cafile)
    if reason:
        stackrun.stop(started)
        raise RuntimeError(f"verification failed: {reason}")
    return started


def one_start(
    stack: manifest.Manifest,
    config: grid.Configuration,
    workloads: tuple,
    tuning: TuningSettings,
    quick: bool,
    bench,
    progress: Progress,
) -> dict:
    """Start ``stack`` in ``config``, verify, prime, measure each workload, stop; the runs by workload."""
    profile = tuning.profile(quick)
    started = _start_and_verify(stack, config, bench)
    try:
        runs = {"processes": started.processes(), "startup_seconds": started.startup_seconds}
        url = started.base_url + bench.path
        wrk.run(url, tuning.primer_connections, profile.primer_seconds, bench.wrk_threads, bench.wrk_timeout_seconds)
        if "cpu" in workloads:
            connections = cpu_connections(bench, stack.name)
            wrk.run(url, connections, profile.warmup_seconds, bench.wrk_threads, bench.wrk_timeout_seconds)
            runs["cpu"] = matrix._run(started, bench, url, connections, profile.seconds, progress, "cpu ")
        if "io" in workloads:
            io = bench.io
            reason = verify.verify_body(started.base_url, io.path, io.body, started.state.cafile)
            if reason:
                raise RuntimeError(f"I/O verification failed: {reason}")
            runs["io"] = matrix._run(
                started, bench, started.base_url + io.path, io.connections, profile.io_seconds, progress, "I/O "
            )
        return runs
    finally:
        problem = stackrun.stop(started)
        if problem:
            progress.say(f"    warning: stopping {stack.name}: {problem}")


def workloads_of(stack: str, wanted: tuple, bench) -> tuple:
    """The workloads ``stack`` runs: the I/O one leaves out the stacks the matrix leaves out."""
    return tuple(w for w in wanted if w != "io" or not bench.io.reason_left_out(stack))


def plan(names: list, quick: bool) -> dict:
    """{stack: [Configuration, ...]} for the stacks that declare knobs."""
    stacks = {name: manifest.find(name) for name in names}
    return {name: grid.configurations(stack, quick) for name, stack in stacks.items() if stack.tunable}


def estimate_seconds(
    configs: dict, wanted: tuple, tuning: TuningSettings, quick: bool, bench, overhead: float = 4.0
) -> float:
    """Seconds the sweep is planned to take: measuring plus a start/stop overhead per start."""
    profile = tuning.profile(quick)
    total = 0.0
    for name, found in configs.items():
        chosen = workloads_of(name, wanted, bench)
        per_start = overhead + profile.primer_seconds + 1.0
        per_start += (profile.warmup_seconds + profile.seconds + 1.0) if "cpu" in chosen else 0
        per_start += (profile.io_seconds + 1.0) if "io" in chosen else 0
        total += per_start * len(found) * profile.rounds
    return total


def sweep(names: list, wanted: tuple, tuning: TuningSettings, quick: bool, seed: int | None = None) -> dict:
    """Measure every configuration of ``names``; return the raw runs keyed by (stack, configuration key)."""
    bench = bench_settings.load(quick)
    configs = plan(names, quick)
    stacks = {name: manifest.find(name) for name in configs}
    profile = tuning.profile(quick)
    pinning.pin_harness()
    seed = seed if seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    tasks = [(name, i) for name, found in configs.items() for i in range(len(found))]
    order = [rng.sample(tasks, len(tasks)) for _ in range(profile.rounds)]
    planned = {
        (r, f"{n}#{i}"): estimate_seconds({n: [configs[n][i]]}, wanted, tuning, quick, bench, 0) / profile.rounds
        for r in range(profile.rounds)
        for n, i in tasks
    }
    progress = Progress(planned)
    progress.say(
        f"tune ({'quick' if quick else 'full'}): {len(tasks)} configurations of {len(configs)} stack(s) "
        f"x {profile.rounds} round(s), workloads {', '.join(wanted)}, order shuffled (seed {seed}); "
        f"about {progress.clock(progress.left())}"
    )
    raw = {(n, configs[n][i].key): {"runs": [], "reason": "", "processes": {}, "startup": []} for n, i in tasks}
    for r in range(profile.rounds):
        for position, (name, i) in enumerate(order[r], 1):
            config, entry = configs[name][i], raw[(name, configs[name][i].key)]
            if entry["reason"]:
                progress.finish(r, f"{name}#{i}", 0)
                continue
            progress.begin(r + 1, profile.rounds, f"{name} [{config.label}]", position, len(tasks))
            began = time.monotonic()
            try:
                runs = one_start(
                    stacks[name], config, workloads_of(name, wanted, bench), tuning, quick, bench, progress
                )
            except (RuntimeError, ValueError, subprocess.TimeoutExpired) as exc:
                entry["reason"] = str(exc)
                progress.say(f"    FAILED: {exc}")
                progress.finish(r, f"{name}#{i}", 0)
                continue
            entry["processes"] = runs.pop("processes")
            entry["startup"].append(runs.pop("startup_seconds"))
            entry["runs"].append(runs)
            progress.finish(r, f"{name}#{i}", time.monotonic() - began)
    return {
        "configs": configs,
        "raw": raw,
        "seed": seed,
        "order": [[f"{n}#{i}" for n, i in o] for o in order],
        "elapsed_seconds": round(progress.elapsed(), 1),
        "bench": bench,
    }
