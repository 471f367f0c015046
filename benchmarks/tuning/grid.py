"""The configurations a sweep measures, from the knobs a stack's manifest declares (``[tunable]``).

Grid knobs (``grid = true``, workers and threads, say) are swept against each
other: every combination of their values, which is what the knee plot and the
heat map need. The other knobs (access log, worker class, thunder-lock) are
tried one at a time, each value changed alone from the shipped configuration:
what flipping that one setting does, for the price of one configuration per
value rather than a multiplied grid. The shipped configuration is always one of
them, so shipped and best are measured in the same sweep.
"""

import itertools
from dataclasses import dataclass

from stacks.runner.manifest import Manifest


@dataclass(frozen=True)
class Configuration:
    """One point of the sweep: a value for every knob of the stack."""

    values: dict  # knob -> value (every knob)
    shipped: dict  # knob -> the value the stack ships with

    @property
    def changed(self) -> dict:
        """Only the knobs that differ from shipped: what the run sets (``TUNE_<KNOB>``)."""
        return {k: v for k, v in self.values.items() if v != self.shipped[k]}

    @property
    def is_shipped(self) -> bool:
        return not self.changed

    @property
    def label(self) -> str:
        return ", ".join(f"{k}={_shown(v)}" for k, v in self.changed.items()) or "shipped"

    @property
    def key(self) -> tuple:
        return tuple(sorted((k, str(v)) for k, v in self.values.items()))


def _shown(value) -> str:
    return repr(value) if value == "" else str(value)


def _ordered(values) -> list:
    unique = list(dict.fromkeys(values))
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in unique):
        return sorted(unique)
    return unique


def axes(stack: Manifest, quick: bool) -> dict:
    """The values each knob is tried at, the shipped value first among equals."""
    return {
        name: _ordered([knob.shipped, *(knob.quick if quick else knob.values)]) for name, knob in stack.tunable.items()
    }


def configurations(stack: Manifest, quick: bool = False) -> list:
    """Every configuration of ``stack`` the sweep measures, shipped first."""
    shipped = {name: knob.shipped for name, knob in stack.tunable.items()}
    tried = axes(stack, quick)
    grid_knobs = [name for name, knob in stack.tunable.items() if knob.grid]
    found = {}
    for combination in itertools.product(*(tried[name] for name in grid_knobs)):
        made = Configuration({**shipped, **dict(zip(grid_knobs, combination, strict=True))}, shipped)
        found[made.key] = made
    for name, knob in stack.tunable.items():
        if not knob.grid:
            for value in tried[name]:
                made = Configuration({**shipped, name: value}, shipped)
                found.setdefault(made.key, made)
    return sorted(found.values(), key=lambda c: not c.is_shipped)


def grid_knobs(stack: Manifest) -> list:
    """The grid knobs in manifest order: the first is the knee plot's axis, the second its series."""
    return [name for name, knob in stack.tunable.items() if knob.grid]
