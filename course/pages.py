"""Rewrite the generated parts of the course pages: the marked facts.

``update`` fills every ``<!--fact:NAME-->`` span in docs/ from course/facts.py;
with ``check`` it only reports pages whose values went stale.
"""

from course import facts
from course.facts import ROOT

DOCS = ROOT / "docs"


def pages() -> list:
    """Every Markdown page of the course, the students' own copies left out."""
    return sorted(p for p in DOCS.rglob("*.md") if "work" not in p.relative_to(DOCS).parts[:2])


def update(check: bool = False) -> list:
    """Pages whose facts were (or, with ``check``, would be) rewritten."""
    stale = []
    for page in pages():
        text = page.read_text()
        fresh = facts.fill(text)
        if fresh != text:
            stale.append(page.relative_to(ROOT))
            if not check:
                page.write_text(fresh)
    return stale
