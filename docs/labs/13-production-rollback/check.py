"""Lab 13: two releases that passed staging reached production; production is back on the last good one.

``break_stack`` plays what a pipeline without a verify stage lets happen: a release whose
``POST /echo`` fails only under production's configuration is switched to, the way a deploy
switches (``current`` moved, gunicorn reloaded gracefully), and then a second push, the
same fault with a "fix" that fixes nothing, on top of it. Each is the release the stack
started with, copied with the fault in its code (no rebuild of its virtualenv: the lab
starts in seconds). One ``make rollback`` lands on the first bad release; the fix is to
check after each step and go back until production works. The fix is an action: fix.sh.
"""

import json
import shutil
from pathlib import Path

from checking import request

from stacks.production import deploy, releases
from stacks.production.running import Running

STACK = "production"
SCRIPT = "fix.sh"
ECHO = "def echo(request, config):\n"
FAULT = (
    '    if config.environment == "production":  # {note}\n'
    '        raise RuntimeError("echo: a bug only production\'s configuration reaches")\n'
)
BODY = b"lab 13: an upload"


MARK = "LAB13-GOOD-RELEASE"  # in each bad copy: the release it was copied from


def _bad_copy(good: Path, name: str, note: str) -> Path:
    """The good release, copied under ``name`` with the fault in its code."""
    bad = good.parent / name
    shutil.rmtree(bad, ignore_errors=True)
    shutil.copytree(good, bad, symlinks=True)
    logic = bad / "hello" / "logic.py"
    text = logic.read_text()
    if ECHO not in text:
        raise RuntimeError(f"hello/logic.py no longer holds {ECHO.strip()!r}: update lab 13")
    logic.chmod(0o644)
    logic.write_text(text.replace(ECHO, ECHO + FAULT.format(note=note)))
    (bad / "RELEASE").write_text(name + "\n")
    (bad / MARK).write_text(good.name + "\n")
    return bad


def good_release(folder: Path) -> Path:
    """The release the lab's bad ones were copied from (the one the stack started with)."""
    live = releases.current(folder)
    marked = live / MARK if live else None
    return folder / "releases" / marked.read_text().strip() if marked and marked.is_file() else live


def break_stack(state, env: dict) -> None:
    running = Running(state.run)
    good = good_release(running.folder)
    if releases.current(running.folder) != good:  # a bad copy of an earlier try: start from the good one
        deploy.switch(running, good)
    # Named after the good one (its id and .2, .3: what a rebuild of the same second gets), so
    # they sort right after it whatever other releases the state folder holds.
    for suffix, note in ((".2", "the first push"), (".3", "the second push, a 'fix' that fixes nothing")):
        bad = _bad_copy(good, good.name + suffix, note)
        deploy.switch(running, bad)
        print(f"    switched to {bad.name} ({note})")


def check(checks, url, state) -> None:
    status, _, body = request(
        url + "/echo", "POST", BODY, {"Content-Type": "application/octet-stream"}, cafile=state.cafile
    )
    checks.expect((status, body) == (200, BODY), "POST /echo comes back whole", f"got {status} {body[:40]!r}")
    folder = state.run / "state" / STACK
    current, good = releases.current(folder), good_release(folder)
    checks.expect(
        current == good,
        f"production runs the last good release ({good.name})",
        f"'current' points to {current.name if current else None}",
    )
    status, _, body = request(url + "/health", cafile=state.cafile)
    release = json.loads(body).get("release", "") if status == 200 else ""
    checks.expect(
        release == good.name,
        f"the release 'current' points to answers ({good.name})",
        f"/health answered {status}, release {release!r}",
    )
