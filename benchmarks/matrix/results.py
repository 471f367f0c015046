"""The matrix's results: latest.json, its Markdown table latest.md and the two charts,
written into one folder (benchmarks/results/ for a full run, the scratch folder otherwise)."""

import json
import shutil
from pathlib import Path

from benchmarks.matrix import chart, table


def _keep_previous_full_run(latest: Path, results: dict) -> None:
    """A new full run keeps the last full one as previous.json, so the page can say
    whether the ranking held (a quick run is too short to compare)."""
    if results["quick"] or not latest.is_file():
        return
    if not json.loads(latest.read_text()).get("quick", True):
        shutil.copyfile(latest, latest.with_name("previous.json"))


def write_results(results: dict, folder: Path) -> list:
    """latest.json, latest.md and the charts in ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "latest.json", folder / "latest.md", folder / "latest.png", folder / "latest-io.png"]
    _keep_previous_full_run(paths[0], results)
    paths[0].write_text(json.dumps(results, indent=2) + "\n")
    paths[1].write_text(table.document(results))
    chart.draw(results, paths[2])
    chart.draw_io(results, paths[3])
    return [p for p in paths if p.is_file()]
