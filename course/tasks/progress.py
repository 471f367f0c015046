"""``make progress``: which exercises and labs pass, for the student and as JSON for graders.

Checks the student's own copies — docs/exercises/work/NN-name/ and
docs/labs/work/NN-name/ — with the same checkers ``make check`` and ``make
lab-check`` run; one not started yet (no copy) is listed as such, not checked.
Lab checks start their stack in the usual run directory, so a stack running
there is stopped first. The JSON file holds every check's outcome.

    python -m course.tasks.progress [--json docs/progress.json]
"""

import argparse
import getpass
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from course.tasks import exercise
from stacks.runner import variables

DOCS = exercise.ROOT / "docs"
LABS = DOCS / "labs"
JSON_FILE = DOCS / "progress.json"


def labs() -> list:
    return sorted(p.parent.name for p in LABS.glob("*/check.py"))


def checked(command: list) -> dict:
    """Run one checker with CHECK_RESULTS set; its outcome and checks."""
    with tempfile.TemporaryDirectory() as folder:
        results = Path(folder) / "results.json"
        started = time.monotonic()
        done = subprocess.run(
            command, env={**os.environ, "CHECK_RESULTS": str(results)}, capture_output=True, text=True
        )
        seconds = round(time.monotonic() - started, 1)
        document = json.loads(results.read_text()) if results.is_file() else {}
    if done.returncode == 2 or not document:  # could not run here (not root, a package missing)
        reason = (done.stderr.strip() or done.stdout.strip()).splitlines()[-1:] or ["no result"]
        return {"status": "cannot run", "reason": reason[0], "seconds": seconds}
    return {"status": "passed" if document["passed"] else "failed", "seconds": seconds, "checks": document["checks"]}


def exercise_progress(name: str, work: Path) -> dict:
    copy = exercise.work_copy(name, work)
    if not copy.is_file():
        return {"status": "not started", "file": str(copy)}
    return {"file": str(copy), **checked([sys.executable, str(exercise.folder_of(name) / "check.py"), str(copy)])}


def lab_progress(name: str, work: Path) -> dict:
    copy = work / name
    if not copy.is_dir():
        return {"status": "not started", "folder": str(copy)}
    return {
        "folder": str(copy),
        **checked([sys.executable, "-m", "course.tasks.lab", "check", name, "--overlay", str(copy)]),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog=variables.help_text(variables.CHECKERS),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--json", default=str(JSON_FILE), help="where to write the results (default docs/progress.json)"
    )
    parser.add_argument("--exercise-work", default=str(exercise.WORK), help=argparse.SUPPRESS)
    parser.add_argument("--lab-work", default=str(LABS / "work"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    report = {"user": getpass.getuser(), "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "exercises": {}, "labs": {}}
    for kind, names, progress, work in (
        ("exercises", list(exercise.exercises()), exercise_progress, args.exercise_work),
        ("labs", labs(), lab_progress, args.lab_work),
    ):
        print(f"{kind}:")
        for name in names:
            result = progress(name, Path(work))
            report[kind][name] = result
            failing = [c["check"] for c in result.get("checks", []) if not c["passed"]]
            note = (
                f"  first failing check: {failing[0]}"
                if failing
                else f"  {result['reason']}"
                if "reason" in result
                else ""
            )
            print(f"  {name:<28} {result['status']:<12}{note}")
    passed = {kind: sum(r["status"] == "passed" for r in report[kind].values()) for kind in ("exercises", "labs")}
    report["passed"] = passed
    Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
    print(
        f"passed: {passed['exercises']} of {len(report['exercises'])} exercises, "
        f"{passed['labs']} of {len(report['labs'])} labs; results for graders in {args.json}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
