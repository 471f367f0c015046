"""Every course page ends with its references: the specifications, the servers' docs, further reading.

A page's claims about CGI, FastCGI, nginx or gunicorn should be checkable by the
student at the source; the last section of each page says where.
"""

import re

import pytest

from tests.docs.test_numbers import DOCS

# The reading pages: the index, every interface page, the deployment pages, the generated ones.
# Exercises and labs are tasks, with the pages they practise as their references.
DEPLOYMENT = [
    "configuration.md",
    "releases.md",
    "supervisor.md",
    "errors.md",
    "checklist.md",
    "automation.md",
    "fleet.md",
]
PAGES = [
    DOCS / "index.md",
    *sorted((DOCS / "interfaces").glob("*.md")),
    *[DOCS / name for name in DEPLOYMENT],
    DOCS / "stacks.md",
    DOCS / "benchmarks.md",
    DOCS / "wire.md",
]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_a_page_ends_with_references(page):
    text = page.read_text()
    sections = re.split(r"^## ", text, flags=re.M)
    last = sections[-1]
    assert last.startswith("References\n"), f"docs/{page.relative_to(DOCS)}: the last section is not '## References'"
    assert re.search(r"\]\(https?://", last), f"docs/{page.relative_to(DOCS)}: its references link nothing"
