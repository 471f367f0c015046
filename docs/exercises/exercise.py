"""``make check EXERCISE=NN-name [SOLUTION=1]``: run one exercise's checker.

Every exercise is a folder: README.md (the instructions), one starter file (the
file the student edits), check.py (the checker) and solution/ (the reference,
the same file name). This finds the file to check and runs the checker on it,
so the Makefile knows nothing about any one exercise.

    python docs/exercises/exercise.py list
    python docs/exercises/exercise.py 01-wsgi-callable [--solution]
"""

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOT_THE_STARTER = {"README.md", "check.py", "solution", "__pycache__"}


def exercises() -> dict:
    """Every exercise folder, by name, in order."""
    return {p.name: p for p in sorted(HERE.iterdir()) if (p / "check.py").is_file()}


def starter(folder: Path) -> Path:
    """The one file of an exercise the student edits."""
    files = [p for p in folder.iterdir() if p.name not in NOT_THE_STARTER]
    if len(files) != 1:
        raise SystemExit(f"error: {folder.name} should hold exactly one starter file, found {[p.name for p in files]}")
    return files[0]


def target(name: str, solution: bool) -> tuple:
    """(checker, file to check) for exercise ``name``."""
    known = exercises()
    if name not in known:
        raise SystemExit(f"error: unknown exercise {name!r}; the exercises are: {', '.join(known) or 'none'}")
    folder = known[name]
    student = starter(folder)
    return folder / "check.py", (folder / "solution" / student.name if solution else student)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("exercise", nargs="?", default="", help="NN-name, or 'list'")
    parser.add_argument("--solution", action="store_true", help="check the reference solution instead")
    args = parser.parse_args(argv)
    if args.exercise in ("", "list"):
        for name, folder in exercises().items():
            title = (folder / "README.md").read_text().splitlines()[0].lstrip("# ").split(" — ", 1)[-1]
            print(f"{name:<22} {title}   (edit {starter(folder).relative_to(HERE.parents[1])})")
        print("check one with: make check EXERCISE=NN-name")
        return 0 if args.exercise == "list" else 2
    checker, checked = target(args.exercise, args.solution)
    print(f"checking {checked.relative_to(HERE.parents[1])}")
    return subprocess.run([sys.executable, str(checker), str(checked)]).returncode


if __name__ == "__main__":
    sys.exit(main())
