"""``python -m benchmarks.hostile``: replay the corpus (``make hostile``, ``make hostile-all``).

    python -m benchmarks.hostile run --stack wsgi   # against the stack running in LAB_RUN_DIR (partial)
    python -m benchmarks.hostile all                # every stack in turn, started for it (full)

Results only; docs/security.md is written by ``make tables``.
"""

import argparse
import sys

from benchmarks.hostile import run as replay_run
from stacks.runner.errors import reported


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hostile", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="replay against the running stack")
    run.add_argument("--stack", required=True)
    every = commands.add_parser("all", help="start every stack in turn and replay against it")
    every.add_argument("--stacks", default="", help="a,b,c: only these")
    for command in (run, every):
        command.add_argument("--commit", action="store_true", help="write the committed results even for a partial run")
    args = parser.parse_args(argv)
    if args.command == "run":
        return reported(replay_run.run_running, args.stack, args.commit)
    return reported(replay_run.run_all, [s for s in args.stacks.split(",") if s], args.commit)


if __name__ == "__main__":
    sys.exit(main())
