"""The tuning harness's command line, behind ``make tune`` and ``make tune-all``.

    python -m benchmarks.tuning tune --stack NAME [--workload cpu|io] [--quick]   one stack (make tune)
    python -m benchmarks.tuning tune-all [--quick]         every stack with knobs, both workloads (make tune-all)
    python -m benchmarks.tuning limits [--quick] [--only open-loop,cgi-floor,ceiling]
                                                           the limits beside the sweep (part of tune-all)

Only a full ``tune-all`` writes the committed benchmarks/results/tuning.json and
the limits' results; a quick run or one stack writes to benchmarks/scratch/. The
page, docs/tuning.md, is written by ``make tables`` from them (course/registry.py).
"""

import argparse
import json
import shutil

from benchmarks.shared import folders, machine
from benchmarks.tuning import limits, openloop, results, run, settings
from stacks.runner import manifest
from stacks.runner.cli import dispatch
from stacks.runner.errors import StackError

RESULTS_NAME = "tuning.json"


def results_path(names: list, quick: bool, complete: bool):
    if complete and not quick:
        return folders.results_dir(committed=True) / RESULTS_NAME
    tail = names[0] if len(names) == 1 else "all"
    return folders.results_dir(committed=False) / f"tuning-{tail}{'-quick' if quick else ''}.json"


def describe(entry: dict) -> list:
    """Lines for the terminal: per workload, the best configuration and the shipped one's share of it."""
    lines = [f"{entry['name']}:"]
    for workload, top in entry["best"].items():
        share = entry["shipped_share"][workload]
        lines.append(
            f"  {workload:<3} best {top['rps']:>9.1f} req/s with {top['label']} (peak {top['rss_mib']:.0f} MiB); "
            + (f"shipped reaches {share:.0%} of it" if share is not None else "shipped measured nothing")
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


LIMITS = {  # results file -> how it is measured (quick or not)
    "open-loop.json": lambda quick: openloop.measure(list(manifest.discover()), settings.load(), quick),
    "cgi-floor.json": limits.cgi_floor,
    "ceiling.json": limits.ceiling,
}


def measure_limits(quick: bool, only: list) -> list:
    """Measure the limits beside the sweep; committed results only from a full run."""
    written = []
    for name in only or LIMITS:
        print(f"limits: {name.removesuffix('.json')}", flush=True)
        found = LIMITS[name](quick)
        path = folders.results_dir(committed=not quick) / (name if not quick else f"quick-{name}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(found, indent=2) + "\n")
        written.append(path)
        print(f"wrote {path}")
    return written


def cmd_limits(args) -> int:
    only = [f"{n.strip()}.json" for n in args.only.split(",") if n.strip()]
    unknown = [n for n in only if n not in LIMITS]
    if unknown:
        raise StackError(
            f"--only {unknown[0].removesuffix('.json')!r} is not one of "
            + ", ".join(n.removesuffix(".json") for n in LIMITS)
        )
    measure_limits(args.quick, only)
    return 0


def cmd_tune_all(args) -> int:
    names = list(manifest.discover())
    tuning = settings.load()
    bench = run.bench_settings.load(args.quick)
    planned = run.estimate_seconds(run.plan(names, args.quick), run.WORKLOADS, tuning, args.quick, bench) / 60
    print(
        f"tune-all: about {planned:.0f} minutes planned for the sweep (budget {tuning.budget_minutes:g} "
        "for everything), then the limits"
    )
    document, path = _sweep(names, run.WORKLOADS, args.quick, args.seed)
    measure_limits(args.quick, [])
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
    lim = sub.add_parser("limits", help="open-loop latency, the CGI floor, the ceiling")
    lim.add_argument("--quick", action="store_true")
    lim.add_argument(
        "--only", default="", help="comma-separated: " + ", ".join(n.removesuffix(".json") for n in LIMITS)
    )
    lim.set_defaults(func=cmd_limits)
    return top


def main(argv=None) -> int:
    return dispatch(parser().parse_args(argv))
