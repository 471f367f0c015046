"""docs/automation.md's generated parts: the pipeline's stages (from ci/plan.py) and the
time a push takes to reach the fleet (from benchmarks/results/fleet.json, key ``pipeline``,
written by tests/fleet/test_pipeline.py under ``make fleet-measure``), and the facts the page
states about the CI server (its settings' defaults, the stages' constants)."""

import json

from ci import production_load
from ci.plan import STAGES
from ci.settings import PORTS, VERIFY_SECONDS_DEFAULT
from ci.stages import smoke, verify
from fleet.results import COMMITTED

GOAL_SECONDS = 600  # push to the last fleet host: the goal on this machine


def _measured() -> dict:
    return json.loads(COMMITTED.read_text()).get("pipeline", {})


def stages_table() -> str:
    rows = ["| # | stage | builder | gate: it goes on only when | in the Jenkinsfile |", "|---|---|---|---|---|"]
    for number, stage in enumerate(STAGES, 1):
        rows.append(f"| {number} | `{stage.name}` | {stage.builder} | {stage.gate} | {stage.jenkins} |")
    return "\n".join(rows)


def timing_table() -> str:
    measured = _measured()
    if not measured:
        return "_Not measured yet: `make fleet-measure` runs the pipeline tests and records it._"
    rows = [
        "| from `git push` to | seconds |",
        "|---|---|",
        f"| the last app host of the fleet on the new release | **{measured['push_to_fleet_seconds']:.0f}** |",
        f"| the end of the verify window | {measured['push_to_verified_seconds']:.0f} |",
        "",
        "| stage | seconds |",
        "|---|---|",
    ]
    rows += [f"| `{name}` | {seconds:.0f} |" for name, seconds in measured["stages"].items()]
    rows += [
        "",
        f"Measured {measured.get('measured_at', '')} with the `{measured['profile']}` test profile, a "
        f"{measured['verify_seconds']} s verify window, {measured['app_hosts']} app hosts, "
        f"{measured['requests']} requests of load during the roll and the window, "
        f"{measured['failed_requests']} failed; load average {measured['load_average']} "
        "(a loaded machine takes longer).",
    ]
    return "\n".join(rows)


def fill(text: str) -> str:
    from course import blocks  # not at import: course.facts imports this module, blocks imports facts

    return blocks.fill(text, {"pipeline stages": stages_table, "pipeline timing": timing_table})


def facts() -> dict:
    return {
        "ci.ui_port": lambda: str(PORTS["CI_PORT"]),
        "ci.verify_seconds": lambda: str(VERIFY_SECONDS_DEFAULT),
        "ci.smoke_seconds": lambda: str(smoke.LOAD_SECONDS),
        "ci.smoke_rate": lambda: str(smoke.LOAD_RATE),
        "ci.load_rate": lambda: str(production_load.RATE),
        "ci.post_every": lambda: str(production_load.POST_EVERY),
        "ci.error_ratio": lambda: format(verify.ERROR_RATIO, ".0%"),
        "ci.goal_minutes": lambda: str(GOAL_SECONDS // 60),
        "ci.stages": lambda: str(len(STAGES)),
    }
