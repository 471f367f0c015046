"""Starting and stopping a stack for a measurement, through the runner people use.

``python -m stacks run`` and ``stop`` (the commands behind ``make run-stack``)
run in a run directory of the benchmark's own on a free port, so a stack a
person left running on 8080 is never touched. The start is pinned to the
server's core (see pinning), and what it started is recorded: how many
processes each program has, which is how gunicorn's worker count shows.
"""

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.shared import pinning
from stacks.runner import manifest, ports, proctree, supervise
from stacks.runner.options import TUNE_PREFIX
from stacks.runner.paths import ROOT, run_base
from stacks.runner.runstate import RunState

START_TIMEOUT = 180  # seconds; the runner has its own, shorter, per-stack deadline


def bench_run_dir() -> Path:
    """``BENCH_RUN_DIR``, or a sibling of the usual run directory."""
    configured = os.environ.get("BENCH_RUN_DIR")
    return Path(configured).absolute() if configured else Path(f"{run_base()}-bench")


@dataclass
class Started:
    """A stack that is up for a measurement."""

    name: str
    run: Path
    env: dict
    state: RunState
    startup_seconds: float
    repinned: list = field(default_factory=list)

    @property
    def base_url(self) -> str:
        """Scheme, host and port the stack serves at, as the runner recorded them."""
        return self.state.base_url

    def pids(self) -> list:
        """Every process of the stack, as of now: supervisord's descendants, and those carrying its mark
        outside its tree (a container's processes, children of Podman's conmon)."""
        below = proctree.descendants(self.state.pid)
        return below + [p for p in proctree.of_run(self.run) if p not in below]

    def processes(self) -> dict:
        """Processes per supervisord program (the program and every process below it)."""
        return {i["name"]: 1 + len(proctree.descendants(i["pid"])) for i in supervise.programs(self.run)}


def free_ports(name: str) -> dict:
    """A free port for every named port of the manifest (HTTPS_PORT, TRACKER_PORT, ...), so a
    stack started for a measurement never meets one a person left running on the defaults."""
    return {key.upper(): str(ports.pick_free("127.0.0.1"))
            for key, default in manifest.find(name).ports.items() if default != "auto"}


def _runner(args: list, env: dict, prefix: list = ()) -> subprocess.CompletedProcess:
    """``python -m stacks ARGS``. On Ctrl-C the runner (in the same process group) got it too:
    it is given time to stop what it started instead of being killed half-way."""
    command = [*prefix, sys.executable, "-m", "stacks", *args]
    with subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as process:
        try:
            out, err = process.communicate(timeout=START_TIMEOUT)
        except KeyboardInterrupt:
            process.wait(timeout=START_TIMEOUT)
            raise
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def start(name: str, python_env: str = "", run: Path | None = None, port: int | None = None,
          overlay: Path | None = None, tuning: dict | None = None) -> Started:
    """Start ``name`` pinned to the server core; raise RuntimeError with the runner's message.

    By default in the benchmark's own run directory on a free port; ``load``
    passes the usual run directory and PORT so the stack is the one a person sees.
    ``tuning`` chooses values of the stack's tunable knobs (``make tune``).
    """
    run = run or bench_run_dir()
    run.mkdir(parents=True, exist_ok=True)
    os.chmod(run, 0o755)
    env = {**os.environ, "LAB_RUN_DIR": str(run), **({} if port else free_ports(name)),
           "PORT": str(port or ports.pick_free("127.0.0.1"))}
    if python_env:
        env["PYTHON_ENV"] = python_env
    if overlay:
        env["LAB_OVERLAY"] = str(overlay)  # a benchmark variant: some templates replaced
    env = {k: v for k, v in env.items() if not k.startswith(TUNE_PREFIX)}  # only the knobs chosen here
    env.update({TUNE_PREFIX + knob.upper(): str(value) for knob, value in (tuning or {}).items()})
    began = time.monotonic()
    try:
        result = _runner(["run", name], env, pinning.prefix(pinning.SERVER_CPU))
    except KeyboardInterrupt:
        _runner(["stop"], env)  # whatever an interrupted start left in its run directory
        raise
    elapsed = time.monotonic() - began
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()
        raise RuntimeError(message[0].removeprefix("error: ") if message else f"exit status {result.returncode}")
    state = RunState.load(run)
    if state is None:
        raise RuntimeError(f"the runner started {name} but wrote no state in {run}")
    started = Started(name, run, env, state, elapsed)
    started.repinned = pinning.pin_all([state.pid, *started.pids()])
    return started


def stop(started: Started) -> str:
    """Stop through the runner; '' or what went wrong."""
    result = _runner(["stop"], started.env)
    return "" if result.returncode == 0 else (result.stderr or result.stdout).strip()
