"""docs/monitoring.md: its numbers are generated from the results files and the rules, and fresh."""

from course import monitoring_page as monitoring_docs


def test_generated_numbers_are_fresh():
    assert monitoring_docs.update(check=True) == 0, "run 'make tables'"


def test_every_alert_of_the_rules_is_on_the_page():
    page = monitoring_docs.PAGE.read_text()
    names = [line.split("- alert:")[1].strip() for line in monitoring_docs.ALERTS.read_text().splitlines()
             if "- alert:" in line]
    assert names and all(f"`{name}`" in page for name in names)
