"""``make check EXERCISE=NN-name [SOLUTION=1] [RESET=1]``: run one exercise's checker.

Every exercise is a folder: README.md (the instructions), one starter file,
check.py (the checker) and solution/ (the reference, the same file name). The
student never edits the tracked starter: the first check copies it to
docs/exercises/work/NN-name/ (untracked), and that copy is what is checked from
then on. The Makefile knows nothing about any one exercise.

    python -m course.tasks.exercise list
    python -m course.tasks.exercise 01-wsgi-callable [--solution | --starter | --file PATH] [--reset]
"""

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

from stacks.runner import variables

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "docs" / "exercises"
WORK = EXERCISES / "work"
NOT_THE_STARTER = {"README.md", "check.py", "solution", "__pycache__"}


def exercises() -> dict:
    """Every exercise folder, by name, in order."""
    return {p.name: p for p in sorted(EXERCISES.iterdir()) if (p / "check.py").is_file()}


def needs(folder: Path) -> str:
    """What an exercise's checker runs against beyond this machine's own servers: "fleet" for
    the running fleet (``NEEDS = "fleet"`` in its check.py; tests/fleet proves those), else ""."""
    found = re.search(r'^NEEDS = "(\w+)"', (folder / "check.py").read_text(), re.M)
    return found.group(1) if found else ""


def starter(folder: Path) -> Path:
    """The one file of an exercise the student starts from."""
    files = [p for p in folder.iterdir() if p.name not in NOT_THE_STARTER]
    if len(files) != 1:
        raise SystemExit(f"error: {folder.name} should hold exactly one starter file, found {[p.name for p in files]}")
    return files[0]


def folder_of(name: str) -> Path:
    known = exercises()
    if name not in known:
        raise SystemExit(f"error: unknown exercise {name!r}; the exercises are: {', '.join(known) or 'none'}")
    return known[name]


def work_copy(name: str, work: Path = WORK) -> Path:
    """Where the student's own copy of exercise ``name`` lives (it may not exist yet)."""
    return work / name / starter(folder_of(name)).name


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def ensure_copy(name: str, work: Path, reset: bool) -> Path:
    """The student's copy, made from the starter the first time (or again with ``reset``)."""
    copy = work_copy(name, work)
    if reset or not copy.is_file():
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(starter(folder_of(name)), copy)
        print(f"your copy of the starter: {shown(copy)} — edit it there, then check again")
    return copy


def title(folder: Path) -> str:
    return (folder / "README.md").read_text().splitlines()[0].lstrip("# ").split(" — ", 1)[-1]


def run_checker(name: str, checked: Path, env: dict | None = None) -> int:
    """Run exercise ``name``'s checker on file ``checked``; its exit status (0: every check passes)."""
    checker = folder_of(name) / "check.py"
    return subprocess.run([sys.executable, str(checker), str(checked)], env=env).returncode


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog=variables.help_text(variables.CHECKERS),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("exercise", nargs="?", default="", help="NN-name, or 'list'")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--solution", action="store_true", help="check the reference solution instead")
    which.add_argument("--starter", action="store_true", help="check the tracked starter file (it fails)")
    which.add_argument("--file", default="", help="check this file instead of your copy")
    parser.add_argument("--reset", action="store_true", help="copy the starter over your copy first")
    parser.add_argument("--work", default=str(WORK), help="where the copies live (default docs/exercises/work)")
    args = parser.parse_args(argv)
    if args.exercise in ("", "list"):
        for name, folder in exercises().items():
            print(f"{name:<26} {title(folder)}")
        print(f"check one with: make check EXERCISE=NN-name (your copies live in {shown(Path(args.work))}/)")
        return 0 if args.exercise == "list" else 2
    folder = folder_of(args.exercise)
    if args.solution:
        checked = folder / "solution" / starter(folder).name
    elif args.starter:
        checked = starter(folder)
    elif args.file:
        checked = Path(args.file).absolute()
    else:
        checked = ensure_copy(args.exercise, Path(args.work), args.reset)
    print(f"checking {shown(checked)}")
    return run_checker(args.exercise, checked)


if __name__ == "__main__":
    sys.exit(main())
