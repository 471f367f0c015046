"""The pipeline's stages as the worker runs them: ``python -m ci.stages.<name>`` in the commit's
checkout (the build folder), one module per stage. Each prints what it does, ends with one line
``RESULT {json}`` (the build's properties) and exits non-zero when its gate is not met."""

import json
import os
import subprocess
import sys
from pathlib import Path

from ci.settings import Settings, ci_dir
from stacks.runner.paths import ROOT


def settings() -> Settings:
    """This CI server's settings; first the worker's tools put where the checkout's code looks for them."""
    config = Settings.read(ci_dir())
    link_virtualenvs(Path(config.venv))
    # The commit's own packages ahead of the editable install (make setup's pip install -e .) the
    # virtualenv holds, which points at the checkout that built it: a build tests and ships its code.
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT / "apps"), str(ROOT)])
    return config


def link_virtualenvs(venv: Path) -> None:
    """``.venv`` (and ``.venv-bugsink``) in the build's checkout, linked to the virtualenvs of the checkout
    that started the server: the code of the commit finds its tools where a checkout has them (make
    deploy's check, the fleet's playbooks), and the worker installs nothing into a build."""
    for name in ("", "-bugsink"):
        link, target = ROOT / f".venv{name}", venv.with_name(venv.name + name)
        if target.is_dir() and not link.exists():
            link.symlink_to(target)


def result(**values) -> None:
    print("RESULT " + json.dumps(values, sort_keys=True))
    sys.stdout.flush()


def fail(message: str, **values) -> None:
    """End the stage red, saying why on the last line before the result."""
    print(f"FAILED: {message}")
    result(**values)
    raise SystemExit(1)


def run(*argv: str, env: dict | None = None, timeout: float = 1200) -> int:
    """Run a command of the checkout, its output streamed into the step's log; its exit status."""
    print("$ " + " ".join(argv))
    sys.stdout.flush()
    return subprocess.run(argv, cwd=ROOT, env={**os.environ, **(env or {})}, timeout=timeout).returncode


def python() -> str:
    """The virtualenv's Python (the lab's, named by VENV), which has every tool the stages use."""
    return str(Path(os.environ.get("VENV", ROOT / ".venv")) / "bin" / "python")
