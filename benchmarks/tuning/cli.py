"""The tuning harness's command line, behind ``make tune`` and ``make tune-all``.

    python -m benchmarks.tuning tune --stack NAME [--workload cpu|io] [--quick]   one stack (make tune)
    python -m benchmarks.tuning tune-all [--quick]         every stack with knobs, both workloads (make tune-all)
    python -m benchmarks.tuning page                       docs/tuning.md from the committed results

Only a full ``tune-all`` writes the committed benchmarks/results/tuning.json
(and the page follows it); a quick run or one stack writes to benchmarks/scratch/.
"""

import argparse
import shutil

from benchmarks import machine
from benchmarks.tuning import results, run, settings
from stacks.runner import manifest
from stacks.runner.cli import dispatch
from stacks.runner.errors import StackError

RESULTS_NAME = "tuning.json"


def results_path(names: list, quick: bool, complete: bool):
    if complete and not quick:
        return settings.results_dir(committed=True) / RESULTS_NAME
    tail = names[0] if len(names) == 1 else "all"
    return settings.results_dir(committed=False) / f"tuning-{tail}{'-quick' if quick else ''}.json"


def describe(entry: dict) -> list:
    """Lines for the terminal: per workload, the best configuration and the shipped one's share of it."""
    lines = [f"{entry['name']}:"]
    for workload, top in entry["best"].items():
        lines.append(
            f"  {workload:<3} best {top['rps']:>9.1f} req/s with {top['label']} (peak {top['rss_mib']:.0f} MiB); "
            f"shipped reaches {entry['shipped_share'][workload]:.0%} of it"
        )
    lines += [f"  failed: {c['label']}: {c['reason']}" for c in entry["configurations"] if c["reason"]]
    return lines


def _sweep(names: list, wanted: tuple, quick: bool, seed) -> tuple:
    if not shutil.which("wrk"):
        raise StackError("wrk is missing: run 'make setup' (it installs the Debian package wrk)")
    tuning = settings.load()
    configs = run.plan(names, quick)
    if not configs:
        reason = tuning.untuned.get(names[0], "its manifest declares no [tunable] knobs")
        raise StackError(f"{names[0]} has nothing to tune: {reason}")
    started = {"load_average_start": machine.load_average(), "busy_percent_start": machine.busy_percent()}
    swept = run.sweep(names, wanted, tuning, quick, seed)
    document = results.document(swept, wanted, tuning, quick, names, started)
    path = results.write(document, results_path(names, quick, document["complete"]))
    print()
    for entry in document["stacks"]:
        print("\n".join(describe(entry)))
    print(f"wrote {path}")
    return document, path


def cmd_tune(args) -> int:
    manifest.find(args.stack)
    wanted = run.WORKLOADS if not args.workload else (args.workload,)
    document, _ = _sweep([args.stack], wanted, args.quick, args.seed)
    return 0 if all(not c["reason"] for s in document["stacks"] for c in s["configurations"]) else 1


def cmd_tune_all(args) -> int:
    names = list(manifest.discover())
    tuning = settings.load()
    planned = (
        run.estimate_seconds(
            run.plan(names, args.quick), run.WORKLOADS, tuning, args.quick, run.bench_settings.load(args.quick)
        )
        / 60
    )
    print(f"tune-all: about {planned:.0f} minutes planned (budget {tuning.budget_minutes:g})")
    document, path = _sweep(names, run.WORKLOADS, args.quick, args.seed)
    failed = [f"{s['name']} [{c['label']}]" for s in document["stacks"] for c in s["configurations"] if c["reason"]]
    if failed:
        print("failed: " + "; ".join(failed))
    return 1 if failed else 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m benchmarks.tuning", description=__doc__.splitlines()[0])
    sub = top.add_subparsers(dest="command", required=True)
    tune = sub.add_parser("tune", help="sweep one stack's knobs")
    tune.add_argument("--stack", required=True)
    tune.add_argument("--workload", choices=run.WORKLOADS, default="", help="one workload (default: both)")
    tune.add_argument("--quick", action="store_true", help="the quick grid, one round, short runs")
    tune.add_argument("--seed", type=int, default=None)
    tune.set_defaults(func=cmd_tune)
    every = sub.add_parser("tune-all", help="sweep every stack with knobs, both workloads")
    every.add_argument("--quick", action="store_true")
    every.add_argument("--seed", type=int, default=None)
    every.set_defaults(func=cmd_tune_all)
    return top


def main(argv=None) -> int:
    return dispatch(parser().parse_args(argv))
