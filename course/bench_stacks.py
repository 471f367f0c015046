"""The committed full benchmark's stacks by name (benchmarks/results/latest.json, make bench):
one reader for every page block and fact that quotes a stack's figures."""

import json

from benchmarks.shared.folders import DEFAULT_RESULTS

LATEST = DEFAULT_RESULTS / "latest.json"


def by_name() -> dict:
    return {s["name"]: s for s in json.loads(LATEST.read_text())["stacks"]}


def levels(name: str) -> dict:
    """A stack's levels in that run, by their number of connections."""
    return {level["connections"]: level for level in by_name()[name]["levels"]}


def measured_on() -> str:
    return json.loads(LATEST.read_text())["date"][:10]
