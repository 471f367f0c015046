"""The pipeline's stages, in order, with the gate each one is: the one list that Buildbot's
pipeline (ci/pipeline.py), the Jenkinsfile's test and the course page (docs/automation.md) read.
Standard library only, so the project's own Python can read it without Buildbot."""

from dataclasses import dataclass

DELIVERY = "delivery"
DEPLOYMENT = "deployment"


@dataclass(frozen=True)
class Stage:
    name: str
    builder: str
    gate: str  # what must hold for the pipeline to go on (shown in docs/automation.md)
    jenkins: str = "a stage running its module"  # how the Jenkinsfile expresses it
    secret: bool = False  # whether the stage gets the release-signing key
    always_run: bool = False


# In order. The Jenkinsfile names the same stages in the same order (a test keeps them in step).
STAGES = (
    Stage("test", DELIVERY, "lint and the tests pass"),
    Stage("release", DELIVERY, "the artefact is built once, signed and kept by the master", secret=True),
    Stage(
        "staging",
        DELIVERY,
        "the artefact deploys to staging (its own checks: imports, config, a smoke request)",
        secret=True,
    ),
    Stage("smoke", DELIVERY, "check-deploy passes on staging and a steady load sees no failed request"),
    Stage(
        "promote",
        DELIVERY,
        "a release manager promotes it, or continuous deployment is on",
        jenkins="an input step for the release-manager, skipped by a when clause for continuous deployment",
    ),
    Stage(
        "production", DEPLOYMENT, "the rolling deploy reaches every app host, one at a time, drained first", secret=True
    ),
    Stage("verify", DEPLOYMENT, "production shows no failed request and no alert for the verify window"),
    Stage(
        "rollback",
        DEPLOYMENT,
        "only when production or verify failed: every host back on the previous release",
        jenkins="a post failure block",
        always_run=True,
    ),
)
