"""The harness's command line, behind the Makefile targets.

    python -m benchmarks run [--quick] [--stacks a,b]   the wrk matrix (make bench)
    python -m benchmarks docs                           docs/benchmarks.md from latest.json (make bench-docs)
    python -m benchmarks compare OLD.json NEW.json      is the ranking the same in two runs?
    python -m benchmarks load --stack NAME ...          locust, headless (make load)
    python -m benchmarks locust-ceiling                 locust's own limit on one core, against static
    python -m benchmarks slow-clients [--quick] [--stacks a,b]   slow-client attacks (make slow-clients)
    python -m benchmarks availability [--quick] [--stacks a,b]   faults under load (make availability)
    python -m benchmarks slow-clients-docs | availability-docs   their pages from the last results
"""

import argparse
import json
import shutil
import sys
from pathlib import Path

from benchmarks.availability import results as availability_results
from benchmarks.availability import run as availability
from benchmarks.availability import settings as availability_settings
from benchmarks.load import run as load
from benchmarks.matrix import compare, settings, table
from benchmarks.matrix import run as matrix
from benchmarks.matrix.results import write_results
from benchmarks.shared import folders
from benchmarks.slow_clients import results as slow_clients_results
from benchmarks.slow_clients import run as slow_clients
from benchmarks.slow_clients import settings as slow_clients_settings
from course import availability_page, benchmarks_page, slow_clients_page
from stacks.runner import manifest
from stacks.runner.cli import dispatch
from stacks.runner.errors import StackError
from stacks.runner.options import RunOptions


def _stack_names(raw: str, variants: tuple = ()) -> list:
    """The stacks (or benchmark variants of them) to measure; every stack when none is named."""
    known = [*manifest.discover(), *variants]
    if not raw:
        return list(manifest.discover())
    names = [n.strip() for n in raw.split(",") if n.strip()]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise StackError(f"unknown stack {unknown[0]!r}; the stacks are: {', '.join(known)}")
    return names


def _rewrite_docs(folder: Path, results: dict | None = None) -> None:
    """docs/benchmarks.md follows the committed results folder only (quick runs and tests write elsewhere)."""
    if folder != folders.DEFAULT_RESULTS.absolute():
        return
    if results is None:
        if not (folder / "latest.json").is_file():
            return
        results = json.loads((folder / "latest.json").read_text())
    print(f"wrote {benchmarks_page.write(results)}")


def cmd_run(args) -> int:
    if not shutil.which("wrk"):
        raise StackError("wrk is missing: run 'make setup' (it installs the Debian package wrk)")
    chosen = settings.load(args.quick)
    names = _stack_names(args.stacks, tuple(chosen.variants))
    full = not args.quick and names == list(manifest.discover())
    folder = folders.results_dir(committed=full or args.commit)
    if not full:
        print(f"a {'quick' if args.quick else 'partial'} run: results go to {folder}, "
              "the committed ones are left alone (--commit to replace them)")
    results = matrix.run(names, chosen, args.seed)
    paths = write_results(results, folder)
    print()
    print(table.render(results))
    print(table.render_io(results))
    print("wrote " + ", ".join(str(p) for p in paths))
    _rewrite_docs(folder, results)
    failed = [s["name"] for s in results["stacks"] if not s["verified"]]
    if failed:
        print(f"failed: {', '.join(failed)} (see the reason in the table)", file=sys.stderr)
    return 1 if failed else 0


def cmd_docs(args) -> int:
    source = folders.results_dir() / "latest.json"
    if not source.is_file():
        raise StackError(f"no results yet at {source}: run 'make bench' first")
    print(f"wrote {benchmarks_page.write(json.loads(source.read_text()))}")
    return 0


def cmd_compare(args) -> int:
    return compare.main(args.old, args.new, args.margin)


def cmd_load(args) -> int:
    return load.run(args.stack, args.users, args.spawn_rate, args.duration, args.think, RunOptions.from_environ(),
                    args.workers)


def cmd_locust_ceiling(args) -> int:
    status = load.ceiling(args.users, args.duration)
    _rewrite_docs(folders.results_dir())
    return status


def _page_follows(path: Path, write) -> None:
    """A generated page follows the committed results only: the default folder, a full run."""
    if path.parent == folders.DEFAULT_RESULTS.absolute() and "quick" not in path.name and path.is_file():
        print(f"wrote {write(json.loads(path.read_text()))}")


def cmd_slow_clients(args) -> int:
    path, results = slow_clients.run(_stack_names(args.stacks), args.quick)
    print(f"wrote {path}")
    for entry in results["stacks"]:
        if entry["name"] in _stack_names(args.stacks):
            print(f"  {entry['name']:<12} {slow_clients_results.verdict(entry)}")
    _page_follows(path, slow_clients_page.write)
    return 0


def _rewrite_page(path, write, target: str) -> int:
    """Write a page again from the committed results at ``path`` (made by ``make target``)."""
    if not path.is_file():
        raise StackError(f"no results yet at {path}: run 'make {target}' first")
    print(f"wrote {write(json.loads(path.read_text()))}")
    return 0


def cmd_slow_clients_docs(args) -> int:
    return _rewrite_page(slow_clients_settings.results_file(False), slow_clients_page.write, "slow-clients")


def cmd_availability(args) -> int:
    names = _stack_names(args.stacks)
    path, results = availability.run(names, args.quick)
    print(f"wrote {path}")
    missed = []
    for entry in (e for e in results["stacks"] if e["name"] in names):
        print(availability_results.summary_line(entry))
        missed += [f"{entry['name']}: {g['goal']} ({g['seen']})" for g in entry.get("goals", []) if not g["met"]]
        if not entry.get("started"):
            missed.append(f"{entry['name']}: did not start: {entry.get('reason')}")
    _page_follows(path, availability_page.write)
    for line in missed:
        print(f"missed: {line}", file=sys.stderr)
    return 1 if missed else 0


def cmd_availability_docs(args) -> int:
    return _rewrite_page(availability_settings.results_file(False), availability_page.write, "availability")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    sub = top.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="the wrk matrix over the stacks")
    run.add_argument("--quick", action="store_true", help="a short run: a few seconds per stack")
    run.add_argument("--stacks", default="", help="comma-separated stack names (default: every stack)")
    run.add_argument("--seed", type=int, default=None, help="the seed of the shuffled order")
    run.add_argument("--commit", action="store_true",
                     help="write the committed results and docs/benchmarks.md even for a quick or partial run")
    run.set_defaults(func=cmd_run)
    sub.add_parser("docs", help="regenerate docs/benchmarks.md").set_defaults(func=cmd_docs)
    cmp = sub.add_parser("compare", help="check two results files rank the stacks alike")
    cmp.add_argument("old")
    cmp.add_argument("new")
    cmp.add_argument("--margin", type=float, default=0.2, help="medians closer than this may swap (0.2 = 20%%)")
    cmp.set_defaults(func=cmd_compare)
    ld = sub.add_parser("load", help="locust, headless, against a stack")
    ld.add_argument("--stack", default="wsgi")
    ld.add_argument("--users", type=int, default=20)
    ld.add_argument("--spawn-rate", type=float, default=5)
    ld.add_argument("--duration", default="30s")
    ld.add_argument("--think", type=float, default=None, help="seconds of think time (default: 0.5-2 s)")
    ld.add_argument("--workers", type=int, default=0, help="locust's distributed mode: a master and this many workers")
    ld.set_defaults(func=cmd_load)
    lc = sub.add_parser("locust-ceiling", help="locust's own limit on one core, against static")
    lc.add_argument("--users", type=int, default=64)
    lc.add_argument("--duration", default="20s")
    lc.set_defaults(func=cmd_locust_ceiling)
    sc = sub.add_parser("slow-clients", help="slow-client attacks on each stack, probed meanwhile")
    sc.add_argument("--quick", action="store_true", help="a short run with fewer connections")
    sc.add_argument("--stacks", default="", help="comma-separated stack names (default: every stack)")
    sc.set_defaults(func=cmd_slow_clients)
    sub.add_parser("slow-clients-docs", help="regenerate docs/slow-clients.md").set_defaults(func=cmd_slow_clients_docs)
    av = sub.add_parser("availability", help="faults injected under a steady load, availability in nines")
    av.add_argument("--quick", action="store_true", help="a short run")
    av.add_argument("--stacks", default="production", help="comma-separated stack names (default: production)")
    av.set_defaults(func=cmd_availability)
    sub.add_parser("availability-docs", help="regenerate docs/availability.md").set_defaults(func=cmd_availability_docs)
    return top


def main(argv=None) -> int:
    return dispatch(parser().parse_args(argv))
