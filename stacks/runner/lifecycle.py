"""Starting, stopping and finding the one running stack.

Nothing here knows a stack by name: everything comes from its manifest. A
start is planned first (``startplan``: every mistake caught while nothing
runs), then launched; a launch that fails at any step stops whatever it started
and ends in one StackError line, so nothing is left half-running.
"""

import os
import shutil
import signal
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from stacks.runner import diagnosis, ports, prepare, probe, proctree, rundir, supervise
from stacks.runner.errors import StackError
from stacks.runner.options import RunOptions
from stacks.runner.runstate import RunState, state_file
from stacks.runner.startplan import Plan, plan
from stacks.runner.summary import describe  # noqa: F401  (the run summary, next to start)


def read_state(base: Path) -> RunState | None:
    """What runs from ``base``, or None when nothing does."""
    state = RunState.load(base)
    return state if state and supervise.pid_alive(state.pid) else None


def start(name: str, options: RunOptions, keep_failed: bool = False) -> RunState:
    """Start stack ``name`` as ``options`` say; return its state. Stops a running stack first.

    ``keep_failed``: a stack whose programs run but whose probe fails is left
    running when the error is raised — a troubleshooting lab shows its symptom
    that way (curl, ``make status``, ``make logs``); ``make stop-stack`` ends it.
    """
    return launch(plan(name, options), keep_failed)


def launch(chosen: Plan, keep_failed: bool = False) -> RunState:
    """Carry out a plan. Any failure stops what was started (unless ``keep_failed`` and
    supervisord runs) and is raised as one StackError."""
    base = chosen.run
    running = read_state(base)
    if running:
        print(f"stopping the running stack {running.stack!r} first")
        stop(base)
    for port_name in chosen.stack.ports:
        ports.ensure_free(chosen.values[port_name], chosen.options.host, port_name)
    try:
        return _launch(chosen)
    except StackError:
        if not (keep_failed and read_state(base)):
            stop(base, quiet=True)
        raise
    except Exception as exc:
        stop(base, quiet=True)
        raise StackError(f"stack {chosen.stack.name!r} did not start: {exc.__class__.__name__}: {exc}") from None
    except BaseException:  # an interrupt: still leave nothing running
        stop(base, quiet=True)
        raise


def _launch(chosen: Plan) -> RunState:
    base, name, user = chosen.run, chosen.stack.name, chosen.options.user
    folders = rundir.prepare(base, user)
    rundir.state_folder(base, name, user, chosen.options.state_dir)
    for rendered, text in chosen.files.items():
        (folders["conf"] / rendered).write_text(text)
    env = dict(chosen.env)
    prepare.run_steps(
        list(chosen.steps),
        {**os.environ, **{k: str(v) for k, v in env.items()}},
        base,
        folders["logs"] / "prepare.log",
        user,
    )
    env.update(prepare.read_environment_files(list(chosen.environment_files)))
    conf = folders["conf"] / "supervisord.conf"
    prepare.private_write(conf, supervise.config(list(chosen.processes), env, base, user))
    state = replace(chosen.state, pid=supervise.start(chosen.supervisord, conf, base))
    state.write()
    reason = probe.wait(
        state.probe,
        chosen.stack.probe.status,
        chosen.stack.probe.body,
        chosen.stack.startup_seconds,
        state.cafile,
        diagnosis.died_early(base),
    )
    if not reason:
        reason = probe.wait_listening(state.urls, chosen.stack.startup_seconds)
    if not reason:
        reason = diagnosis.settle(base)
    if reason:
        names, tails = diagnosis.failure_details(base)
        raise StackError(f"stack {name!r} did not start: {names}: {reason}", tails)
    return state


def _kill_leftovers(pids: list) -> list:
    """SIGKILL, by pid, any process of ours still alive; return those that were."""
    left = [p for p in pids if supervise.pid_alive(p)]
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return left


@dataclass
class Stopped:
    """What a stop did: the stack's name ('' when none ran) and what it had to clean up.

    ``problems`` (processes that outlived supervisord, ports still held) make
    ``make stop-stack`` fail; ``sockets`` the servers left in var/ are removed
    with it, and ``orphans`` (already outside supervisord's tree) ended, and both
    only reported.
    """

    stack: str = ""
    problems: list = field(default_factory=list)
    sockets: list = field(default_factory=list)
    orphans: list = field(default_factory=list)  # processes whose parent had died (a killed master's workers)

    def __bool__(self) -> bool:
        return bool(self.stack)


def stop(base: Path, quiet: bool = False) -> Stopped:
    """Stop the stack running from ``base`` and check nothing of it is left."""
    state = read_state(base)
    if not state:
        state_file(base).unlink(missing_ok=True)
        return Stopped()
    tree = proctree.descendants(state.pid)
    supervise.shutdown(base, state.pid)
    deadline = time.monotonic() + 10
    while any(supervise.pid_alive(p) for p in tree) and time.monotonic() < deadline:
        time.sleep(0.05)
    result = Stopped(state.stack)
    leftovers = _kill_leftovers(tree)
    if leftovers:
        result.problems.append(f"killed {len(leftovers)} process(es) that outlived supervisord: {leftovers}")
    result.orphans = _kill_leftovers(proctree.of_run(base))
    for port in state.ports.values():
        if not ports.wait_free(port, state.host, 10):
            result.problems.append(f"port {port} is still held by {ports.holder(port) or 'something'}")
    result.sockets = sorted(str(p.relative_to(base)) for p in (base / "var").rglob("*") if p.is_socket())
    for leftover in ("var", "supervisor.sock", "supervisord.pid"):
        path = base / leftover
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    state_file(base).unlink(missing_ok=True)
    if result.problems and not quiet:
        print("warning: " + "; ".join(result.problems))
    return result
