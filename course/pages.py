"""Rewrite the generated parts of the course pages: marked facts and generated blocks.

``update`` fills every ``<!--fact:NAME-->`` span in docs/ from course/facts.py and
every ``<!-- generated: NAME -->`` block from BLOCKS; with ``check`` it only
reports pages that went stale.

It also places the spans: a fact's opening mark is an HTML comment, and a comment
at the start of a line (up to three spaces in) begins an HTML block in Markdown —
Python-Markdown and CommonMark alike — which ends the paragraph it sat in. So a
line that starts with a fact is joined to the paragraph line before it (Markdown
reads a line break inside a paragraph as a space): the page reads the same, and a
wrapped sentence is never cut in two on the site.
"""

import re
import tomllib

from course import checklist, facts, fleet_hosts, process_models
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
          "process models": process_models.table}


def _blocks(text: str) -> str:
    for name, make in BLOCKS.items():
        begin = f"<!-- generated: {name}; run 'make tables' -->"
        end = f"<!-- end of generated {name} -->"
        pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
        block = f"{begin}\n{make()}\n{end}"
        text = pattern.sub(lambda _, block=block: block, text)
    return text


FACT_AT_LINE_START = re.compile(r" {0,3}<!--fact:")
FENCE = re.compile(r" {0,3}(```|~~~)")
NOT_A_PARAGRAPH_LINE = re.compile(r" {0,3}(#|\||<!--(?!fact:|/fact)|```|~~~)|\s*$")


def placed(text: str) -> str:
    """The page with every line that starts with a fact joined to the paragraph line above it."""
    lines, fenced = [], False
    for line in text.split("\n"):
        continues = lines and not NOT_A_PARAGRAPH_LINE.match(lines[-1])
        if not fenced and continues and FACT_AT_LINE_START.match(line):
            lines[-1] = f"{lines[-1].rstrip()} {line.lstrip()}"
            continue
        if FENCE.match(line):
            fenced = not fenced
        lines.append(line)
    return "\n".join(lines)


def pages() -> list:
    """Every Markdown page of the course, the students' own copies left out."""
    return sorted(p for p in DOCS.rglob("*.md") if "work" not in p.relative_to(DOCS).parts[:2])


def update(check: bool = False) -> list:
    """Pages whose facts were (or, with ``check``, would be) rewritten."""
    stale = []
    for page in pages():
        text = page.read_text()
        fresh = placed(_blocks(facts.fill(text)))
        if fresh != text:
            stale.append(page.relative_to(ROOT))
            if not check:
                page.write_text(fresh)
    return stale
