"""docs/fleet.md's rolling-deploy picture: the chart (course/charts/fleet_deploy.py) and, beside it,
when each app host was out of rotation, from the per-request rows in benchmarks/results/fleet.json
(written by tests/fleet/test_rolling_deploy.py under ``make fleet-measure``)."""

from course import blocks
from course.charts import fleet_deploy, style
from fleet import deploy_timeline

BLOCK = "fleet deploy chart"


def _run(timeline: dict, title: str) -> str:
    rows = timeline["rows"]
    moves = []
    for host in timeline["hosts"]:
        window = deploy_timeline.away(timeline, host)
        if window:
            moves.append(
                f"{host} answered with the old release until {window[0]:.1f} s and the new one from {window[1]:.1f} s"
            )
    failed = sum(1 for row in rows if row[4])
    return (
        f"- {title}: {len(rows):,} requests, {failed} failed; " + ("; ".join(moves) or "no host changed release") + "."
    )


def content() -> str:
    results = style.committed("fleet.json") or {}
    runs = [(results[key], title) for key, title in fleet_deploy.RUNS if results.get(key, {}).get("rows")]
    if not runs:
        return "_Not measured yet: `make fleet-measure` records every request of the deploy and draws it here._"
    return "\n".join(
        [
            f"![each app host over time: the release it answered with, and every failed request](charts/{fleet_deploy.NAME})",
            "",
            "Measured by the last `make fleet-measure` (seconds from the start of the load):",
            "",
            *(_run(timeline, title) for timeline, title in runs),
        ]
    )


def fill(text: str) -> str:
    return blocks.fill(text, {BLOCK: content})
