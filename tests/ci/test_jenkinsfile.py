"""The Jenkinsfile expresses the same pipeline as Buildbot runs: the same stages in the same order,
each running the same stage module, the promotion behind an ``input`` and the rollback in
``post { failure }``."""

import re

from ci.plan import STAGES
from stacks.runner.paths import ROOT

JENKINSFILE = (ROOT / "ci" / "Jenkinsfile").read_text()


def test_stage_names_and_order_match_the_buildbot_pipeline():
    named = re.findall(r"stage\('([^']+)'\)", JENKINSFILE)
    assert named == [s.name for s in STAGES]


def test_each_stage_runs_the_same_module_as_buildbot():
    for stage in STAGES:
        if stage.name != "promote":
            assert f"python -m ci.stages.{stage.name}'" in JENKINSFILE, stage.name


def test_promotion_is_an_input_and_rollback_a_post_failure():
    promote = JENKINSFILE.split("stage('promote')")[1].split("stage(")[0]
    assert "input message:" in promote and "submitter: 'release-manager'" in promote
    post = JENKINSFILE.split("post {")[1]
    assert post.lstrip().startswith("// ") and "failure {" in post and "stage('rollback')" in post
