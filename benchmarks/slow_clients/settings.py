"""The slow-client run's settings, read from attacks.toml and checked against the declaration below.

Every key of attacks.toml is declared once here, the way the manifests are
(stacks/runner/schema.py): an unknown key, a value of the wrong type or an attack
``kind`` slowhttptest is not run for is a one-line error naming the file, the key
and the value, before any stack starts.
"""

from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.shared import run_profile
from benchmarks.shared.slowhttp import KINDS
from stacks.runner import manifest
from stacks.runner.errors import StackError
from stacks.runner.schema import spec


@dataclass(frozen=True)
class AttackKnobs:
    """How hard each attack of one profile (``[full]`` or ``[quick]``) is."""

    WHAT = "a profile"
    connections: int = field(default=0, metadata=spec("slow connections per attack", required=True))
    seconds: int = field(default=0, metadata=spec("how long each attack lasts", required=True))
    interval: int = field(
        default=0, metadata=spec("seconds between a connection's header lines or body bytes", required=True)
    )


@dataclass(frozen=True)
class Attack:
    """One attack, run against every stack in turn."""

    WHAT = "an attack"
    kind: str = field(default="", metadata=spec("the kind of slow client", choices=tuple(KINDS), required=True))
    path: str = field(
        default="", metadata=spec('what the slow requests ask for: "probe" is the stack\'s probe path', required=True)
    )


@dataclass(frozen=True)
class Why:
    """The page's explanation of each row, chosen by a stack's front server, else its process model."""

    WHAT = "a why table"
    front: dict = field(default_factory=dict, metadata=spec("front server -> why its stacks answer", values=str))
    process_model: dict = field(default_factory=dict, metadata=spec("process model -> why", values=str))

    def check(self, where: str) -> None:
        wrong = [m for m in self.process_model if m not in manifest.PROCESS_MODELS]
        if wrong:
            raise StackError(
                f"{where}: [why.process_model] {wrong[0]!r} is not one of {', '.join(manifest.PROCESS_MODELS)}"
            )


@dataclass(frozen=True)
class SlowClientSettings:
    """attacks.toml: how ``make slow-clients`` attacks each stack while probing it."""

    WHAT = "attacks.toml"
    probe_rate: float = field(default=0.0, metadata=spec("GET / a second, one client", required=True))
    probe_timeout_s: float = field(
        default=0.0, metadata=spec("a probe not answered by then counts as not answered", required=True)
    )
    pause_s: float = field(default=0.0, metadata=spec("between attacks", required=True))
    full: AttackKnobs = field(default_factory=AttackKnobs, metadata=spec("the full profile", required=True))
    quick: AttackKnobs = field(default_factory=AttackKnobs, metadata=spec("the quick profile (QUICK=1)", required=True))
    attack: tuple = field(default=(), metadata=spec("the attacks, in order", items=Attack, required=True))
    why: Why = field(default_factory=Why, metadata=spec("the page's explanations", required=True))


FILE = run_profile.SettingsFile(
    Path(__file__).resolve().parent / "attacks.toml", SlowClientSettings, "attack_settings", "slow-clients"
)
load_config = FILE.load
results_file = FILE.results_file
