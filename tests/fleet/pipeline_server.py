"""A CI server (make ci-up) for the pipeline tests, on free ports and a folder of its own, with a
clone of the checkout that pushes commits to it, and the waits the tests need.

The suite's pipeline runs the quick profile (lint and a named selection of tests instead of
the whole fast suite), continuous deployment on (so a push goes all the way), and a short
verify window: the pipeline is the same, only shorter where the suite's time is counted.
``make pipeline-measure`` (PIPELINE_RECORD=1), which records the figures the course shows, runs
the full profile.
"""

import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ci import api, results, secrets_dir
from ci.settings import PORTS, Settings
from stacks.runner import ports, proctree
from stacks.runner.paths import ROOT

VERIFY_SECONDS = 15
BUILD_SECONDS = 900  # a safeguard for a hung pipeline, not a speed test


def ci_command(command: str, env: dict, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ci", command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


@dataclass
class Server:
    settings: Settings
    env: dict
    clone: Path

    @property
    def secrets(self) -> dict:
        return secrets_dir.read(self.settings.secrets)

    def api(self, user: str = "developer") -> api.Api:
        return api.Api(self.settings.ui_url, user, self.secrets[f"{user}-password"])

    def push(self, message: str, edit=None, force: bool = False) -> float:
        """Commit (after ``edit(clone folder)``, if given) and push to the server; the time of the push."""
        if edit:
            edit(self.clone)
        git(self.clone, "add", "-A")
        git(self.clone, "commit", "-q", "--allow-empty", "-m", message)
        pushed_at = time.time()
        git(self.clone, "push", "-q", *(["--force"] if force else []), "lab", "HEAD:main")
        return pushed_at

    def head(self) -> str:
        return git(self.clone, "rev-parse", "HEAD").strip()

    def builds(self, builder: str) -> list:
        return self.api().builds(builder)

    def _complete(self, builder: str, pick, what: str, seconds: float) -> dict:
        """The build of ``builder`` that ``pick(builds)`` names, once it is complete."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                found = pick(self.builds(builder))
            except (OSError, http.client.HTTPException, ValueError):  # a busy master: ask again
                found = None
            if found and found["complete"]:
                return found
            time.sleep(2)
        raise TimeoutError(f"no complete build of {builder} {what} within {seconds} s")

    def build_of(self, builder: str, key: str, value: str, seconds: float = BUILD_SECONDS) -> dict:
        """The complete build of ``builder`` whose property ``key`` is ``value`` (a revision, a release id)."""

        def pick(builds):
            return next((b for b in builds if b["properties"].get(key, [None])[0] == value), None)

        return self._complete(builder, pick, f"with {key}={value}", seconds)

    def next_build(self, builder: str, seen: int, seconds: float = BUILD_SECONDS) -> dict:
        """The first build of ``builder`` beyond the ``seen`` it had, once it is complete."""
        return self._complete(builder, lambda builds: builds[seen] if len(builds) > seen else None, "new", seconds)

    def steps(self, build: dict) -> dict:
        """{step name: step} of a build."""
        return {s["name"]: s for s in self.api().steps(build["buildid"])}

    def log(self, build: dict, step: str) -> str:
        client = self.api()
        found = self.steps(build)[step]
        return "".join(client.log_text(log["logid"]) for log in client.get(f"steps/{found['stepid']}/logs")["logs"])


def git(where: Path, *argv: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(where), *argv],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "Lab Test",
            "GIT_AUTHOR_EMAIL": "test@lab.invalid",
            "GIT_COMMITTER_NAME": "Lab Test",
            "GIT_COMMITTER_EMAIL": "test@lab.invalid",
        },
    )
    assert result.returncode == 0, f"git {' '.join(argv)}: {result.stderr}"
    return result.stdout


def start() -> Server:
    # Not under pytest's 0700 temporary folder: the staging stack's service account must reach its run folder.
    folder = Path(tempfile.mkdtemp(prefix="ilab-ci-"))
    folder.chmod(0o755)
    # make pipeline-measure (PIPELINE_RECORD=1) times the real pipeline, the whole fast test stage included.
    profile = "full" if results.recording() else "quick"
    env = {
        **os.environ,
        "LAB_CI_DIR": str(folder),
        "CI_PROFILE": profile,
        "CI_AUTO_PROMOTE": "1",
        "CI_VERIFY_SECONDS": str(VERIFY_SECONDS),
        **{name: str(ports.pick_free()) for name in PORTS},
    }
    started = ci_command("up", env)
    if started.returncode != 0:
        ci_command("down", env)
        shutil.rmtree(folder, ignore_errors=True)
        raise AssertionError(f"ci-up failed:\n{started.stdout[-3000:]}\n{started.stderr[-3000:]}")
    clone = folder / "clone"
    git(ROOT, "clone", "-q", str(ROOT), str(clone))
    git(clone, "remote", "add", "lab", str(folder / "lab.git"))
    return Server(Settings.read(folder), env, clone)


def stop(server: Server) -> list:
    """ci-down; what is left running or listening (nothing, when all is well)."""
    stopped = ci_command("down", server.env)
    assert stopped.returncode == 0, stopped.stdout + stopped.stderr
    left = [f"pid {pid}" for pid in proctree.of_run(server.settings.path)]
    left += [f"port {p}" for p in server.settings.ports.values() if not ports.is_free(p, "127.0.0.1")]
    shutil.rmtree(server.settings.path, ignore_errors=True)
    return left
