"""The harnesses' settings files: read, checked against their declarations, split by profile.

Each harness reads one TOML file (matrix/settings.toml, slow_clients/attacks.toml,
availability/faults.toml) whose keys its settings.py declares with the runner's
schema (stacks/runner/schema.py): an unknown key or a wrong value is the same
one-line error a manifest gets. Each has a ``[full]`` and a ``[quick]`` table; a
quick run writes ``<stem>-quick.json``, so even in the scratch folder it never
merges into a full run's results.
"""

import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.shared import machine
from stacks.runner import includes, manifest, schema


def validated(config: Path, declaration, extra=None) -> dict:
    """The file's tables, checked against ``declaration`` (a schema dataclass): a one-line error otherwise.
    With ``extra``, every table the declaration does not name is checked against that one instead."""
    raw, where = includes.read(config), includes.shown(config)
    known = schema.keys(declaration)
    others = {k: v for k, v in raw.items() if extra and k not in known and isinstance(v, dict)}
    schema.load(declaration, {k: v for k, v in raw.items() if k not in others}, where)
    for name, table in others.items():
        schema.load(extra, table, f"{where} [{name}]")
    return raw


def load(config: Path, quick: bool, knobs_key: str, declaration) -> dict:
    """The file's settings, checked, with the chosen profile's table under ``knobs_key``."""
    raw = validated(config, declaration)
    profile = "quick" if quick else "full"
    return {**raw, "profile": profile, knobs_key: raw[profile]}


def results_file(stem: str, quick: bool, folder: Path) -> Path:
    """The run's results file in ``folder`` (folders.for_run chooses it); a quick run's has its own name."""
    return folder / (f"{stem}-quick.json" if quick else f"{stem}.json")


@dataclass
class SettingsFile:
    """One harness's settings file and what it is read as: the one loader both the slow-client and
    the availability runs use (each names its file, declaration, profile key and results stem).
    Not frozen: a test points ``config`` at a broken copy, and every loader bound to it follows."""

    config: Path
    declaration: type
    knobs_key: str  # where the chosen profile's table goes in what ``load`` returns
    stem: str  # the results file's name without .json

    def load(self, quick: bool) -> dict:
        return load(self.config, quick, self.knobs_key, self.declaration)

    def results_file(self, quick: bool, folder: Path) -> Path:
        return results_file(self.stem, quick, folder)


def stack_entry(name: str) -> dict:
    """The head of one stack's entry in a run's results: what it is, when it started, how loaded the machine was."""
    stack = manifest.find(name)
    return {
        "name": name,
        "process_model": stack.process_model,
        "front": stack.front,
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "load_average_start": machine.load_average(),
    }
