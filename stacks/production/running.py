"""Where the running production stack is: its run state, state folder, credentials, processes."""

import json
from pathlib import Path

from stacks.production.prometheus_api import Prometheus
from stacks.runner import lifecycle, prepare, supervise
from stacks.runner.errors import StackError
from stacks.runner.paths import run_base

STACK = "production"
STAGES = ("production", "staging")  # staging: the CI pipeline's rehearsal, production's settings on another host


class Running:
    """The production stack the runner started (``LAB_RUN_DIR`` or the default run folder)."""

    def __init__(self, base: Path | None = None) -> None:
        self.base = base or run_base()
        state = lifecycle.read_state(self.base)
        if not state or state.stack != STACK:
            raise StackError(
                f"the production stack is not running from {self.base}: start it with 'make run-stack STACK=production'"
            )
        self.state = state

    @property
    def folder(self) -> Path:
        """The stack's persistent state folder."""
        return self.base / "state" / STACK

    host = "localhost"  # the name its certificate is for

    @property
    def url(self) -> str:
        return self.state.base_url

    @property
    def http_port(self) -> int:
        return self.state.port

    @property
    def expected_environment(self) -> str:
        """The environment the stack was started to play (its stage.env; the pipeline's staging overlays it)."""
        stage_env = self.base / "conf" / "stage.env"
        declared = prepare.read_environment_files([stage_env]).get("PYTHON_ENV") if stage_env.is_file() else None
        return declared if declared in STAGES else "production"

    @property
    def tracker(self) -> str:
        return self.state.urls["tracker"].rstrip("/")

    @property
    def prometheus(self) -> Prometheus:
        """The stack's Prometheus (its HTTP API), on loopback."""
        return Prometheus(f"http://127.0.0.1:{self.state.ports['prometheus_port']}")

    @property
    def cafile(self) -> str:
        return self.state.cafile

    def credentials(self) -> dict:
        return json.loads((self.folder / "bugsink" / "credentials.json").read_text())

    def rpc(self):
        return supervise.rpc(self.base).supervisor
