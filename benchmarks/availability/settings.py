"""The availability run's settings, read from faults.toml: the faults, the load, the goals, a full and a quick profile."""

from pathlib import Path

from benchmarks.shared import run_profile

CONFIG = Path(__file__).resolve().parent / "faults.toml"


def load_config(quick: bool) -> dict:
    return run_profile.load(CONFIG, quick, "knobs")


def results_file(quick: bool, folder: Path) -> Path:
    return run_profile.results_file("availability", quick, folder)
