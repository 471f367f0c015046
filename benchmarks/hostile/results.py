"""Where a replay's report goes: benchmarks/results/hostile.json (one entry per stack) and docs/security.md."""

import json
import sys
import time

from benchmarks import stackrun
from benchmarks.hostile import corpus, h2_replay, replay, verdict
from stacks.runner import lifecycle, manifest
from stacks.runner.errors import StackError
from stacks.runner.paths import ROOT, run_base

RESULTS = ROOT / "benchmarks" / "results" / "hostile.json"


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
    problems = failures(report)
    for line in problems:
        print(f"  FAIL {line}")
    return report


def failures(report: dict) -> list[str]:
    """Every failure of a stack's report: the HTTP/1.1 corpus, and the HTTP/2 cases where it had them."""
    return replay.failures(report) + (h2_replay.failures(report["h2"]) if "h2" in report else [])


def save(reports: dict, path=RESULTS) -> None:
    """Merge ``reports`` (stack -> report) into the results file, newest per stack."""
    data = json.loads(path.read_text()) if path.is_file() else {"stacks": {}}
    data["corpus"] = len(corpus.load())
    data["updated"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    data["stacks"].update(reports)
    data["stacks"] = dict(sorted(data["stacks"].items()))
    path.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n")


def run_running(name: str) -> int:
    """``make hostile STACK=name``: replay against the stack running from LAB_RUN_DIR."""
    manifest.find(name)  # an unknown name is a one-line error listing the stacks
    state = lifecycle.read_state(run_base())
    if state is None or state.stack != name:
        running = f"'{state.stack}' runs" if state else "nothing runs"
        raise StackError(f"stack '{name}' is not running ({running} in {run_base()}): "
                         f"start it with 'make run-stack STACK={name}'")
    report = replay_stack(name, state.base_url, state.cafile)
    save({name: report})
    write_docs()
    return 1 if failures(report) else 0


def run_all(names: list) -> int:
    """Every stack (or ``names``) started in turn in the benchmarks' run directory, replayed, stopped."""
    failed = []
    for name in names or list(manifest.discover()):
        try:
            started = stackrun.start(name)
        except RuntimeError as exc:
            print(f"{name}: did not start: {exc}", file=sys.stderr)
            failed.append(name)
            continue
        try:
            report = replay_stack(name, started.base_url.rstrip("/"), started.state.cafile)
        finally:
            stackrun.stop(started)
        save({name: report})
        if failures(report):
            failed.append(name)
    write_docs()
    if failed:
        print(f"failures on: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


def write_docs() -> int:
    from benchmarks.hostile import docs

    docs.write()
    return 0
