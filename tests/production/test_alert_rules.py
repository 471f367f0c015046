"""The alert and recording rules are valid, and their promtool tests pass: each test file
feeds series and says which alert fires when (stacks/production/rules/tests/)."""

import os
import re
import shutil
import subprocess

import pytest

from tests.integration import lab

RULES = lab.ROOT / "stacks" / "production" / "rules"
TESTS = sorted((RULES / "tests").glob("*.test.yml"))


@pytest.fixture(scope="module")
def promtool():
    found = shutil.which("promtool")
    if not found:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must have promtool (Debian prometheus): run 'make setup'")
        pytest.skip("promtool is missing: apt-get install prometheus")
    return found


def test_rules_are_valid(promtool):
    result = subprocess.run(
        [promtool, "check", "rules", *map(str, sorted(RULES.glob("*.yml")))], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_there_are_rule_tests_for_every_alert():
    alerts = set(re.findall(r"- alert: (\w+)", (RULES / "alerts.yml").read_text()))
    tested = set(re.findall(r"alertname: (\w+)", "".join(path.read_text() for path in TESTS)))
    assert alerts and alerts == tested


@pytest.mark.parametrize("test_file", TESTS, ids=lambda path: path.name)
def test_promtool_rule_tests_pass(promtool, test_file):
    result = subprocess.run(
        [promtool, "test", "rules", test_file.name], cwd=test_file.parent, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and "SUCCESS" in result.stdout, result.stdout + result.stderr
