"""docs/monitoring.md: its numbers are generated from the results files and the rules (fresh: test_generated.py)."""

from course import monitoring_page as monitoring_docs
from stacks.runner.paths import ROOT


def test_every_alert_of_the_rules_is_on_the_page():
    page = (ROOT / "docs" / "monitoring.md").read_text()
    names = [
        line.split("- alert:")[1].strip()
        for line in monitoring_docs.ALERTS.read_text().splitlines()
        if "- alert:" in line
    ]
    assert names and all(f"`{name}`" in page for name in names)
