"""The sweep's parameters, from ``settings.toml`` beside this file, checked key by key.

Declared as dataclasses the runner's schema reads (stacks/runner/schema.py), as
a manifest is: a misspelt key or a value of the wrong type is a one-line error
naming the file and the key, before anything starts.
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from stacks.runner import includes, schema
from stacks.runner.errors import StackError
from stacks.runner.schema import spec

HERE = Path(__file__).resolve().parent
SETTINGS_FILE = HERE / "settings.toml"


@dataclass(frozen=True)
class Profile:
    """How long each measurement lasts, and how many times it is repeated (`[full]`, `[quick]`)."""

    WHAT = "a tuning profile"
    rounds: int = field(
        metadata=spec("fresh starts of every configuration, in a new shuffled order each", required=True)
    )
    primer_seconds: float = field(metadata=spec("the primer at few connections on each fresh start", required=True))
    warmup_seconds: float = field(metadata=spec("the warm-up at the measured connections, not counted", required=True))
    seconds: float = field(metadata=spec("each measured Hello, World! run", required=True))
    io_seconds: float = field(metadata=spec("each measured I/O-bound run", required=True))
    restart_per_round: bool = field(
        default=True,
        metadata=spec("a fresh start of every configuration per round; false: one start, the rounds measured on it"),
    )


@dataclass(frozen=True)
class OpenLoop:
    """The open-loop latency run (`[open_loop]`): h2load at fixed rates below each stack's capacity."""

    WHAT = "the open-loop settings"
    shares: tuple = field(metadata=spec("shares of the stack's capacity to run at", items=float, required=True))
    seconds: float = field(metadata=spec("seconds at each rate", required=True))
    rate_period_ms: int = field(metadata=spec("arrivals are created in slices of this many ms", required=True))
    max_rate: int = field(metadata=spec("the highest rate h2load is asked for (its own core's limit)", required=True))
    left_out: dict = field(default_factory=dict, metadata=spec("stacks not measured open-loop, and why", values=str))


@dataclass(frozen=True)
class TuningSettings:
    """benchmarks/tuning/settings.toml."""

    WHAT = "the tuning settings"
    primer_connections: int = field(metadata=spec("connections of the primer", required=True))
    budget_minutes: float = field(metadata=spec("what `make tune-all` must fit in", required=True))
    full: Profile = field(metadata=spec("`make tune`", required=True))
    quick: Profile = field(metadata=spec("`make tune QUICK=1`", required=True))
    open_loop: OpenLoop = field(metadata=spec("open-loop latency", required=True))
    untuned: dict = field(default_factory=dict, metadata=spec("stacks without knobs, and why", values=str))
    deliberate: dict = field(
        default_factory=dict,
        metadata=spec(
            "stacks whose shipped configuration stays below the goal on Hello, World! on purpose, and why", values=str
        ),
    )

    def profile(self, quick: bool) -> Profile:
        return self.quick if quick else self.full


def load(path: Path | None = None) -> TuningSettings:
    path = path or SETTINGS_FILE
    try:
        raw = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise StackError(f"{includes.shown(path)}: not valid TOML: {exc}") from None
    return schema.load(TuningSettings, raw, includes.shown(path))
