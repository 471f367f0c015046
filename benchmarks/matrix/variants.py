"""Benchmark variants: a stack started with some of its templates replaced, measured in the same run.

A variant is declared in settings.toml as ``[variants.NAME]`` with the ``stack``
it changes and an ``overlay`` folder of files that replace that stack's
templates (the runner's LAB_OVERLAY, as the troubleshooting labs use it). It is
measured as an entry of its own, interleaved with the others, whenever its
stack is, and the report gives the stack's throughput as a share of the
variant's: ``production`` against ``production-metrics-off`` is what
observability costs.
"""

from dataclasses import dataclass
from pathlib import Path

from stacks.runner.errors import StackError
from stacks.runner.paths import ROOT


@dataclass(frozen=True)
class Variant:
    name: str
    stack: str
    overlay: Path
    shows: str  # what the ratio of the stack to this variant measures
    goal: float | None = None  # the least share of the variant's throughput the stack should keep


def load(raw: dict) -> dict:
    """{name: Variant} from the ``variants`` table of settings.toml."""
    found = {}
    for name, table in raw.get("variants", {}).items():
        overlay = ROOT / table["overlay"]
        if not overlay.is_dir():
            raise StackError(
                f"benchmarks/matrix/settings.toml [variants.{name}]: overlay {table['overlay']!r} is not a folder"
            )
        found[name] = Variant(name, table["stack"], overlay, table.get("shows", ""), table.get("goal"))
    return found


def with_variants(names: list, variants: dict) -> list:
    """``names`` and, after each stack, the variants of it that are not named already."""
    chosen = list(names)
    for variant in variants.values():
        if variant.stack in names and variant.name not in chosen:
            chosen.append(variant.name)
    return chosen


def ratios(stacks: list, variants: dict) -> list:
    """For every measured variant: the stack's req/s as a share of the variant's, per connection level."""
    by_name = {s["name"]: s for s in stacks}
    found = []
    for variant in variants.values():
        stack, other = by_name.get(variant.stack), by_name.get(variant.name)
        if not (stack and other and stack["verified"] and other["verified"]):
            continue
        theirs = {lv["connections"]: lv["rps"] for lv in other["levels"]}
        levels = [
            {
                "connections": lv["connections"],
                "stack_rps": lv["rps"],
                "variant_rps": theirs[lv["connections"]],
                "ratio": round(lv["rps"] / theirs[lv["connections"]], 3),
            }
            for lv in stack["levels"]
            if theirs.get(lv["connections"])
        ]
        found.append(
            {
                "stack": variant.stack,
                "variant": variant.name,
                "shows": variant.shows,
                "goal": variant.goal,
                "levels": levels,
            }
        )
    return found


def describe(comparisons: list) -> str:
    """One line per comparison, for the terminal and the results pages."""
    lines = []
    for c in comparisons:
        shares = ", ".join(f"{lv['ratio']:.2f} at {lv['connections']} connections" for lv in c["levels"])
        goal = f" (goal ≥ {c['goal']:.2f})" if c["goal"] else ""
        lines.append(f"- {c['shows']}: `{c['stack']}` serves {shares} of the requests/s of `{c['variant']}`{goal}.")
    return "\n".join(lines)
