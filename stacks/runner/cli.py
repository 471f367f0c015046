"""The runner's command line, behind the Makefile targets.

python -m stacks list               every stack, one line each
python -m stacks run NAME           start NAME (stopping a running one)
python -m stacks stop               stop the running stack
python -m stacks status             what runs and whether its probe passes
python -m stacks logs [-n N]        the end of every log of the running stack
python -m stacks setup [--for T] [--stack N]  install what target T needs (default: all)
python -m stacks lock [--upgrade]   regenerate requirements/*lock.txt with uv
python -m stacks environ-table      start every stack, save what /env says in benchmarks/results/environ.json
"""

import argparse
import json
import sys

from stacks.runner import environ_table, lifecycle, lock, manifest, probe, variables
from stacks.runner import setup as setup_module
from stacks.runner.errors import reported
from stacks.runner.options import RunOptions
from stacks.runner.paths import extra_venv_dir, run_base


def cmd_list(args) -> int:
    stacks = manifest.discover()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "name": name,
                        "summary": stack.summary,
                        "front": stack.front,
                        "process_model": stack.process_model,
                        "ports": stack.ports,
                    }
                    for name, stack in stacks.items()
                ],
                indent=2,
            )
        )
        return 0
    width = max(map(len, stacks), default=0)
    for name, stack in stacks.items():
        print(f"{name:<{width}}  {stack.summary}")
    return 0


def cmd_run(args) -> int:
    state = lifecycle.start(args.name, RunOptions.from_environ())
    print(lifecycle.describe(state))
    return 0


def cmd_stop(args) -> int:
    stopped = lifecycle.stop(run_base())
    if not stopped:
        print("no stack is running")
        return 0
    if stopped.orphans:
        print(f"ended {len(stopped.orphans)} orphaned process(es) of the stack: {stopped.orphans}")
    if stopped.sockets:
        print(f"removed socket(s) the servers left behind: {', '.join(stopped.sockets)}")
    if stopped.problems:
        print(f"error: stopped {stopped.stack!r}, but: {'; '.join(stopped.problems)}", file=sys.stderr)
        return 1
    print(f"stopped {stopped.stack!r}; nothing of it is left running")
    return 0


def cmd_status(args) -> int:
    """What runs and whether it answers: nothing running is an answer too (exit 0); a stack
    that runs but fails its probe is not (exit 1)."""
    state = lifecycle.read_state(run_base())
    if not state:
        print(
            json.dumps({"running": False})
            if args.json
            else "no stack is running; start one with: make run-stack STACK=wsgi"
        )
        return 0
    stack = manifest.find(state.stack)
    reason = probe.check(state.probe, stack.probe.status, stack.probe.body, state.cafile)
    if args.json:
        print(
            json.dumps(
                {"running": True, **json.loads(state.to_json()), "healthy": not reason, "problem": reason}, indent=2
            )
        )
        return 0 if not reason else 1
    print(lifecycle.describe(state))
    print(f"  probe {state.probe}: {'healthy' if not reason else 'FAILING: ' + reason}")
    return 0 if not reason else 1


def cmd_logs(args) -> int:
    base = run_base()
    logs = sorted((base / "logs").glob("*.log"))
    if not logs:
        print(f"no logs in {base / 'logs'}: no stack has run yet")
        return 1
    for log in logs:
        lines = log.read_text(errors="replace").splitlines()[-args.lines :]
        print(f"==> {log} <==")
        print("\n".join(lines))
    return 0


def cmd_setup(args) -> int:
    setup_module.run(args.target, args.stack)
    return 0


def cmd_lock(args) -> int:
    uv_venv = extra_venv_dir("uv", setup_module.chosen_venv())
    setup_module.build_venv(uv_venv, lock.REQUIREMENTS_DIR / "uv.txt")
    lock.write(str(uv_venv / "bin" / "uv"), upgrade=args.upgrade)
    return 0


def cmd_environ_table(args) -> int:
    return environ_table.write(RunOptions.from_environ())


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m stacks",
        description=__doc__.splitlines()[0],
        epilog=variables.help_text(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = top.add_subparsers(dest="command", required=True)
    listing = sub.add_parser("list", help="every stack with a one-line summary")
    listing.add_argument("--json", action="store_true", help="as JSON, for scripts")
    listing.set_defaults(func=cmd_list)
    run = sub.add_parser(
        "run",
        help="start a stack",
        epilog=variables.help_text(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Start stack NAME (stopping a running one), wait for its probe, print what runs.",
    )
    run.add_argument("name", help="the stack: a folder of stacks/ ('python -m stacks list')")
    run.set_defaults(func=cmd_run)
    sub.add_parser("stop", help="stop the running stack").set_defaults(func=cmd_stop)
    status = sub.add_parser("status", help="what runs, healthy or not")
    status.add_argument("--json", action="store_true", help="as JSON, for scripts (the run state and the probe)")
    status.set_defaults(func=cmd_status)
    logs = sub.add_parser("logs", help="the end of the running stack's logs")
    logs.add_argument("-n", "--lines", type=int, default=30)
    logs.set_defaults(func=cmd_logs)
    setup = sub.add_parser("setup", help="install packages and the virtualenv")
    setup.add_argument(
        "--for",
        dest="target",
        default="all",
        choices=list(setup_module.TARGETS),
        help="what the make target in hand needs (default: everything)",
    )
    setup.add_argument("--stack", default="", help="with --for stacks: this stack's Debian packages only")
    setup.set_defaults(func=cmd_setup)
    lock_cmd = sub.add_parser("lock", help="regenerate the locks of requirements/ with hashes (uv)")
    lock_cmd.add_argument("--upgrade", action="store_true", help="newest versions instead of the locked ones")
    lock_cmd.set_defaults(func=cmd_lock)
    sub.add_parser("environ-table", help="start every stack and save what /env says (then: make tables)").set_defaults(
        func=cmd_environ_table
    )
    return top


def dispatch(args) -> int:
    """Run the chosen command: a StackError becomes its one line on stderr and exit status 2.

    Shared by every command line of the project (``python -m benchmarks`` too).
    """
    return reported(args.func, args)


def main(argv=None) -> int:
    return dispatch(parser().parse_args(argv))
