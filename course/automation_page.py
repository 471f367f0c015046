"""docs/automation.md's generated parts: the pipeline's stages (from ci/plan.py) and the
time a push takes to reach the fleet (from benchmarks/results/pipeline.json, written by
tests/fleet/test_pipeline.py under ``make pipeline-measure``, with the machine's load), and the
facts the page states about the CI server (its settings' defaults, the stages' constants)."""

from ci import fleet_checklist, production_load, results
from ci.plan import STAGES
from ci.settings import PORTS, VERIFY_SECONDS_DEFAULT, Settings
from ci.stages import smoke, verify
from stacks.production import releases

GOAL_SECONDS = 600  # push to the last fleet host: the goal on this machine


def _measured() -> dict:
    return results.load()


def stages_table() -> str:
    rows = ["| # | stage | builder | gate: it goes on only when | in the Jenkinsfile |", "|---|---|---|---|---|"]
    for number, stage in enumerate(STAGES, 1):
        rows.append(f"| {number} | `{stage.name}` | {stage.builder} | {stage.gate} | {stage.jenkins} |")
    return "\n".join(rows)


def timing_table() -> str:
    document = _measured()
    measured, rollback = document.get("push", {}), document.get("rollback", {})
    if not measured:
        return "_Not measured yet: `make pipeline-measure` runs the pipeline's tests on a fleet and records it._"
    verdict = "within" if measured["push_to_fleet_seconds"] <= GOAL_SECONDS else "over"
    rows = [
        "| from `git push` to | seconds |",
        "|---|---|",
        f"| the last app host of the fleet on the new release | **{measured['push_to_fleet_seconds']:.0f}** |",
        f"| the end of the verify window | {measured['push_to_verified_seconds']:.0f} |",
        "",
        "| stage | seconds |",
        "|---|---|",
    ]
    order = ["checkout", *(stage.name for stage in STAGES)]  # the pipeline's order, not the file's
    timed = sorted(
        measured["stages"].items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order)
    )
    rows += [f"| `{name}` | {seconds:.0f} |" for name, seconds in timed]
    rows += [
        "",
        f"{verdict.capitalize()} the goal of {GOAL_SECONDS // 60} minutes. Measured {document['measured_at']} with the "
        f"`{measured['profile']}` test profile"
        f"{', the push alone' if measured.get('pushed_alone') else ''}, a {measured['verify_seconds']} s verify "
        f"window, {measured['app_hosts']} app hosts, {measured['requests']} requests of load during the roll and the "
        f"window, {measured['failed_requests']} failed; on {document['machine']['cores']} cores, load average "
        f"{measured['load_average_after']} when it ended (a loaded machine takes longer).",
    ]
    if rollback:
        rows += [
            "",
            f"The release that failed only in production in the same run was rolled back in "
            f"{rollback['rollback_seconds']:.0f} s, after {rollback['failed_requests']} failed requests.",
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
        "ci.fleet_checklist_items": lambda: str(len(fleet_checklist.ITEMS)),
        "ci.service_account": lambda: Settings.user,
        "releases.environments": lambda: releases.ENVIRONMENTS,
    }
