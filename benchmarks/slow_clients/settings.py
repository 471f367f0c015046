"""The slow-client run's settings, read from attacks.toml: the attacks, the probe, a full and a quick profile."""

from pathlib import Path

from benchmarks.shared import run_profile

CONFIG = Path(__file__).resolve().parent / "attacks.toml"


def load_config(quick: bool) -> dict:
    return run_profile.load(CONFIG, quick, "attack_settings")


def results_file(quick: bool, folder: Path) -> Path:
    return run_profile.results_file("slow-clients", quick, folder)
