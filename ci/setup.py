"""``make setup``'s part for the CI server: Buildbot's own virtualenv, ``.venv-buildbot``.

Built the way the error tracker's is (stacks/runner/setup.py): from requirements/buildbot.txt's
lock (buildbot.lock.txt, hash-checked), with Debian's /usr/bin/python3, added to only when the
lock changes. Standard
library only: it runs before the project's virtualenv exists.
"""

from stacks.runner import setup as runner_setup
from stacks.runner.paths import ROOT, extra_venv_dir

REQUIREMENTS = ROOT / "requirements" / "buildbot.txt"


def main() -> int:
    runner_setup.install_packages(["git"])  # the bare repository, the worker's checkout
    runner_setup.build_venv(extra_venv_dir("buildbot"), REQUIREMENTS)
    return 0
