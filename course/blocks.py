"""Generated blocks inside hand-written pages, and the course's own blocks.

A block sits between two HTML comments, ``<!-- generated: NAME; run 'make tables' -->``
and ``<!-- end of generated NAME -->``; ``replace`` rewrites what is between them and
leaves the rest of the page as its author wrote it. ``fill_course_blocks`` fills the
blocks any course page may hold: the production checklist, the fleet's hosts, the
process models, the app's settings (course.path_pages fills the learner's path).

``placed`` places the facts' spans: a fact's opening mark is an HTML comment, and a
comment at the start of a line (up to three spaces in) begins an HTML block in
Markdown -- Python-Markdown and CommonMark alike -- which ends the paragraph it sat in.
So a line that starts with a fact is joined to the paragraph line before it (Markdown
reads a line break inside a paragraph as a space): the page reads the same, and a
wrapped sentence is never cut in two on the site.
"""

import re

from course import app_settings_table, checklist, fleet_hosts, process_models


def begin_mark(name: str) -> str:
    return f"<!-- generated: {name}; run 'make tables' -->"


def replace(text: str, name: str, content: str, begin: str = "") -> str:
    """``text`` with the block ``name`` (opened by ``begin``, by default begin_mark(name)) holding ``content``."""
    begin = begin or begin_mark(name)
    end = f"<!-- end of generated {name} -->"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    return pattern.sub(lambda _: f"{begin}\n{content}\n{end}", text)


def fill(text: str, makers: dict) -> str:
    """Every block of ``makers`` ({name: () -> content}) that ``text`` holds, rewritten."""
    for name, make in makers.items():
        if begin_mark(name) in text:
            text = replace(text, name, make())
    return text


COURSE_BLOCKS = {
    "production checklist": checklist.table,
    "fleet hosts": fleet_hosts.table,
    "process models": process_models.table,
    "app settings": app_settings_table.table,
}


def fill_course_blocks(text: str) -> str:
    return fill(text, COURSE_BLOCKS)


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
