"""The harnesses' command line, behind the Makefile targets.

    python -m benchmarks run [--quick] [--stacks a,b] [--commit]   the wrk matrix (make bench)
    python -m benchmarks compare OLD.json NEW.json      is the ranking the same in two runs?
    python -m benchmarks load --stack NAME [--workers N] [--fleet]   locust, headless (make load)
    python -m benchmarks locust-ceiling                 locust's own limit on one core, against static
    python -m benchmarks slow-clients [--quick] [--stacks a,b] [--commit]   slow-client attacks (make slow-clients)
    python -m benchmarks availability [--quick] [--stacks a,b] [--commit]   faults under load (make availability)

Every harness writes results only, where benchmarks/shared/folders.py says (a full
run: the committed folder; a quick or partial one: the scratch folder). The pages
are written by ``make tables`` (python -m course), which each Makefile target runs last.
"""

import argparse
import shutil
import sys

from benchmarks.availability import results as availability_results
from benchmarks.availability import run as availability
from benchmarks.load import places
from benchmarks.load import run as load
from benchmarks.matrix import compare, settings, table
from benchmarks.matrix import run as matrix
from benchmarks.matrix.results import write_results
from benchmarks.shared import folders
from benchmarks.slow_clients import results as slow_clients_results
from benchmarks.slow_clients import run as slow_clients
from stacks.runner import manifest, variables
from stacks.runner.cli import dispatch
from stacks.runner.errors import StackError
from stacks.runner.options import RunOptions

AVAILABILITY_SET = ["production"]  # the reference deployment: a full availability run measures it


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


def cmd_run(args) -> int:
    if not shutil.which("wrk"):
        raise StackError("wrk is missing: run 'make setup' (it installs the Debian package wrk)")
    chosen = settings.load(args.quick)
    names = _stack_names(args.stacks, tuple(chosen.variants))
    folder = folders.for_run(args.quick, names != list(manifest.discover()), args.commit)
    results = matrix.run(names, chosen, args.seed)
    paths = write_results(results, folder)
    print()
    print(table.render(results))
    print(table.render_io(results))
    print("wrote " + ", ".join(str(p) for p in paths))
    failed = [s["name"] for s in results["stacks"] if not s["verified"]]
    if failed:
        print(f"failed: {', '.join(failed)} (see the reason in the table)", file=sys.stderr)
    return 1 if failed else 0


def cmd_compare(args) -> int:
    return compare.main(args.old, args.new, args.margin)


def cmd_load(args) -> int:
    place = places.fleet() if args.fleet else places.LOOPBACK
    return load.run(
        args.stack,
        args.users,
        args.spawn_rate,
        args.duration,
        args.think,
        RunOptions.from_environ(),
        args.workers,
        place,
    )


def cmd_locust_ceiling(args) -> int:
    return load.ceiling(args.users, args.duration)


def cmd_slow_clients(args) -> int:
    names = _stack_names(args.stacks)
    folder = folders.for_run(args.quick, names != list(manifest.discover()), args.commit)
    path, results = slow_clients.run(names, args.quick, folder, RunOptions.from_environ())
    print(f"wrote {path}")
    failed = []
    for entry in results["stacks"]:
        if entry["name"] in names:
            print(f"  {entry['name']:<12} {slow_clients_results.verdict(entry)}")
            if not entry.get("started", True):
                failed.append(entry["name"])
    if failed:
        print(
            f"error: {len(failed)} stack(s) did not start, so were not measured: {', '.join(failed)}; "
            f"'make run-stack STACK={failed[0]}' shows why",
            file=sys.stderr,
        )
        return 1
    return 0


def cmd_availability(args) -> int:
    names = _stack_names(args.stacks)
    folder = folders.for_run(args.quick, names != AVAILABILITY_SET, args.commit)
    path, results = availability.run(names, args.quick, folder)
    print(f"wrote {path}")
    missed = []
    for entry in (e for e in results["stacks"] if e["name"] in names):
        print(availability_results.summary_line(entry))
        missed += [f"{entry['name']}: {g['goal']} ({g['seen']})" for g in entry.get("goals", []) if not g["met"]]
        if not entry.get("started"):
            missed.append(f"{entry['name']}: did not start: {entry.get('reason')}")
    for line in missed:
        print(f"missed: {line}", file=sys.stderr)
    return 1 if missed else 0


def _commit_flag(command) -> None:
    command.add_argument(
        "--commit", action="store_true", help="write the committed results even for a quick or partial run"
    )


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=__doc__.splitlines()[0],
        epilog=variables.help_text(variables.BENCH),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = top.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="the wrk matrix over the stacks")
    run.add_argument("--quick", action="store_true", help="a short run: a few seconds per stack")
    run.add_argument("--stacks", default="", help="comma-separated stack names (default: every stack)")
    run.add_argument("--seed", type=int, default=None, help="the seed of the shuffled order")
    _commit_flag(run)
    run.set_defaults(func=cmd_run)
    cmp = sub.add_parser("compare", help="check two results files rank the stacks alike")
    cmp.add_argument("old")
    cmp.add_argument("new")
    cmp.add_argument("--margin", type=float, default=0.2, help="medians closer than this may swap (0.2 = 20%%)")
    cmp.set_defaults(func=cmd_compare)
    ld = sub.add_parser("load", help="locust, headless, against a stack")
    ld.add_argument("--stack", default="wsgi")
    ld.add_argument("--users", type=int, default=20, help="simulated users (default 20)")
    ld.add_argument("--spawn-rate", type=float, default=5, help="users started a second (default 5)")
    ld.add_argument("--duration", default="30s", help="how long, as locust writes it (default 30s)")
    ld.add_argument("--think", type=float, default=None, help="seconds of think time (default: 0.5-2 s)")
    ld.add_argument("--workers", type=int, default=0, help="locust's distributed mode: a master and this many workers")
    ld.add_argument("--fleet", action="store_true", help="the workers (or locust alone) on the fleet's client hosts")
    ld.set_defaults(func=cmd_load)
    lc = sub.add_parser("locust-ceiling", help="locust's own limit on one core, against static")
    lc.add_argument("--users", type=int, default=64)
    lc.add_argument("--duration", default="20s")
    lc.set_defaults(func=cmd_locust_ceiling)
    sc = sub.add_parser("slow-clients", help="slow-client attacks on each stack, probed meanwhile")
    sc.add_argument("--quick", action="store_true", help="a short run with fewer connections")
    sc.add_argument("--stacks", default="", help="comma-separated stack names (default: every stack)")
    _commit_flag(sc)
    sc.set_defaults(func=cmd_slow_clients)
    av = sub.add_parser("availability", help="faults injected under a steady load, availability in nines")
    av.add_argument("--quick", action="store_true", help="a short run")
    av.add_argument(
        "--stacks",
        default=",".join(AVAILABILITY_SET),
        help="comma-separated stack names (default: the reference deployment, production)",
    )
    _commit_flag(av)
    av.set_defaults(func=cmd_availability)
    return top


def main(argv=None) -> int:
    return dispatch(parser().parse_args(argv))
