"""Checker for exercise 16: the student's alert rule, under promtool's rule tests.

``promtool check rules`` first (is it a valid rule file?), then one
``promtool test rules`` file per scenario, written next to a copy of the
student's file, so each scenario passes or fails on its own line.

    python check.py path/to/rule.yml
"""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from course.tasks.checking import Checks

ALERT = "HelloTooManyNotFound"
FIRING = [{"exp_labels": {"severity": "ticket"}}]


def series(ok_per_minute: int, not_found_per_minute: int, errors_per_minute: int = 0) -> list:
    """Counters of 30 minutes of traffic at one scrape a minute."""
    found = [("200", ok_per_minute), ("404", not_found_per_minute), ("500", errors_per_minute)]
    return [
        {
            "series": f'hello_requests_total{{route="/", method="GET", status="{status}"}}',
            "values": f"0+{per_minute}x30",
        }
        for status, per_minute in found
        if per_minute
    ]


# (what it shows, the series, when to look, the alerts expected then)
SCENARIOS = [
    ("20% of requests answered 404 for 15 minutes: it fires, with severity ticket", series(800, 200), "15m", FIRING),
    ("the same after only 4 minutes: not yet, it must hold for 5 minutes", series(800, 200), "4m", []),
    ("5% of requests answered 404: nothing fires", series(950, 50), "25m", []),
    ("20% answered 500 and none 404: nothing fires (500s are another alert's)", series(800, 0, 200), "25m", []),
    (
        "no traffic at all: nothing fires",
        [{"series": 'hello_requests_total{route="/", method="GET", status="200"}', "values": "0x30"}],
        "25m",
        [],
    ),
]


def test_file(rule: str, input_series: list, at: str, expected: list) -> str:
    """A promtool test file (JSON is YAML) for one scenario."""
    return json.dumps(
        {
            "rule_files": [rule],
            "evaluation_interval": "1m",
            "tests": [
                {
                    "interval": "1m",
                    "input_series": input_series,
                    "alert_rule_test": [{"eval_time": at, "alertname": ALERT, "exp_alerts": expected}],
                }
            ],
        },
        indent=2,
    )


def promtool(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([shutil.which("promtool"), *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def main(path: str) -> int:
    checks = Checks(f"exercise 16: the alert {ALERT} in {path}")
    if not shutil.which("promtool"):
        return checks.stop("promtool is missing: run 'make setup' as root, or apt-get install prometheus")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copyfile(path, work / "rule.yml")
        valid = promtool("check", "rules", "rule.yml", cwd=work)
        if not checks.expect(
            valid.returncode == 0,
            "promtool check rules: a valid rule file",
            (valid.stdout + valid.stderr).strip().replace("\n", "\n        "),
        ):
            return checks.finish()
        for number, (what, input_series, at, expected) in enumerate(SCENARIOS, 1):
            name = f"scenario-{number}.test.yml"
            (work / name).write_text(test_file("rule.yml", input_series, at, expected))
            result = promtool("test", "rules", name, cwd=work)
            detail = "\n".join(
                line
                for line in (result.stdout + result.stderr).splitlines()
                if line.strip() and "Unit Testing" not in line
            )
            checks.expect(result.returncode == 0, what, detail.replace("\n", "\n        "))
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
