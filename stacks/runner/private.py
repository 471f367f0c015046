"""Starting a stack privately from Python: its own run directory, free ports, never the one a person runs.

Tests, benchmarks, exercise checkers, labs and page generators all start stacks
beside whatever a person left running on 8080. They do it through this one
function, with the same ``RunOptions`` the command line builds: the run
directory is a fresh folder the service account can reach, every named port of
the manifest the caller did not choose is a free one, and stopping removes the
folder again. Nothing is handed over in environment variables.
"""

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from stacks.runner import lifecycle, manifest, ports
from stacks.runner.options import RunOptions
from stacks.runner.runstate import RunState

PRIVATE_RUNS = Path("/tmp/interface-lab-private")
MADE_HERE = ".made-by-start-private"  # in a run directory start_private made: stop_private removes it


def new_run_dir(name: str) -> Path:
    """A fresh run directory for stack ``name`` that the service account can reach (/tmp, mode 755)."""
    PRIVATE_RUNS.mkdir(mode=0o755, exist_ok=True)
    os.chmod(PRIVATE_RUNS, 0o1777)  # any user's private starts land here, as in /tmp itself
    run = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=PRIVATE_RUNS))
    os.chmod(run, 0o755)
    return run


def free_ports(name: str, host: str = "127.0.0.1", chosen: dict | None = None) -> dict:
    """A free port for every named port of the manifest not in ``chosen`` and not picked at start ("auto")."""
    chosen = chosen or {}
    return {
        key: ports.pick_free(host)
        for key, default in manifest.find(name).ports.items()
        if default != "auto" and key not in chosen
    }


def private_options(name: str, options: RunOptions | None = None, run_dir: Path | None = None) -> RunOptions:
    """``options`` (default: the defaults, ``PYTHON_ENV=test``) with free ports and a fresh run
    directory (or ``run_dir``, made reachable) that keeps the stack's state too."""
    options = options or RunOptions(python_env="test")
    if run_dir is None:
        run_dir = new_run_dir(name)
        (run_dir / MADE_HERE).touch()
    else:
        run_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(run_dir, 0o755)
    return options.but(
        run_dir=run_dir.absolute(),
        state_dir=None,  # its state stays in its own folder too, never in the person's (LAB_STATE_DIR)
        ports={**options.ports, **free_ports(name, options.host, options.ports)},
    )


def start_private(
    name: str, options: RunOptions | None = None, keep_failed: bool = False, run_dir: Path | None = None
) -> RunState:
    """Start stack ``name`` as ``options`` say, in a fresh run directory on free ports; its state.

    ``run_dir``: a folder of the caller's own instead of a fresh one, reused
    from start to start so a stack's ``state/`` survives (the production
    stack's tracker database, for a benchmark that starts it many times).
    A failed start raises the runner's StackError (its one line, the log tails
    in ``details``) and leaves nothing running and no fresh folder behind,
    unless ``keep_failed`` (a troubleshooting lab showing its symptom).
    """
    chosen = private_options(name, options, run_dir)
    try:
        return lifecycle.start(name, chosen, keep_failed=keep_failed)
    except BaseException:
        if not (keep_failed and lifecycle.read_state(chosen.run_dir)):
            _discard(chosen.run_dir)
        raise


def _discard(run: Path) -> None:
    """Remove a run directory start_private made (never a caller's own ``run_dir``)."""
    if (run / MADE_HERE).exists():
        shutil.rmtree(run, ignore_errors=True)


def stop_private(state: RunState, keep: bool = False) -> lifecycle.Stopped:
    """Stop a stack ``start_private`` started and remove the fresh run directory it made
    (``keep``: leave it, to look at its logs)."""
    stopped = lifecycle.stop(state.run, quiet=True)
    if not keep:
        _discard(state.run)
    return stopped


@contextlib.contextmanager
def private_stack(name: str, options: RunOptions | None = None):
    """``start_private`` for a ``with`` block: yields the state, stops and removes it on the way out."""
    state = start_private(name, options)
    try:
        yield state
    finally:
        stop_private(state)


def command_line_environment(state: RunState, environ=None) -> dict:
    """The environment in which a command line (``python -m stacks status``, a ``make``
    target, a production tool) acts on the stack of ``state``: its run directory and ports.

    Only for handing a stack to another program; Python callers pass ``RunOptions``.
    """
    return {
        **(os.environ if environ is None else environ),
        "LAB_RUN_DIR": str(state.run),
        **{name.upper(): str(port) for name, port in state.ports.items()},
    }
