"""The availability run's settings, read from faults.toml and checked against the declaration below.

Every key of faults.toml is declared once here, with its type and purpose, the way the
manifests are (stacks/runner/schema.py): an unknown key, a value of the wrong type or a
fault ``action`` that names no function of faults.py is a one-line error naming the
file, the key and the value, before anything starts.
"""

from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.availability.faults import ACTIONS
from benchmarks.shared import run_profile
from stacks.runner import manifest, schema
from stacks.runner.errors import StackError
from stacks.runner.schema import spec


@dataclass(frozen=True)
class LoadKnobs:
    """The load and the attacks of one profile (``[full]`` or ``[quick]``)."""

    WHAT = "a profile"
    clients: int = field(default=0, metadata=spec("loopback clients, from 127.0.0.2 on", required=True))
    rate: float = field(default=0.0, metadata=spec("GET / a second per client", required=True))
    timeout_s: float = field(default=0.0, metadata=spec("an answer later than this is a failure", required=True))
    baseline_s: float = field(default=0.0, metadata=spec("load before the first fault", required=True))
    recover_within_s: float = field(
        default=0.0, metadata=spec("a fault not recovered by then is reported so", required=True)
    )
    slow_connections: int = field(default=0, metadata=spec("the slow-client attack's connections", required=True))
    slow_seconds: float = field(default=0.0, metadata=spec("how long the slow-client attack lasts", required=True))
    burst: int = field(default=0, metadata=spec("the burst of GET /slow from one client", required=True))
    burst_seconds: float = field(default=0.0, metadata=spec("what each GET /slow of the burst asks for", required=True))


@dataclass(frozen=True)
class When:
    """Which stacks a fault applies to, from their manifests (every key given must hold)."""

    WHAT = "a when"
    process_model: tuple = field(
        default=(), metadata=spec("the process models it applies to", items=str, choices=manifest.PROCESS_MODELS)
    )
    program: str = field(default="", metadata=spec("a supervisord program the stack must have"))
    tool: str = field(default="", metadata=spec("a file the stack's folder must have (deploy.py)"))
    contract: str = field(default="", metadata=spec("the contract the stack must serve", choices=manifest.CONTRACTS))


@dataclass(frozen=True)
class Fault:
    """One fault, injected in turn while the load runs."""

    WHAT = "a fault"
    name: str = field(default="", metadata=spec("its name on the page and in the goals", required=True))
    what: str = field(default="", metadata=spec("what it does, for the page", required=True))
    action: str = field(
        default="",
        metadata=spec(
            "the function of benchmarks/availability/faults.py that injects it", choices=tuple(ACTIONS), required=True
        ),
    )
    when: When = field(default_factory=When, metadata=spec("which stacks it applies to"))
    per_year: float = field(default=0.0, metadata=spec("its stated rate, for yearly downtime", required=True))
    down_s: float = field(default=3.0, metadata=spec("how long a stopped program stays down"))
    expect_while_down: dict = field(
        default_factory=dict,
        metadata=spec("path -> the status each route should answer while the program is down", values=int),
    )


@dataclass(frozen=True)
class Goals:
    """What a stack's run must show; the page says met or missed."""

    WHAT = "goals"
    availability: float = field(default=0.0, metadata=spec("the least availability over the whole run"))
    zero_failed: tuple = field(default=(), metadata=spec("faults that may fail no request", items=str))
    recovery_under_s: dict = field(
        default_factory=dict,
        metadata=spec("fault -> seconds within which the load and the process are back", values=schema.SCALAR),
    )
    only_expected_while_down: tuple = field(
        default=(), metadata=spec("faults whose routes answer only what expect_while_down says", items=str)
    )


@dataclass(frozen=True)
class FaultSettings:
    """faults.toml: how ``make availability`` breaks a stack under load."""

    WHAT = "faults.toml"
    streak: int = field(default=0, metadata=spec("recovered: the first of this many successes in a row", required=True))
    settle_s: float = field(
        default=0.0, metadata=spec("load before each fault, and at least this long after", required=True)
    )
    full: LoadKnobs = field(default_factory=LoadKnobs, metadata=spec("the full profile", required=True))
    quick: LoadKnobs = field(default_factory=LoadKnobs, metadata=spec("the quick profile (QUICK=1)", required=True))
    fault: tuple = field(default=(), metadata=spec("the faults, in order", items=Fault, required=True))
    goals: dict = field(default_factory=dict, metadata=spec("stack -> its goals", values=schema.ANY))

    def check(self, where: str) -> None:
        names = [f.name for f in self.fault]
        for stack, goals in self.goals.items():
            if stack not in manifest.discover():
                raise StackError(
                    f"{where}: [goals.{stack}]: no stack {stack!r}; the stacks are: {', '.join(manifest.discover())}"
                )
            declared = schema.load(Goals, goals, f"{where} [goals.{stack}]")
            named = [*declared.zero_failed, *declared.recovery_under_s, *declared.only_expected_while_down]
            unknown = [n for n in named if n not in names]
            if unknown:
                raise StackError(
                    f"{where} [goals.{stack}]: no fault named {unknown[0]!r}; the faults are: {', '.join(names)}"
                )


FILE = run_profile.SettingsFile(Path(__file__).resolve().parent / "faults.toml", FaultSettings, "knobs", "availability")
load_config = FILE.load
results_file = FILE.results_file
