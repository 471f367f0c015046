"""Rewrite the generated parts of the course pages: marked facts and generated blocks.

``update`` fills every ``<!--fact:NAME-->`` span in docs/ from course/facts.py and
every ``<!-- generated: NAME -->`` block from BLOCKS; with ``check`` it only
reports pages that went stale.
"""

import re
import tomllib

from course import checklist, container_page, facts, fleet_hosts
from course.facts import ROOT

DOCS = ROOT / "docs"
PATH = ROOT / "course" / "path.toml"


def learners_path() -> str:
    """The parts of the course from course/path.toml: order, time, what the student can do after."""
    parts = tomllib.loads(PATH.read_text())["part"]
    rows = ["| part | time | after it you can |", "|---|--:|---|"]
    rows += [f"| {i}. {part['title']} | {part['minutes']} min | {part['after']} |" for i, part in enumerate(parts, 1)]
    total = sum(part["minutes"] for part in parts)
    rows.append(f"| all of it | {total // 60} h {total % 60:02d} min | |")
    return "\n".join(rows)


BLOCKS = {"production checklist": checklist.table, "learner's path": learners_path, "fleet hosts": fleet_hosts.table,
          **container_page.BLOCKS}


def _blocks(text: str) -> str:
    for name, make in BLOCKS.items():
        begin = f"<!-- generated: {name}; run 'make tables' -->"
        end = f"<!-- end of generated {name} -->"
        pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
        block = f"{begin}\n{make()}\n{end}"
        text = pattern.sub(lambda _, block=block: block, text)
    return text


def pages() -> list:
    """Every Markdown page of the course, the students' own copies left out."""
    return sorted(p for p in DOCS.rglob("*.md") if "work" not in p.relative_to(DOCS).parts[:2])


def update(check: bool = False) -> list:
    """Pages whose facts were (or, with ``check``, would be) rewritten."""
    stale = []
    for page in pages():
        text = page.read_text()
        fresh = _blocks(facts.fill(text))
        if fresh != text:
            stale.append(page.relative_to(ROOT))
            if not check:
                page.write_text(fresh)
    return stale
