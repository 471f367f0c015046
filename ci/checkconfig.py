"""``buildbot checkconfig`` on the pipeline, without a running server: a master folder made in a
temporary place with settings and secrets of its own, ci/master.cfg linked in, checked, removed.
Exit status and output are Buildbot's."""

import os
import subprocess
import tempfile
from pathlib import Path

from ci import secrets_dir
from ci.settings import Settings, buildbot_venv
from stacks.runner.paths import ROOT


def check(environ=None) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="ci-checkconfig-") as folder:
        settings = Settings.from_environ({**(os.environ if environ is None else environ), "LAB_CI_DIR": folder})
        secrets_dir.ensure(settings.secrets)
        settings.write()
        master = Path(folder) / "master"
        master.mkdir()
        (master / "master.cfg").symlink_to(ROOT / "ci" / "master.cfg")
        return subprocess.run(
            [str(buildbot_venv() / "bin" / "buildbot"), "checkconfig", str(master)], capture_output=True, text=True
        )


def main() -> int:
    result = check()
    print((result.stdout + result.stderr).strip())
    return result.returncode
