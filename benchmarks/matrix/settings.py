"""The benchmark parameters, read from ``benchmarks/matrix/settings.toml``.

Kept in a file beside the harness, keyed by process model where stacks differ (the
manifest says which model a stack has), so the benchmark's choices are
in one place a reader can check against the results. Every key of the file is
declared below, the way the manifests are (stacks/runner/schema.py): an unknown
key or a value of the wrong type is a one-line error naming the file, the key and
the value, before any stack starts.
"""

from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.matrix import variants as variants_module
from benchmarks.shared import run_profile
from stacks.runner import manifest, schema
from stacks.runner.errors import StackError
from stacks.runner.schema import spec

SETTINGS_FILE = Path(__file__).resolve().parent / "settings.toml"


@dataclass(frozen=True)
class StackPlan:
    """How one stack is measured: rounds, warm-up, run length, connection levels."""

    rounds: int
    warmup_seconds: float
    seconds: float
    connections: tuple
    stack_class: str  # "default" or the name of the settings table that changed it


@dataclass(frozen=True)
class IoPlan:
    """The I/O-bound workload: one wrk run per start at many connections on a path that waits."""

    path: str
    body: str
    wait_seconds: float
    connections: int
    seconds: float
    left_out: dict  # process model -> why stacks of it are not measured on this workload
    left_out_stacks: dict  # stack -> why it is not measured, where its model alone does not say

    @property
    def ideal_rps(self) -> float:
        """Every connection waiting in parallel, none queued: connections / wait."""
        return self.connections / self.wait_seconds

    def reason_left_out(self, stack: str) -> str:
        """'' when ``stack`` runs this workload, else why not."""
        return self.left_out_stacks.get(stack) or self.left_out.get(manifest.find(stack).process_model, "")


@dataclass(frozen=True)
class Settings:
    profile: str  # "full" or "quick"
    python_env: str
    path: str
    wrk_threads: int
    wrk_timeout_seconds: float
    saturated_percent: float
    sample_interval_seconds: float
    ceiling: str
    raw: dict

    @property
    def variants(self) -> dict:
        """The variants of stacks the settings declare, by name."""
        return variants_module.load(self.raw)

    def stack_of(self, name: str) -> str:
        """The stack a name of the run starts: itself, or the stack a variant changes."""
        variant = self.variants.get(name)
        return variant.stack if variant else name

    def plan(self, stack: str) -> StackPlan:
        """The plan for ``stack``: the profile, changed by any class the stack belongs to."""
        stack = self.stack_of(stack) if stack else stack
        base = self.raw[self.profile]
        merged, stack_class = dict(base), "default"
        model = manifest.find(stack).process_model if stack else ""
        for name, table in self.raw.items():
            if isinstance(table, dict) and model and table.get("process_model") == model:
                merged.update(table.get(self.profile, {}))
                stack_class = name
        return StackPlan(
            int(merged["rounds"]),
            float(merged["warmup_seconds"]),
            float(merged["seconds"]),
            tuple(int(c) for c in merged["connections"]),
            stack_class,
        )

    @property
    def io(self) -> IoPlan:
        raw = self.raw["io"]
        return IoPlan(
            raw["path"],
            raw["body"],
            float(raw["wait_seconds"]),
            int(raw["connections"]),
            float(raw[self.profile]["seconds"]),
            dict(raw["left_out"]),
            dict(raw.get("left_out_stacks", {})),
        )

    def classes(self) -> dict:
        """The stack classes and what they change, for the results file."""
        models = {n: m.process_model for n, m in manifest.discover().items()}
        return {
            name: {
                "process_model": t["process_model"],
                "stacks": sorted(n for n, m in models.items() if m == t["process_model"]),
                **t.get(self.profile, {}),
            }
            for name, t in self.raw.items()
            if isinstance(t, dict) and "process_model" in t
        }


@dataclass(frozen=True)
class Profile:
    """How long each stack is measured in a profile (``[full]``, ``[quick]``), or what a class changes of it."""

    WHAT = "a profile"
    rounds: int = field(default=0, metadata=spec("rounds, each on a fresh start of every stack"))
    warmup_seconds: float = field(default=0.0, metadata=spec("wrk before the measured runs, not counted"))
    seconds: float = field(default=0.0, metadata=spec("the length of each measured run"))
    connections: tuple = field(default=(), metadata=spec("the connection levels, one run each", items=int))


PROFILE_KEYS = ("rounds", "warmup_seconds", "seconds", "connections")


@dataclass(frozen=True)
class StackClass:
    """A table other than the ones below: what changes for the stacks of one process model."""

    WHAT = "a stack class"
    process_model: str = field(
        default="",
        metadata=spec(
            "the stacks it applies to, by their manifests' model", choices=manifest.PROCESS_MODELS, required=True
        ),
    )
    full: Profile = field(default_factory=Profile, metadata=spec("what changes in the full profile"))
    quick: Profile = field(default_factory=Profile, metadata=spec("what changes in the quick profile"))


@dataclass(frozen=True)
class IoWorkload:
    """``[io]``: the I/O-bound workload, on a path that waits."""

    WHAT = "the io table"
    path: str = field(default="", metadata=spec("the request, on a route that waits", required=True))
    body: str = field(default="", metadata=spec("what verification expects before it is measured", required=True))
    wait_seconds: float = field(default=0.0, metadata=spec("how long each request waits", required=True))
    connections: int = field(default=0, metadata=spec("connections at once", required=True))
    left_out: dict = field(
        default_factory=dict, metadata=spec("process model -> why its stacks are left out", values=str)
    )
    left_out_stacks: dict = field(default_factory=dict, metadata=spec("stack -> why it is left out", values=str))
    full: Profile = field(default_factory=Profile, metadata=spec("its run length, full profile", required=True))
    quick: Profile = field(default_factory=Profile, metadata=spec("its run length, quick profile", required=True))


@dataclass(frozen=True)
class VariantTable:
    """``[variants.NAME]``: a stack with some templates replaced, measured beside it."""

    WHAT = "a variant"
    stack: str = field(default="", metadata=spec("the stack it changes", required=True))
    overlay: str = field(default="", metadata=spec("the folder of replacement templates", required=True))
    shows: str = field(default="", metadata=spec("what the stack's ratio to it measures"))
    goal: float = field(default=0.0, metadata=spec("the least share of the variant's throughput the stack keeps"))


@dataclass(frozen=True)
class MatrixSettings:
    """settings.toml: how the wrk matrix measures."""

    WHAT = "settings.toml"
    python_env: str = field(
        default="",
        metadata=spec(
            "the app configuration the stacks run under",
            choices=("development", "test", "staging", "production"),
            required=True,
        ),
    )
    path: str = field(default="", metadata=spec("the request every stack is measured on", required=True))
    wrk_threads: int = field(default=0, metadata=spec("wrk's threads", required=True))
    wrk_timeout_seconds: float = field(
        default=0.0, metadata=spec("a slower response is a socket timeout", required=True)
    )
    saturated_percent: float = field(
        default=0.0, metadata=spec("wrk above this share of its core may be the limit", required=True)
    )
    sample_interval_seconds: float = field(default=0.0, metadata=spec("/proc sampling of the stack", required=True))
    ceiling: str = field(default="", metadata=spec("the stack every figure is shown against", required=True))
    full: Profile = field(default_factory=Profile, metadata=spec("the full profile (make bench)", required=True))
    quick: Profile = field(default_factory=Profile, metadata=spec("the quick profile (QUICK=1)", required=True))
    io: IoWorkload = field(default_factory=IoWorkload, metadata=spec("the I/O-bound workload", required=True))
    variants: dict = field(default_factory=dict, metadata=spec("name -> a variant table", values=schema.ANY))

    def check(self, where: str) -> None:
        for name in ("full", "quick"):
            missing = [k for k in PROFILE_KEYS if not getattr(getattr(self, name), k)]
            if missing:
                raise StackError(f"{where} [{name}]: needs {' and '.join(missing)}")
        stacks = manifest.discover()
        if self.ceiling not in stacks:
            raise StackError(f"{where}: ceiling {self.ceiling!r} is not a stack; the stacks are: {', '.join(stacks)}")
        for name, table in self.variants.items():
            variant = schema.load(VariantTable, table, f"{where} [variants.{name}]")
            if variant.stack not in stacks:
                raise StackError(f"{where} [variants.{name}]: stack {variant.stack!r} is not a stack")


def load(quick: bool) -> Settings:
    """The settings of a run; every key of settings.toml checked (each table not declared above is a stack class)."""
    raw = run_profile.validated(SETTINGS_FILE, MatrixSettings, extra=StackClass)
    return Settings(
        profile="quick" if quick else "full",
        python_env=raw["python_env"],
        path=raw["path"],
        wrk_threads=int(raw["wrk_threads"]),
        wrk_timeout_seconds=float(raw["wrk_timeout_seconds"]),
        saturated_percent=float(raw["saturated_percent"]),
        sample_interval_seconds=float(raw["sample_interval_seconds"]),
        ceiling=raw["ceiling"],
        raw=raw,
    )
