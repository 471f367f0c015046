"""Stage ``test``: lint and the tests; a failure stops the pipeline here.

The full profile runs ``make test-fast`` when the Makefile has it (the whole suite without the
slow integration tests), else the unit folders; the quick profile (what the test suite's own
pipeline runs, to stay within its time) runs ruff and a small named selection of tests directly,
without the ``make setup`` every make target starts with.
"""

import re

from ci.stages import fail, python, result, run, settings
from stacks.runner.paths import ROOT

QUICK_SELECTION = ("tests/unit/test_routes.py", "tests/unit/test_config.py")
FAST_FOLDERS = ("tests/unit", "tests/runner")


def commands(profile: str) -> list:
    if profile == "quick":  # the tools themselves: no 'make setup' on the way (the worker's virtualenv is ready)
        return [
            [python(), "-m", "ruff", "check", "."],
            [python(), "-m", "pytest", "-q", "-p", "no:cacheprovider", *QUICK_SELECTION],
        ]
    if re.search(r"^test-fast:", (ROOT / "Makefile").read_text(), re.M):
        return [["make", "--no-print-directory", "lint"], ["make", "--no-print-directory", "test-fast"]]
    return [
        ["make", "--no-print-directory", "lint"],
        [python(), "-m", "pytest", "-q", "-p", "no:cacheprovider", *FAST_FOLDERS],
    ]


def main() -> None:
    profile = settings().profile
    for argv in commands(profile):
        code = run(*argv)
        if code != 0:
            fail(f"'{' '.join(argv[-3:])}' exited with {code}: the commit goes no further", tested=profile)
    result(tested=profile)


if __name__ == "__main__":
    main()
