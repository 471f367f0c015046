"""Replaying the corpus against stacks: the running one (``make hostile``) or each in turn (``make hostile-all``).

Results only, where benchmarks/shared/folders.py says: a replay of one running stack is a
partial run (scratch, unless --commit); every stack in turn is a full one. docs/security.md
is written by ``make tables``, which the Makefile targets run last.
"""

import sys

from benchmarks.hostile import corpus, h2_replay, replay, verdict
from benchmarks.hostile.results import RESULTS, save
from benchmarks.shared import folders, stack_start
from stacks.runner import lifecycle, manifest
from stacks.runner.errors import StackError
from stacks.runner.paths import run_base


def _progress(case, modes) -> None:
    marks = {"pass": ".", "known": "k", "failure": "F"}
    print("".join(marks[m["verdict"]] for m in modes.values()), end="", flush=True)


def replay_stack(name: str, base_url: str, cafile: str) -> dict:
    print(f"{name}: {len(corpus.load())} cases, whole and in pieces ", end="", flush=True)
    report = replay.replay(name, base_url, cafile, verdict.Traits.of(manifest.find(name)), progress=_progress)
    print(f" {report['seconds']} s, {report['counts']}")
    if h2_replay.offers_h2(base_url, cafile):  # the HTTP/2 cases, where the stack offers h2 over TLS
        report["h2"] = h2_replay.replay(name, base_url, cafile)
        print(f"{name}: {len(report['h2']['cases'])} HTTP/2 cases, {report['h2']['seconds']} s")
    for line in failures(report):
        print(f"  FAIL {line}")
    return report


def failures(report: dict) -> list[str]:
    """Every failure of a stack's report: the HTTP/1.1 corpus, and the HTTP/2 cases where it had them."""
    return replay.failures(report) + (h2_replay.failures(report["h2"]) if "h2" in report else [])


def run_running(name: str, commit: bool = False) -> int:
    """``make hostile STACK=name``: replay against the stack running from LAB_RUN_DIR (a partial run)."""
    manifest.find(name)  # an unknown name is a one-line error listing the stacks
    state = lifecycle.read_state(run_base())
    if state is None or state.stack != name:
        running = f"'{state.stack}' runs" if state else "nothing runs"
        raise StackError(
            f"stack '{name}' is not running ({running} in {run_base()}): start it with 'make run-stack STACK={name}'"
        )
    folder = folders.for_run(quick=False, partial=True, commit=commit)
    report = replay_stack(name, state.base_url, state.cafile)
    save({name: report}, folder)
    print(f"wrote {folder / RESULTS.name}")
    return 1 if failures(report) else 0


def run_all(names: list, commit: bool = False) -> int:
    """Every stack (or ``names``) started in turn in the benchmarks' run directory, replayed, stopped."""
    folder = folders.for_run(quick=False, partial=bool(names) and names != list(manifest.discover()), commit=commit)
    failed = []
    for name in names or list(manifest.discover()):
        try:
            started = stack_start.start(name)
        except StackError as exc:
            print(f"{name}: did not start: {exc}", file=sys.stderr)
            failed.append(name)
            continue
        try:
            report = replay_stack(name, started.base_url.rstrip("/"), started.state.cafile)
        finally:
            stack_start.stop(started)
        save({name: report}, folder)
        if failures(report):
            failed.append(name)
    print(f"wrote {folder / RESULTS.name}")
    if failed:
        print(f"failures on: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0
