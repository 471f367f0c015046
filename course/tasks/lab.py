"""``make lab-start`` / ``make lab-check``: troubleshooting labs, a stack broken on purpose.

Each lab is a folder: README.md (the symptom, where to look, hints), check.py
(which stack, what "fixed" means beyond the common checks) and the broken
files: either ``BREAK`` in check.py (one change to the stack's own template; the
template itself is the fix) or broken/ and solution/ folders (an overlay: files
that replace same-named templates of one stack). The runner renders an
overlay's files instead of the stack's own (``RunOptions.overlay``), so a lab
never edits a stack. A lab whose fix is an action
rather than a file (a rollback) names a ``SCRIPT`` instead: its check.py breaks
the running stack (``break_stack``) and the overlay's script is what the
student runs against it.

A lab that declares ``NEEDS = "fleet"`` (as fleet exercises do) breaks the
running fleet instead of a stack: its ``FILES`` name files of its ``HOST``, its
broken and solution files are the host's own ones (as the fleet wrote them, with
``BREAK`` applied for the broken set), ``restart()`` has the host take its files,
and ``check(checks)`` looks at the fleet. ``start`` leaves the broken files
loaded; ``check`` loads the student's, and always puts the fleet's own back
(fleet/trial.py). Both need root and a running fleet (``make fleet-up``).

    python -m course.tasks.lab list
    python -m course.tasks.lab start NN-name [--reset]   copy the broken files to docs/labs/work/NN-name/, start it
    python -m course.tasks.lab check NN-name [--solution | --broken | --overlay DIR]

``start`` starts the stack in the usual run directory on PORT, like ``make
run-stack``: a broken stack that fails its probe is left running, so the symptom
can be seen; ``make stop-stack`` ends it. ``check`` starts it privately
(``start_private``: a run directory of its own, free ports), so it never touches
what runs; ``--run-dir`` reuses one folder from check to check, so a stack's
state (the production stack's certificate authority and tracker) is made once.
"""

import argparse
import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from course.tasks.checking import Checks, StackError, request
from fleet import network, trial
from fleet import paths as fleet_paths
from stacks.runner import account, lifecycle, needs, private, variables
from stacks.runner import manifest as manifests
from stacks.runner import overlay as overlays
from stacks.runner.errors import reported
from stacks.runner.options import RunOptions
from stacks.runner.paths import ROOT

LABS = ROOT / "docs" / "labs"
WORK = LABS / "work"


def labs() -> dict:
    return {p.name: p for p in sorted(LABS.iterdir()) if (p / "check.py").is_file()}


def load(name: str):
    """The lab's check module (STACK, NEEDS_ROOT, check()), or an error listing the labs."""
    known = labs()
    if name not in known:
        raise SystemExit(f"error: unknown lab {name!r}; the labs are: {', '.join(known) or 'none'}")
    spec = importlib.util.spec_from_file_location(f"lab_{name.replace('-', '_')}", known[name] / "check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.NAME = name
    return module


def on_fleet(lab) -> bool:
    """Whether the lab breaks the running fleet rather than a stack (``NEEDS = "fleet"``)."""
    return getattr(lab, "NEEDS", "") == "fleet"


def why_not_here(lab) -> str:
    """Why this lab cannot reproduce on this machine, or ''."""
    if on_fleet(lab):
        if not account.is_root():
            return f"the fleet's hosts are network namespaces: run it as root (sudo make lab-check LAB={lab.NAME})"
        if fleet_paths.BRIDGE_NS not in network.namespaces():
            return "no fleet is running: run 'sudo make fleet-up' first"
        return ""
    if getattr(lab, "NEEDS_ROOT", False) and not account.is_root():
        return "this lab breaks what a server does when started by root; run it as root (as CI does)"
    try:
        needs.check(manifests.find(lab.STACK))
    except StackError as exc:
        return str(exc)
    return ""


def originals(lab) -> dict:
    """The files a lab's ``BREAK`` changes, by name, as (where they come from, their text): a stack
    lab's from its stack's current templates, a fleet lab's from its host (as the fleet wrote them)."""
    if on_fleet(lab):
        return {name: (f"{lab.HOST}:{path}", trial.own(lab.HOST, path)) for name, path in lab.FILES.items()}
    stack = manifests.find(lab.STACK)
    templates = overlays.sources(stack.templates, stack.folder, None)
    return {name: (str(templates[name].relative_to(ROOT)), templates[name].read_text()) for name in lab.BREAK}


def files_for(lab, which: str, folder: Path) -> Path:
    """Write the lab's ``which`` files ('broken' or 'solution') into ``folder``; return it.

    A lab with its own broken/ and solution/ folders is copied. A lab with
    ``BREAK`` is made from the files it breaks as they are now (``originals``): the
    solution is the file itself, the broken file the file with the lab's one change —
    so a lab follows its stack or fleet, and a change that no longer applies is an error.
    """
    own = LABS / lab.NAME / which
    if own.is_dir():
        shutil.copytree(own, folder, dirs_exist_ok=True)
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for name, (where, text) in originals(lab).items():
        for old, new in lab.BREAK.get(name, []) if which == "broken" else ():
            if text.count(old) != 1:
                raise StackError(
                    f"lab {lab.NAME}: {where} holds {old[:60]!r} "
                    f"{text.count(old)} times, not once: update BREAK in docs/labs/{lab.NAME}/check.py"
                )
            text = text.replace(old, new)
        (folder / name).write_text(text)
    return folder


def host_takes(lab) -> str:
    """Have a fleet lab's host take the files now in place (``restart``); what went wrong, or ''."""
    done = lab.restart()
    return "" if done.returncode == 0 else (done.stdout + done.stderr).strip() or f"exit status {done.returncode}"


def load_on_fleet(lab, folder: Path) -> str:
    """Put a fleet lab's files from ``folder`` in place on its host; what went wrong, or ''."""
    for name, path in lab.FILES.items():
        trial.load(lab.HOST, path, (folder / name).read_text())
    return host_takes(lab)


def restore_fleet(lab) -> None:
    """Put the fleet's own files of a fleet lab back on its host."""
    for path in lab.FILES.values():
        trial.restore(lab.HOST, path)
    problem = host_takes(lab)
    if problem:
        print(f"warning: {lab.HOST} did not take its own files back ({problem}): 'sudo make fleet-up' restores them")


def start_with(
    lab,
    overlay: Path,
    options: RunOptions,
    keep_failed: bool = False,
    privately: bool = False,
    run_dir: Path | None = None,
):
    """Start the lab's stack with ``overlay`` — ``privately`` (``check``: a fresh run directory or
    ``run_dir``, free ports) or as ``options`` say (``start``: the usual run directory and PORT) —
    then break it the lab's way when the lab breaks a running stack (``break_stack``)."""
    chosen = options.but(overlay=None if getattr(lab, "SCRIPT", "") else overlay)
    if privately:
        state = private.start_private(lab.STACK, chosen, run_dir=run_dir)
    else:
        state = lifecycle.start(lab.STACK, chosen, keep_failed=keep_failed)
    if hasattr(lab, "break_stack"):
        try:
            lab.break_stack(state, private.command_line_environment(state))
        except Exception as exc:
            if not keep_failed:
                private.stop_private(state)
            raise StackError(f"the lab could not break the stack: {exc}") from None
    return state


def run_script(lab, overlay: Path, state) -> None:
    """A lab whose fix is an action (``SCRIPT``): run the overlay's script against the running stack."""
    script = overlay / lab.SCRIPT
    print(f"running {script}")
    done = subprocess.run(
        ["/bin/sh", str(script)],
        cwd=ROOT,
        env=private.command_line_environment(state),
        capture_output=True,
        text=True,
        timeout=600,
    )
    print("\n".join("    " + line for line in (done.stdout + done.stderr).strip().splitlines()[-8:]))


def common_checks(checks: Checks, url: str, cafile: str = "") -> None:
    """What every fixed stack answers: the contract's first lines."""
    try:
        status, _, body = request(url + "/", cafile=cafile)
    except OSError as exc:
        checks.expect(False, "GET / answers 200 Hello, World!", f"the request failed: {exc}")
        return
    checks.expect(
        (status, body) == (200, b"Hello, World!"), "GET / answers 200 Hello, World!", f"got {status} {body[:60]!r}"
    )
    status, headers, body = request(url + "/json", cafile=cafile)
    checks.expect(
        status == 200 and headers.get("content-type") == "application/json" and body == b'{"message": "Hello, World!"}',
        "GET /json answers the JSON message",
        f"got {status} {body[:60]!r}",
    )
    status, _, _ = request(url + "/no/such/page", cafile=cafile)
    checks.expect(status == 404, "GET /no/such/page answers 404", f"got {status}")


def shown(path: Path) -> str:
    """A path as a person reads it: relative to the checkout when inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def cmd_list(args) -> int:
    for name, folder in labs().items():
        title = (folder / "README.md").read_text().splitlines()[0].lstrip("# ").split(" — ", 1)[-1]
        lab = load(name)
        print(f"{name:<26} {title}   ({'the fleet' if on_fleet(lab) else 'stack ' + lab.STACK})")
    print("start one with: make lab-start LAB=NN-name")
    return 0


def ensure_runnable(lab) -> None:
    """A StackError (exit status 2: 'cannot run here') when the lab cannot reproduce on this machine."""
    reason = why_not_here(lab)
    if reason:
        raise StackError(reason)


def cmd_start(args) -> int:
    lab = load(args.lab)
    ensure_runnable(lab)
    work = Path(args.work) / args.lab
    if args.reset or not work.is_dir():
        shutil.rmtree(work, ignore_errors=True)
        files_for(lab, "broken", work)
        print(f"your copy of the broken files: {shown(work)}/")
    else:
        print(f"using your copy in {shown(work)}/ (start over with RESET=1)")
    if on_fleet(lab):
        problem = load_on_fleet(lab, work)
        print(
            f"{lab.HOST} did not take your files: {problem}"
            if problem
            else f"your {', '.join(lab.FILES)} is in place on {lab.HOST}: the fleet is broken the lab's way"
        )
        print(
            f"\nThis is lab {args.lab}: read docs/labs/{args.lab}/README.md, edit the files in {shown(work)}/, "
            f"then: sudo make lab-check LAB={args.lab} (it puts the fleet's own files back)"
        )
        return 0
    try:
        print(lifecycle.describe(start_with(lab, work, args.options, keep_failed=True)))
    except StackError as exc:
        print(f"error: {exc.message}")
        if exc.details:
            print(exc.details)
        left = lifecycle.read_state(args.options.run_dir)
        if left:
            print(lifecycle.describe(left))
            print(
                "\nThe broken stack is left running, so you can see the symptom: try the README's curl "
                "commands, 'make status' and 'make logs'; 'make stop-stack' stops it."
            )
    print(
        f"\nThis is lab {args.lab}: read docs/labs/{args.lab}/README.md, edit the files in "
        f"{shown(work)}/, then: make lab-check LAB={args.lab}"
    )
    return 0


def cmd_check(args) -> int:
    lab = load(args.lab)
    ensure_runnable(lab)
    which = "solution" if args.solution else "broken" if args.broken else ""
    if which:
        with tempfile.TemporaryDirectory() as folder:
            return check_files(args, lab, files_for(lab, which, Path(folder) / which))
    return check_files(args, lab, Path(args.overlay) if args.overlay else Path(args.work) / args.lab)


def check_files(args, lab, overlay: Path) -> int:
    """Start the lab's stack with the files in ``overlay``, check it, stop it."""
    if not overlay.is_dir():
        raise StackError(f"{overlay} does not exist; run 'make lab-start LAB={args.lab}' first")
    if on_fleet(lab):
        return check_on_fleet(lab, overlay)
    checks = Checks(f"lab {args.lab}: stack {lab.STACK!r} with the files in {shown(overlay)}")
    try:
        state = start_with(
            lab, overlay, args.options, privately=True, run_dir=Path(args.run_dir).absolute() if args.run_dir else None
        )
    except StackError as exc:
        if exc.details:
            print(exc.details)
        return checks.stop(f"the stack did not start: {exc.message}")
    try:
        if getattr(lab, "SCRIPT", ""):
            run_script(lab, overlay, state)
        common_checks(checks, state.base_url, state.cafile)
        lab.check(checks, state.base_url, state)
    finally:
        private.stop_private(state)
    return checks.finish()


def check_on_fleet(lab, overlay: Path) -> int:
    """Put the files in ``overlay`` on the lab's fleet host, check the fleet, put the fleet's own back."""
    checks = Checks(f"lab {lab.NAME}: the fleet, with the files in {shown(overlay)} on {lab.HOST}")
    try:
        problem = load_on_fleet(lab, overlay)
        if checks.expect(not problem, f"{lab.HOST} takes your {', '.join(lab.FILES)}", problem):
            lab.check(checks)
    finally:
        restore_fleet(lab)
    return checks.finish()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog=variables.help_text(variables.CHECKERS),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list").set_defaults(func=cmd_list)
    start = sub.add_parser("start", help="copy broken/ to docs/labs/work/NN-name and start the stack with it")
    start.add_argument("lab")
    start.add_argument("--reset", action="store_true", help="copy broken/ again over your edits")
    start.add_argument("--work", default=str(WORK), help="where the copies live (default docs/labs/work)")
    start.set_defaults(func=cmd_start)
    check = sub.add_parser("check", help="start the stack with your files, check it, stop it")
    check.add_argument("lab")
    check.add_argument("--solution", action="store_true", help="check the reference fix instead")
    check.add_argument("--broken", action="store_true", help="check the broken files as handed out (it fails)")
    check.add_argument("--overlay", default="", help="check the files in this folder instead")
    check.add_argument("--work", default=str(WORK), help="where the copies live (default docs/labs/work)")
    check.add_argument(
        "--run-dir",
        default="",
        help="a run directory to reuse from check to check (default: a fresh one, removed after)",
    )
    check.set_defaults(func=cmd_check)
    args = parser.parse_args(argv)
    return reported(_run, args)


def _run(args) -> int:
    args.options = RunOptions.from_environ()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
