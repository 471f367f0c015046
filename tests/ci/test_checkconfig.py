"""The pipeline is code: ``buildbot checkconfig`` accepts ci/master.cfg and ci/pipeline.py as they are."""

import os

import pytest

from ci import checkconfig
from ci.settings import buildbot_venv


def test_buildbot_accepts_the_pipeline():
    if not (buildbot_venv() / "bin" / "buildbot").exists() and os.environ.get("CI") != "true":
        pytest.skip("Buildbot's virtualenv is missing: 'make setup' builds it")
    result = checkconfig.check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Config file is good!" in result.stdout


def test_a_bad_setting_is_one_line():
    from ci.settings import Settings
    from stacks.runner.errors import StackError

    with pytest.raises(StackError, match="CI_PROFILE='fast' is not one of full, quick"):
        Settings.from_environ({"CI_PROFILE": "fast"})
    with pytest.raises(StackError, match="CI_PORT='http' is not a port number"):
        Settings.from_environ({"CI_PORT": "http"})
