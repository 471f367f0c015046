"""``make slow-clients``: each stack in turn under slow-client attacks, probed meanwhile.

Every stack is started through the runner (its own run directory, free ports),
then each attack of ``attacks.toml`` holds its slow connections from
127.0.0.1 while one client probes ``GET /`` from 127.0.0.2 a few times a second.
Per stack and attack: probes sent and answered, the worst latency, and how many
slow connections the server kept. The results merge per stack into
``slow-clients.json`` (a quick run into ``slow-clients-quick.json``); a full run
into the default results folder regenerates docs/slow-clients.md.
"""

import time
from pathlib import Path

from benchmarks.matrix import settings
from benchmarks.shared import machine, pinning, run_profile, slowhttp, stack_results, stack_start, timeline
from benchmarks.shared.traffic import Traffic
from benchmarks.slow_clients.settings import load_config, results_file
from stacks.runner import manifest
from stacks.runner.errors import StackError
from stacks.runner.options import RunOptions


def _path(spec: str, stack: manifest.Manifest) -> str:
    if spec == "probe" or stack.contract != "full":
        return stack.probe.path
    return spec


def attack_once(started: stack_start.Started, stack: manifest.Manifest, spec: dict, config: dict) -> dict:
    """One attack against a running stack, probed all along; its numbers."""
    knobs = config["attack_settings"]
    attack = slowhttp.Attack(spec["kind"], int(knobs["connections"]), int(knobs["seconds"]), int(knobs["interval"]))
    with Traffic(
        started.base_url,
        started.state.cafile,
        clients=1,
        rate=float(config["probe_rate"]),
        timeout=float(config["probe_timeout_s"]),
        path=stack.probe.path,
        expect=(stack.probe.status, stack.probe.body.encode()),
    ) as probes:
        began = time.monotonic()
        held = slowhttp.finish(slowhttp.start(attack, started.base_url + _path(spec["path"], stack)), attack)
        ended = time.monotonic()
    numbers = timeline.summary(probes.snapshot(), began, ended, streak=3)
    return {
        "kind": attack.kind,
        "connections": attack.connections,
        "seconds": attack.seconds,
        "interval": attack.interval,
        "probes": numbers["sent"],
        "answered": numbers["sent"] - numbers["failed"],
        "worst_latency_s": numbers["worst_latency_s"],
        "longest_gap_s": numbers["longest_gap_s"],
        "failures": numbers["failures"],
        "attack": held,
    }


def measure(name: str, config: dict, options: RunOptions | None = None) -> dict:
    """Start ``name`` (as ``options`` say, in the benchmarks' environment), run every attack, stop it;
    its entry of the results."""
    stack = manifest.find(name)
    entry = run_profile.stack_entry(name)
    try:
        options = (options or RunOptions()).but(python_env=settings.load(True).python_env)
        started = stack_start.start(name, options)
    except StackError as exc:
        return {**entry, "started": False, "reason": str(exc), "attacks": []}
    try:
        entry["attacks"] = []
        for spec in config["attack"]:
            print(
                f"slow-clients: {name}: {spec['kind']}, {config['attack_settings']['connections']} connections "
                f"for {config['attack_settings']['seconds']}s",
                flush=True,
            )
            entry["attacks"].append(attack_once(started, stack, spec, config))
            time.sleep(float(config["pause_s"]))
    finally:
        stopped = stack_start.stop(started)
    entry.update(started=True, stop_problem=stopped, load_average_end=machine.load_average())
    entry["probes"] = sum(a["probes"] for a in entry["attacks"])
    entry["answered"] = sum(a["answered"] for a in entry["attacks"])
    entry["worst_latency_s"] = max((a["worst_latency_s"] for a in entry["attacks"]), default=0.0)
    return entry


def run(names: list, quick: bool, folder: Path, options: RunOptions | None = None) -> tuple:
    """Measure ``names``; write the results file; return (its path, the results)."""
    config = load_config(quick)  # a mistake in the settings file stops the run before anything starts
    slowhttp.binary()
    pinning.pin_harness()  # the probe and slowhttptest on the client core, the stack on the server's
    entries = [measure(name, config, options) for name in names]
    path = results_file(quick, folder)
    header = {
        "profile": config["profile"],
        "probe_rate": config["probe_rate"],
        "probe_timeout_s": config["probe_timeout_s"],
        "settings": config["attack_settings"],
        "machine": machine.describe(),
    }
    return path, stack_results.merge(path, entries, header)
