"""Where the CI server lives and what one start of it was given, read once from the environment.

``make ci-up`` writes these settings to ``<ci dir>/settings.json``; master.cfg reads that file,
so the running master and the command that started it agree on every port and folder. A person
picks ports with the variables below (the defaults are the lab's 8310-8323); the tests pick free
ones. Nothing here is secret: secrets live in ``<ci dir>/secrets`` (see secrets.py).
"""

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from stacks.runner.errors import StackError
from stacks.runner.options import DEFAULT_USER, port_number
from stacks.runner.paths import ROOT, extra_venv_dir, reachable, venv_dir

VERIFY_SECONDS_DEFAULT = 60  # how long production is watched after a roll
PROFILES = ("full", "quick")  # full: the real test stage; quick: lint and a named selection (the suite's)
PORTS = {  # variable -> default: the web UI, the worker's connection, the staging stack's ports
    "CI_PORT": 8310,
    "CI_WORKER_PORT": 8311,
    "STAGING_PORT": 8320,
    "STAGING_HTTPS_PORT": 8321,
    "STAGING_TRACKER_PORT": 8322,
    "STAGING_PROMETHEUS_PORT": 8323,
}


def ci_dir(environ=None) -> Path:
    """The CI server's folder (``LAB_CI_DIR``): its master, worker, bare repository, secrets, staging."""
    environ = os.environ if environ is None else environ
    return Path(environ.get("LAB_CI_DIR") or f"/tmp/interface-lab-ci-{os.getuid()}").absolute()


def buildbot_venv() -> Path:
    return reachable(extra_venv_dir("buildbot"))


@dataclass(frozen=True)
class Settings:
    folder: str
    checkout: str  # the checkout ci-up ran from: its virtualenvs are the worker's tools
    venv: str
    ports: dict
    profile: str = "full"
    auto_promote: bool = False
    verify_seconds: int = VERIFY_SECONDS_DEFAULT
    user: str = DEFAULT_USER  # the service account the master and the build worker run as under root (LAB_USER)

    @property
    def path(self) -> Path:
        return Path(self.folder)

    @property
    def ui_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['CI_PORT']}/"

    @property
    def repository(self) -> Path:
        return self.path / "lab.git"

    @property
    def secrets(self) -> Path:
        return self.path / "secrets"

    @property
    def staging(self) -> Path:
        return self.path / "staging"

    def write(self) -> None:
        (self.path / "settings.json").write_text(json.dumps(asdict(self), indent=2) + "\n")

    @classmethod
    def read(cls, folder: Path) -> "Settings":
        try:
            return cls(**json.loads((folder / "settings.json").read_text()))
        except (OSError, ValueError, TypeError):
            raise StackError(f"no CI server was set up in {folder}: run 'make ci-up'") from None

    @classmethod
    def from_environ(cls, environ=None) -> "Settings":
        environ = os.environ if environ is None else environ
        profile = environ.get("CI_PROFILE", "full")
        if profile not in PROFILES:
            raise StackError(f"CI_PROFILE={profile!r} is not one of {', '.join(PROFILES)}")
        raw_seconds = environ.get("CI_VERIFY_SECONDS", str(VERIFY_SECONDS_DEFAULT))
        if not raw_seconds.isdigit() or not 5 <= int(raw_seconds) <= 3600:
            raise StackError(f"CI_VERIFY_SECONDS={raw_seconds!r} is not a whole number of seconds from 5 to 3600")
        auto = environ.get("CI_AUTO_PROMOTE", "0")
        if auto not in ("0", "1"):
            raise StackError(
                f"CI_AUTO_PROMOTE={auto!r}: use 1 (continuous deployment) or 0 (a release manager promotes)"
            )
        ports = {name: port_number(name, environ.get(name, default)) for name, default in PORTS.items()}
        return cls(
            folder=str(ci_dir(environ)),
            checkout=str(ROOT),
            venv=str(reachable(venv_dir())),
            ports=ports,
            profile=profile,
            auto_promote=auto == "1",
            verify_seconds=int(raw_seconds),
            user=environ.get("LAB_USER") or DEFAULT_USER,
        )
