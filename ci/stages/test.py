"""Stage ``test``: lint and the tests; a failure stops the pipeline here.

The full profile runs ``make lint`` and ``make test-fast`` (every test that starts no server and
is not slow); the quick profile (what the test suite's own pipeline runs, to stay within its
time) runs ``make lint`` and a small named selection of tests.
"""

import re

from ci.stages import fail, python, result, run, settings
from stacks.runner.paths import ROOT

QUICK_SELECTION = ("tests/unit/test_routes.py", "tests/unit/test_config.py")
FAST_FOLDERS = ("tests/unit", "tests/runner")


def commands(profile: str) -> list:
    """``make -o setup``: the targets' own commands, without the ``make setup`` they start with (the worker's
    virtualenvs are ready, and a build must never reinstall the lab's own packages from its checkout)."""
    lint = ["make", "--no-print-directory", "-o", "setup", "lint"]
    if profile == "quick":
        return [lint, [python(), "-m", "pytest", "-q", "-p", "no:cacheprovider", *QUICK_SELECTION]]
    if re.search(r"^test-fast:", (ROOT / "Makefile").read_text(), re.M):
        return [lint, ["make", "--no-print-directory", "-o", "setup", "test-fast"]]
    return [lint, [python(), "-m", "pytest", "-q", "-p", "no:cacheprovider", *FAST_FOLDERS]]


def main() -> None:
    profile = settings().profile
    for argv in commands(profile):
        code = run(*argv)
        if code != 0:
            fail(f"'{' '.join(argv[-3:])}' exited with {code}: the commit goes no further", tested=profile)
    result(tested=profile)


if __name__ == "__main__":
    main()
