"""The settings of a run that has a full and a quick profile, and where its results go.

The slow-client and availability runs read one TOML file each, with a ``[full]`` and a
``[quick]`` table; a quick run writes ``<stem>-quick.json`` (ignored by git) so it never
replaces the committed full results.
"""

import tomllib
from pathlib import Path

from benchmarks.shared import folders


def load(config: Path, quick: bool, knobs_key: str) -> dict:
    """The file's settings, with the chosen profile's table under ``knobs_key``."""
    raw = tomllib.loads(config.read_text())
    profile = "quick" if quick else "full"
    return {**raw, "profile": profile, knobs_key: raw[profile]}


def results_file(stem: str, quick: bool) -> Path:
    return folders.results_dir() / (f"{stem}-quick.json" if quick else f"{stem}.json")
