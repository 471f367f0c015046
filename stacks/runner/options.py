"""Run options: what a person chose for this start (ports, host, environment, overlay, run folder).

The command line (and make, through it) reads the process environment once and
builds a ``RunOptions``; everything below it takes that value and never looks
at ``os.environ`` to be steered. Callers that start stacks from Python (the
course's checkers, ``environ-table``, the benchmarks) build their own options
instead of changing the environment of the whole process.
"""

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from stacks.runner import variables
from stacks.runner.errors import StackError
from stacks.runner.paths import CHECKOUT_VENV, default_run_dir, run_base, state_dir, venv_dir

DEFAULT_HOST = variables.BY_NAME["HOST"].default
DEFAULT_PYTHON_ENV = variables.BY_NAME["PYTHON_ENV"].default
DEFAULT_USER = variables.BY_NAME["LAB_USER"].default
TUNE_PREFIX = "TUNE_"  # TUNE_WORKERS=8: a value for the stack's tunable knob ``workers``


def port_number(variable: str, raw) -> int | str:
    """A port value as given (``PORT=8081``, or ``auto``), checked: a one-line error otherwise."""
    if raw == "auto":
        return raw
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = 0
    if isinstance(raw, bool) or not 1 <= value <= 65535:
        raise StackError(f"{variable}={raw!r} is not a port number; use a whole number from 1 to 65535")
    return value


@dataclass(frozen=True)
class RunOptions:
    """Everything that steers one start of a stack, besides its manifest.

    ``ports`` overrides the manifest's ports by name (``{"port": 8081}``); a
    manifest port not named keeps its default. ``app_settings`` are the app's
    configuration variables (``REDIS_URL``, ``LOG_LEVEL``, ...) handed to its
    processes; ``overlay`` is a folder of files replacing same-named templates
    (the troubleshooting labs); ``venv`` the project's virtualenv its programs come
    from; ``user`` the account servers run as when started by root; ``tuning`` chooses
    values of the knobs the manifest declares tunable (``{"workers": 8}``, from
    ``TUNE_WORKERS=8``), which ``make tune`` sweeps.
    """

    run_dir: Path = field(default_factory=default_run_dir)
    host: str = DEFAULT_HOST
    ports: dict = field(default_factory=dict)
    python_env: str = DEFAULT_PYTHON_ENV
    overlay: Path | None = None
    app_settings: dict = field(default_factory=dict)
    venv: Path = CHECKOUT_VENV
    user: str = DEFAULT_USER
    tuning: dict = field(default_factory=dict)
    state_dir: Path | None = None  # None: <run>/state itself; else <run>/state links here

    def __post_init__(self) -> None:
        # Ports are checked when a manifest names them (port()): the environment may hold other
        # *_PORT variables (a container's KUBERNETES_PORT=tcp://...) that are not ours.
        if self.overlay is not None and not Path(self.overlay).is_dir():
            raise StackError(f"LAB_OVERLAY={str(self.overlay)!r} is not a folder")

    def port(self, name: str, default) -> int | str:
        """Port ``name``: the chosen one, else the manifest's ``default``."""
        return port_number(name.upper(), self.ports.get(name, default))

    def but(self, **changes) -> "RunOptions":
        """A copy with some options changed."""
        return replace(self, **changes)

    @classmethod
    def from_environ(cls, environ=None) -> "RunOptions":
        """The options a person gave as environment variables (``make run-stack PORT=8081``),
        as stacks/runner/variables.py declares them.

        Every ``PORT`` and ``*_PORT`` variable names a port; app settings are the
        variables the app's own configuration declares.
        """
        from stacks.runner.app_settings import app_setting_names

        environ = os.environ if environ is None else environ
        overlay = variables.get("LAB_OVERLAY", environ)
        return cls(
            run_dir=run_base(environ),
            host=variables.get("HOST", environ),
            ports={k.lower(): v for k, v in environ.items() if k == "PORT" or k.endswith("_PORT")},
            python_env=variables.get("PYTHON_ENV", environ),
            overlay=Path(overlay).absolute() if overlay else None,
            app_settings={k: environ[k] for k in app_setting_names() if k in environ and k != "PORT"},
            venv=venv_dir(variables.get("VENV", environ)),
            user=variables.get("LAB_USER", environ),
            tuning={k.removeprefix(TUNE_PREFIX).lower(): v for k, v in environ.items() if k.startswith(TUNE_PREFIX)},
            state_dir=state_dir(environ),
        )
