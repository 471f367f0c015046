"""Generated blocks inside hand-written pages, and the course's own blocks.

A block sits between two HTML comments, ``<!-- generated: NAME; run 'make tables' -->``
and ``<!-- end of generated NAME -->``; ``replace`` rewrites what is between them and
leaves the rest of the page as its author wrote it. ``fill_course_blocks`` fills the
blocks any course page may hold: the production checklist, the learner's path, the
fleet's hosts.
"""

import re
import tomllib

from course import checklist, fleet_hosts
from course.facts import ROOT

PATH = ROOT / "course" / "path.toml"


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


def learners_path() -> str:
    """The parts of the course from course/path.toml: order, time, what the student can do after."""
    parts = tomllib.loads(PATH.read_text())["part"]
    rows = ["| part | time | after it you can |", "|---|--:|---|"]
    rows += [f"| {i}. {part['title']} | {part['minutes']} min | {part['after']} |" for i, part in enumerate(parts, 1)]
    total = sum(part["minutes"] for part in parts)
    rows.append(f"| all of it | {total // 60} h {total % 60:02d} min | |")
    return "\n".join(rows)


COURSE_BLOCKS = {"production checklist": checklist.table, "learner's path": learners_path,
                 "fleet hosts": fleet_hosts.table}


def fill_course_blocks(text: str) -> str:
    return fill(text, COURSE_BLOCKS)
