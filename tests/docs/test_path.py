"""One path through the course (course/path.toml): every exercise, lab and page placed once.

The site's navigation, docs/index.md's tables and docs/afternoon.md are all
generated from it (the freshness test keeps them in step); these tests keep the
file itself whole, so a new exercise, lab or page cannot be left out of the order.
"""

from collections import Counter
from pathlib import Path

import pytest

from course import learner_path, path_pages

DOCS = Path(learner_path.DOCS)


def folders(kind: str) -> set:
    return {p.parent.name for p in (DOCS / f"{kind}s").glob("*/check.py")}


@pytest.mark.parametrize("kind", ["exercise", "lab"])
def test_every_task_is_placed_in_exactly_one_part(kind):
    placed = Counter(learner_path.placed_names(kind))
    assert not [name for name, count in placed.items() if count > 1], "placed twice"
    assert folders(kind) - set(placed) == set(), f"{kind}s placed in no part of course/path.toml"


def test_every_course_page_is_placed_or_a_reference():
    placed = {step.doc for step in learner_path.steps() if step.kind == "page"}
    pages = {
        str(p.relative_to(DOCS))
        for p in DOCS.rglob("*.md")
        if "work" not in p.relative_to(DOCS).parts[:2] and p.relative_to(DOCS).parts[0] not in ("exercises", "labs")
    }
    reference = set(learner_path.reference_pages())
    assert pages - placed - reference == set(), "pages placed in no part and not listed under [reference]"
    assert not placed & reference, "a page is both in a part and a reference"


def test_every_step_has_a_time_and_the_afternoon_fits_one():
    steps = learner_path.steps()
    assert all(step.minutes > 0 for step in steps)
    afternoon = [step for step in steps if step.afternoon]
    assert {step.kind for step in afternoon} >= {"page", "exercise", "lab"}
    assert sum(step.minutes for step in afternoon) <= learner_path.AFTERNOON_MINUTES


def test_a_fleet_exercise_says_it_needs_the_fleet():
    needs = {step.name: step.needs for step in learner_path.steps() if step.kind != "page"}
    assert "fleet" in needs["14-firewall-path"] and needs["01-wsgi-callable"] == ""
    assert needs["01-socket-permission"] == "root"


def test_the_labs_table_says_the_stuck_worker_lab_needs_root_for_py_spy():
    """py-spy attaches to the service account's worker: the index's labs table says root."""
    row = next(line for line in path_pages.tasks_table("lab").splitlines() if "[14-stuck-worker]" in line)
    assert "| root, for py-spy |" in row, row
