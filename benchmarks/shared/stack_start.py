"""A stack started for a measurement: the runner's private start, on the server's core, timed.

Every harness starts stacks with the runner's ``start_private`` (the one way a
Python caller starts a stack): a run directory of the harness's own, free
ports, so a stack a person left running on 8080 is never touched. The start
runs under ``pinning.on_server_core`` so supervisord and every process it
starts inherit core 0 before they size themselves; afterwards any process found
elsewhere is pinned, and what it started is recorded: how many processes each
program has, which is how gunicorn's worker count shows. ``make load`` starts
the stack a person sees instead (the usual run directory and PORT): ``public``.
"""

import contextlib
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.shared import pinning
from stacks.runner import lifecycle, private, proctree, supervise
from stacks.runner.options import RunOptions
from stacks.runner.runstate import RunState


@dataclass
class Started:
    """A stack that is up for a measurement."""

    state: RunState
    startup_seconds: float
    public: bool = False
    repinned: list = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.state.stack

    @property
    def run(self) -> Path:
        return self.state.run

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

    def command_line_environment(self) -> dict:
        """The environment in which a stack's own tool (``python -m stacks.production.deploy``) acts on it."""
        return private.command_line_environment(self.state)


@contextlib.contextmanager
def run_folder(harness: str):
    """One fresh run directory for a whole harness run: every stack it starts shares it, one after
    another, so a stack's state (the production stack's tracker, its CA) is made once per run."""
    folder = private.new_run_dir(harness)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def start(name: str, options: RunOptions | None = None, run_dir: Path | None = None, public: bool = False) -> Started:
    """Start ``name`` on the server core: privately (in ``run_dir`` or a fresh folder), or ``public``ly
    as ``options`` say; a StackError, with the runner's own message, when it does not come up."""
    began = time.monotonic()
    with pinning.on_server_core():
        if public:
            state = lifecycle.start(name, options or RunOptions())
        else:
            state = private.start_private(name, options or RunOptions(python_env="test"), run_dir=run_dir)
    started = Started(state, time.monotonic() - began, public)
    started.repinned = pinning.pin_all([state.pid, *started.pids()])
    return started


def stop(started: Started) -> str:
    """Stop it; '' or what was left behind."""
    stopped = lifecycle.stop(started.run, quiet=True) if started.public else private.stop_private(started.state)
    return "; ".join(stopped.problems)
