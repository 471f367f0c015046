"""The benchmark parameters, read from ``benchmarks/matrix/settings.toml``.

Kept in a file beside the harness, keyed by process model where stacks differ (the
manifest says which model a stack has), so the benchmark's choices are
in one place a reader can check against the results.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from benchmarks.matrix import variants as variants_module
from stacks.runner import manifest

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
        return StackPlan(int(merged["rounds"]), float(merged["warmup_seconds"]), float(merged["seconds"]),
                    tuple(int(c) for c in merged["connections"]), stack_class)

    @property
    def io(self) -> IoPlan:
        raw = self.raw["io"]
        return IoPlan(raw["path"], raw["body"], float(raw["wait_seconds"]), int(raw["connections"]),
                      float(raw[self.profile]["seconds"]), dict(raw["left_out"]),
                      dict(raw.get("left_out_stacks", {})))

    def classes(self) -> dict:
        """The stack classes and what they change, for the results file."""
        models = {n: m.process_model for n, m in manifest.discover().items()}
        return {name: {"process_model": t["process_model"],
                       "stacks": sorted(n for n, m in models.items() if m == t["process_model"]),
                       **t.get(self.profile, {})}
                for name, t in self.raw.items() if isinstance(t, dict) and "process_model" in t}


def load(quick: bool) -> Settings:
    raw = tomllib.loads(SETTINGS_FILE.read_text())
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

