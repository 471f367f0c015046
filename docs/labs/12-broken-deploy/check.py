"""Lab 12: a release that passed its checks breaks uploads; the previous release serves again.

``break_stack`` deploys, into the freshly started production stack, a release of
the checkout's app whose production config has a typo in its upload limit —
a release that imports, answers / and /health, and so passes every check of
``make deploy``. The fix is an action, not a file: the student's fix.sh.

A release is immutable: the one that answers must still hold what it was built
from, so a fix made by editing the broken release in place and sending gunicorn a
HUP is refused — its files no longer match the DIGEST written when it was built.
"""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from course.tasks.checking import request
from stacks.production import releases
from stacks.runner.paths import APP_DIR, ROOT

STACK = "production"
SCRIPT = "fix.sh"
UPLOAD = bytes(range(256)) * 256  # 64 KiB: a small photo
TYPO = "max_body_bytes = 10485  # 10 MiB, three digits lost"  # the setting as the bad release has it


def break_stack(state, env: dict) -> None:
    with tempfile.TemporaryDirectory() as source:
        shutil.copytree(APP_DIR, Path(source) / "hello", ignore=shutil.ignore_patterns("__pycache__"))
        config = Path(source) / "hello" / "config" / "production.toml"
        kept = [line for line in config.read_text().splitlines() if not line.startswith("max_body_bytes")]
        config.write_text("\n".join([*kept, TYPO]) + "\n")
        deployed = subprocess.run(
            [sys.executable, "-m", "stacks.production.deploy", "--source", source],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    print("\n".join("    " + line for line in (deployed.stdout + deployed.stderr).strip().splitlines()[-4:]))
    if deployed.returncode != 0:
        raise RuntimeError("the broken release was not deployed")


def check(checks, url, state) -> None:
    status, _, body = request(
        url + "/echo", "POST", UPLOAD, {"Content-Type": "application/octet-stream"}, cafile=state.cafile, timeout=30
    )
    checks.expect(
        (status, body) == (200, UPLOAD),
        f"POST /echo with {len(UPLOAD) // 1024} KiB comes back whole",
        f"got {status} and {len(body)} bytes",
    )
    status, _, body = request(url + "/health", cafile=state.cafile)
    release = json.loads(body).get("release", "") if status == 200 else ""
    current = (state.run / "state" / STACK / "current").resolve().name
    checks.expect(
        bool(release) and release == current,
        f"the release 'current' points to answers ({current})",
        f"/health answered {status}, release {release!r}",
    )
    if current:
        release_intact(checks, state.run / "state" / STACK / "current")


def release_intact(checks, release: Path) -> None:
    """The release still holds what it was built from: its files hash to its DIGEST."""
    recorded = (release / "DIGEST").read_text().strip() if (release / "DIGEST").is_file() else ""
    now = releases.digest(release.resolve(), ROOT)
    checks.expect(
        recorded == now,
        f"the release that answers ({release.resolve().name}) is as it was built",
        "its files no longer match its DIGEST: a release is never changed in place; "
        "roll back (make rollback) or ship a new one (make deploy)",
    )
