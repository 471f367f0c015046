"""The settings of a run that has a full and a quick profile, and where its results go.

The slow-client and availability runs read one TOML file each, with a ``[full]`` and a
``[quick]`` table; a quick run writes ``<stem>-quick.json``, so even in the scratch
folder it never merges into a full run's results.
"""

import tomllib
from pathlib import Path


def load(config: Path, quick: bool, knobs_key: str) -> dict:
    """The file's settings, with the chosen profile's table under ``knobs_key``."""
    raw = tomllib.loads(config.read_text())
    profile = "quick" if quick else "full"
    return {**raw, "profile": profile, knobs_key: raw[profile]}


def results_file(stem: str, quick: bool, folder: Path) -> Path:
    """The run's results file in ``folder`` (folders.for_run chooses it); a quick run's has its own name."""
    return folder / (f"{stem}-quick.json" if quick else f"{stem}.json")
