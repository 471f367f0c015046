"""``make deploy`` and ``make rollback``: ship a release into the running stack without dropping a request.

A deploy builds a release folder from the checkout's app (``releases.build``),
checks it — the app imports, its config validates for production, and a
temporary gunicorn serving it answers a smoke request — and only then switches
``current`` atomically and asks gunicorn for a graceful reload (HUP): new
workers start on the new release while the old ones finish what they serve, on
the same socket, so no connection is refused. A release that fails a check is
removed and never switched to; the running release is untouched and the error
says why. A rollback switches back to the release before the current one the
same way. Old releases beyond ``KEEP_RELEASES`` (default 5) are pruned.

    python -m stacks.production.deploy [--source DIR]   deploy
    python -m stacks.production.deploy --rollback       rollback
"""

import argparse
import fcntl
import http.client
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from stacks.production import releases
from stacks.production.running import Running
from stacks.runner import account, probe, procfs, variables
from stacks.runner.errors import StackError, reported
from stacks.runner.paths import APP_DIR, ROOT, reachable, venv_dir
from stacks.runner.process_group import end_group
from stacks.runner.supervise import UnixHTTPConnection

SMOKE_SECONDS = 30
SWITCH_SECONDS = 60
CONFIRMATIONS = 10  # consecutive answers from the new release before a deploy counts as done


def _unix_get(path: str, target: str) -> tuple:
    return probe.get_over(UnixHTTPConnection(path), target, {"Host": "localhost"})


def _app_environment(running: Running, release: Path) -> dict:
    """The environment the running app has, pointed at ``release``."""
    pid = running.rpc().getProcessInfo("gunicorn")["pid"]
    env = procfs.environment(pid)
    path = f"{release}:{releases.site_packages(release)}"
    return {**env, "PYTHONPATH": path, "RELEASE": release.name, "PYTHONDONTWRITEBYTECODE": "1"}


def _identity(running: Running) -> dict:
    """Who the stack's app runs as (under root: the account the stack was started with)."""
    if not account.is_root():
        return {}
    user, group = account.service_account(running.state.user)
    return {"user": user, "group": group, "extra_groups": []}


def check(running: Running, release: Path) -> None:
    """Raise StackError naming the first check ``release`` fails."""
    env = _app_environment(running, release)
    python = str(release / "venv" / "bin" / "python")  # its own virtualenv has what the app imports
    imported = subprocess.run(
        [python, "-c", "import hello.wsgi, redis, sentry_sdk"],
        cwd=release,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        **_identity(running),
    )
    if imported.returncode != 0:
        last = (imported.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise StackError(f"release {release.name} does not import or its production config is invalid: {last}")
    smoke = running.base / "var" / f"deploy-smoke-{os.getpid()}"
    smoke.mkdir(mode=0o700)
    account.give_to_service(smoke, running.state.user)
    sock = smoke / "gunicorn.sock"
    log = smoke / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                str(reachable(venv_dir()) / "bin" / "gunicorn"),
                "--bind",
                f"unix:{sock}",
                "--workers",
                "1",
                "--chdir",
                str(release),
                "--pythonpath",
                env["PYTHONPATH"].replace(":", ","),
                "hello.wsgi:application",
            ],
            cwd=release,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **_identity(running),
        )
    try:
        reason = _smoke(sock, server)
    finally:
        end_group(server, seconds=20)
        output = log.read_text(errors="replace").strip().splitlines()
        shutil.rmtree(smoke, ignore_errors=True)
    if reason:
        raise StackError(
            f"release {release.name} failed its smoke test: {reason}", "\n".join("    " + line for line in output[-10:])
        )


def _smoke(sock: Path, server: subprocess.Popen) -> str:
    deadline = time.monotonic() + SMOKE_SECONDS
    reason = "it did not start"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return f"its gunicorn exited with {server.returncode}"
        try:
            status, body = _unix_get(str(sock), "/")
            if (status, body) != (200, b"Hello, World!"):
                return f"GET / answered {status} {body[:60]!r}"
            status, body = _unix_get(str(sock), "/health")
            return "" if status == 200 else f"GET /health answered {status} {body[:120]!r}"
        except OSError as exc:
            reason = f"{type(exc).__name__}: {exc}"
            time.sleep(0.2)
    return f"no answer within {SMOKE_SECONDS}s ({reason})"


def _serving_release(running: Running) -> str:
    """The release /health names, or '' while it does not answer (a slow or refused probe
    during the reload is "not yet", never a crash of the deploy)."""
    try:
        status, _, body = probe.request(running.url + "/health", running.cafile, timeout=10)
        return json.loads(body).get("release", "") if status == 200 else ""
    except (OSError, http.client.HTTPException, ValueError):
        return ""


def switch(running: Running, release: Path) -> None:
    """Point ``current`` at ``release``, reload gunicorn gracefully, wait until the new release answers."""
    releases.switch(running.folder, release)
    running.rpc().signalProcess("gunicorn", "HUP")
    deadline = time.monotonic() + SWITCH_SECONDS
    seen = 0
    while time.monotonic() < deadline and seen < CONFIRMATIONS:
        seen = seen + 1 if _serving_release(running) == release.name else 0
        time.sleep(0.05)
    if seen < CONFIRMATIONS:
        raise StackError(
            f"switched to {release.name}, but it did not answer within {SWITCH_SECONDS}s: "
            "see 'make logs'; 'make rollback' returns to the previous release"
        )


def deploy(running: Running, source: Path, keep: int) -> Path:
    try:
        release = releases.build(running.folder, source, ROOT)
    except (OSError, RuntimeError, subprocess.CalledProcessError) as exc:
        raise StackError(f"the release could not be built: {exc}") from None
    print(f"deploy: built {release.name} (code and its own virtualenv); checking it")
    try:
        check(running, release)
    except StackError:
        shutil.rmtree(release, ignore_errors=True)
        raise
    previous = releases.current(running.folder)
    print(f"deploy: checks passed; switching from {previous.name if previous else '(none)'} to {release.name}")
    switch(running, release)
    for old in releases.prune(running.folder, keep):
        print(f"deploy: pruned {old.name}")
    return release


def rollback(running: Running) -> Path:
    live = releases.current(running.folder)
    older = [r for r in releases.releases(running.folder) if live and r.name < live.name]
    if not older:
        raise StackError(f"there is no release before {live.name if live else '(none)'} to roll back to")
    target = older[-1]
    check(running, target)
    print(f"rollback: switching from {live.name} to {target.name}")
    switch(running, target)
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="make deploy",
        description=__doc__.splitlines()[0],
        epilog=variables.help_text(variables.TOOLS),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--rollback", action="store_true", help="return to the release before the current one")
    parser.add_argument(
        "--source",
        type=Path,
        default=APP_DIR.parent,
        help="a folder holding the app package hello/ (default: the checkout's apps/)",
    )
    args = parser.parse_args(argv)
    keep = int(variables.chosen("KEEP_RELEASES") or releases.KEEP_DEFAULT)
    return reported(_locked, args, keep)


def _locked(args, keep: int) -> int:
    """Deploy or roll back while holding the deploy lock."""
    running = Running()
    with (running.folder / "deploy.lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StackError("another deploy or rollback is running") from None
        done = rollback(running) if args.rollback else deploy(running, args.source.resolve(), keep)
    print(f"{'rolled back' if args.rollback else 'deployed'}: {done.name} serves at {running.url}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
