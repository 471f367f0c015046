"""The sweep: every configuration of every stack asked for, pinned, verified, primed, repeated and shuffled.

It is the wrk matrix's harness with the configuration as one more dimension:
the same start through the runner on the server's core (stack_start, pinning),
the same verification before any timing (verify), the same timed wrk run with
the stack's CPU and peak memory sampled (matrix), the same summaries
(summarize). What it adds is granian's method: on every fresh start a primer at
a few connections (the first requests of a fresh process pay for imports and
forks), then a warm-up at the measured concurrency, then the measured runs.
Before each measured run one request to ``/`` waits behind whatever the warm-up or
the previous run left queued (a sync server may hold seconds of /slow requests, a
CGI stack seconds of Hello, World!), so no run inherits another's queue.

Repetitions: with ``restart_per_round`` every round starts every configuration
afresh, in a new shuffled order (the matrix's way); without it each
configuration is started once, in a shuffled order, and measured ``rounds``
times on that start — a third of the starts, for a machine where a start costs
more than the measuring.
"""

import random
import subprocess
import time

from benchmarks.matrix import run as matrix
from benchmarks.matrix import settings as bench_settings
from benchmarks.matrix import verify
from benchmarks.matrix.progress import Progress
from benchmarks.shared import pinning, stack_start, wrk
from benchmarks.tuning import grid
from benchmarks.tuning.settings import TuningSettings
from stacks.runner import manifest, probe
from stacks.runner.errors import StackError
from stacks.runner.options import RunOptions

WORKLOADS = ("cpu", "io")
DRAIN_TIMEOUT_SECONDS = 60


def cpu_connections(bench, stack: str) -> int:
    """Hello, World! runs at the heavier of the stack's connection levels in the matrix (64; per-request: 4)."""
    return max(bench.plan(stack).connections)


def cpu_seconds(bench, stack: str, seconds: float) -> float:
    """A measured Hello, World! run: the profile's, or longer where the matrix gives the stack's class longer
    runs (a process per request answers a few requests a second: a short run would count none)."""
    plan = bench.plan(stack)
    return max(seconds, plan.seconds) if plan.stack_class != "default" else seconds


def _start_and_verify(stack: manifest.Manifest, config: grid.Configuration, bench) -> stack_start.Started:
    started = stack_start.start(stack.name, RunOptions(python_env=bench.python_env, tuning=config.changed))
    reason = verify.verify(stack, started.base_url, started.state.cafile)
    if reason:
        stack_start.stop(started)
        raise RuntimeError(f"verification failed: {reason}")
    return started


def _drain(started: stack_start.Started) -> None:
    """Wait for one answer to / : it queues behind what the last run left, so it comes once that is gone."""
    probe.request(started.base_url + "/", started.state.cafile, timeout=DRAIN_TIMEOUT_SECONDS)


def one_start(
    stack: manifest.Manifest,
    config: grid.Configuration,
    workloads: tuple,
    tuning: TuningSettings,
    quick: bool,
    bench,
    progress: Progress,
    repeats: int = 1,
) -> dict:
    """Start ``stack`` in ``config``, verify, prime, measure each workload ``repeats`` times, stop."""
    profile = tuning.profile(quick)
    started = _start_and_verify(stack, config, bench)
    try:
        runs = {"processes": started.processes(), "startup_seconds": started.startup_seconds, "cpu": [], "io": []}
        url = started.base_url + bench.path
        wrk.run(url, tuning.primer_connections, profile.primer_seconds, bench.wrk_threads, bench.wrk_timeout_seconds)
        if "cpu" in workloads:
            connections = cpu_connections(bench, stack.name)
            wrk.run(url, connections, profile.warmup_seconds, bench.wrk_threads, bench.wrk_timeout_seconds)
            seconds = cpu_seconds(bench, stack.name, profile.seconds)
            for _ in range(repeats):
                _drain(started)
                runs["cpu"].append(matrix._run(started, bench, url, connections, seconds, progress, "cpu "))
        if "io" in workloads:
            io = bench.io
            reason = verify.verify_body(started.base_url, io.path, io.body, started.state.cafile)
            if reason:
                raise RuntimeError(f"I/O verification failed: {reason}")
            for _ in range(repeats):
                _drain(started)
                runs["io"].append(
                    matrix._run(
                        started, bench, started.base_url + io.path, io.connections, profile.io_seconds, progress, "I/O "
                    )
                )
        return runs
    finally:
        problem = stack_start.stop(started)
        if problem:
            progress.say(f"    warning: stopping {stack.name}: {problem}")


def workloads_of(stack: str, wanted: tuple, bench) -> tuple:
    """The workloads ``stack`` runs: the I/O one leaves out the stacks the matrix leaves out."""
    return tuple(w for w in wanted if w != "io" or not bench.io.reason_left_out(stack))


def plan(names: list, quick: bool) -> dict:
    """{stack: [Configuration, ...]} for the stacks that declare knobs."""
    stacks = {name: manifest.find(name) for name in names}
    return {name: grid.configurations(stack, quick) for name, stack in stacks.items() if stack.tunable}


def starts_and_repeats(tuning: TuningSettings, quick: bool) -> tuple:
    """(fresh starts of each configuration, measured runs of each workload per start)."""
    profile = tuning.profile(quick)
    return (profile.rounds, 1) if profile.restart_per_round else (1, profile.rounds)


def estimate_seconds(
    configs: dict, wanted: tuple, tuning: TuningSettings, quick: bool, bench, overhead: float = 10.0
) -> float:
    """Seconds the sweep is planned to take: measuring plus a start/stop overhead per start."""
    profile = tuning.profile(quick)
    starts, repeats = starts_and_repeats(tuning, quick)
    total = 0.0
    for name, found in configs.items():
        chosen = workloads_of(name, wanted, bench)
        per_start = overhead + profile.primer_seconds + 1.0
        seconds = cpu_seconds(bench, name, profile.seconds)
        per_start += (profile.warmup_seconds + repeats * (seconds + 0.5)) if "cpu" in chosen else 0
        per_start += repeats * (profile.io_seconds + 1.0) if "io" in chosen else 0
        total += per_start * len(found) * starts
    return total


def sweep(names: list, wanted: tuple, tuning: TuningSettings, quick: bool, seed: int | None = None) -> dict:
    """Measure every configuration of ``names``; return the raw runs keyed by (stack, configuration key)."""
    bench = bench_settings.load(quick)
    configs = plan(names, quick)
    stacks = {name: manifest.find(name) for name in configs}
    starts, repeats = starts_and_repeats(tuning, quick)
    pinning.pin_harness()
    seed = seed if seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    tasks = [(name, i) for name, found in configs.items() for i in range(len(found))]
    order = [rng.sample(tasks, len(tasks)) for _ in range(starts)]
    planned = {
        (r, f"{n}#{i}"): estimate_seconds({n: [configs[n][i]]}, wanted, tuning, quick, bench, 0) / starts
        for r in range(starts)
        for n, i in tasks
    }
    progress = Progress(planned)
    progress.say(
        f"tune ({'quick' if quick else 'full'}): {len(tasks)} configurations of {len(configs)} stack(s), "
        f"{starts} start(s) of each with {repeats} measured run(s) per workload, workloads "
        f"{', '.join(wanted)}, order shuffled (seed {seed}); about {progress.clock(progress.left())}"
    )
    raw = {(n, configs[n][i].key): {"runs": [], "reason": "", "processes": {}, "startup": []} for n, i in tasks}
    for r in range(starts):
        for position, (name, i) in enumerate(order[r], 1):
            config, entry = configs[name][i], raw[(name, configs[name][i].key)]
            if entry["reason"]:
                progress.finish(r, f"{name}#{i}", 0)
                continue
            progress.begin(r + 1, starts, f"{name} [{config.label}]", position, len(tasks))
            began = time.monotonic()
            try:
                runs = one_start(
                    stacks[name], config, workloads_of(name, wanted, bench), tuning, quick, bench, progress, repeats
                )
            except (RuntimeError, StackError, ValueError, OSError, subprocess.TimeoutExpired) as exc:
                entry["reason"] = str(exc) or exc.__class__.__name__
                progress.say(f"    FAILED: {entry['reason']}")
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
        "starts": starts,
        "repeats": repeats,
        "elapsed_seconds": round(progress.elapsed(), 1),
        "bench": bench,
    }
