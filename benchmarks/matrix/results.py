"""The matrix's results: latest.json and its Markdown table latest.md, written into one folder
(benchmarks/results/ for a full run, the scratch folder otherwise). The charts are drawn
from latest.json with the pages, by make tables (course/charts/)."""

import json
import shutil
from pathlib import Path

from benchmarks.matrix import table


def _keep_previous_full_run(latest: Path, results: dict) -> None:
    """A new full run keeps the last full one as previous.json, so the page can say
    whether the ranking held (a quick run is too short to compare)."""
    if results["quick"] or not latest.is_file():
        return
    if not json.loads(latest.read_text()).get("quick", True):
        shutil.copyfile(latest, latest.with_name("previous.json"))


def write_results(results: dict, folder: Path) -> list:
    """latest.json and latest.md in ``folder``; return their paths. (The charts are the pages':
    ``make tables`` draws them from latest.json, course/charts/.)"""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "latest.json", folder / "latest.md"]
    _keep_previous_full_run(paths[0], results)
    paths[0].write_text(json.dumps(results, indent=2) + "\n")
    paths[1].write_text(table.document(results))
    return paths
