"""What course/path.toml generates: the blocks of docs/index.md and docs/afternoon.md.

All of it from course.path, so the learner's path, the reading order, the tables
of exercises and labs, the site's navigation and the afternoon's short path say
the same thing in the same order.
"""

from course import blocks
from course.learner_path import AFTERNOON_MINUTES, hours, link, parts, steps

KIND_WORD = {"page": "read", "exercise": "exercise", "lab": "lab"}


def learners_path() -> str:
    """The parts in order: time, how many tasks, what the student can do after."""
    found = parts()
    rows = ["| part | time | exercises | labs | after it you can |", "|---|--:|--:|--:|---|"]
    rows += [
        f"| {p.number}. {p.title} | {hours(p.minutes)} | {len(p.of_kind('exercise'))} | "
        f"{len(p.of_kind('lab'))} | {p.after} |"
        for p in found
    ]
    total = sum(p.minutes for p in found)
    rows.append(
        f"| all of it | {hours(total)} | {sum(len(p.of_kind('exercise')) for p in found)} | "
        f"{sum(len(p.of_kind('lab')) for p in found)} | |"
    )
    return "\n".join(rows)


def _line(step) -> str:
    if step.kind == "page":
        return f"{link(step)} ({step.minutes} min)"
    needs = f"; needs {step.needs}" if step.needs else ""
    return f"{KIND_WORD[step.kind]} {link(step)}: {step.title} ({step.minutes} min{needs})"


def reading_order() -> str:
    """Every part with its pages, then its exercises and labs, in the order to do them."""
    out = []
    for part in parts():
        out.append(f"**{part.number}. {part.title}** — {hours(part.minutes)}\n")
        out += [f"- {_line(step)}" for step in part.steps]
        out.append("")
    return "\n".join(out).rstrip()


def _runs_on(step) -> str:
    """A lab's stack, or "the fleet" for a lab that breaks the running fleet (``NEEDS = "fleet"``)."""
    checker = step.checker
    return "the fleet" if getattr(checker, "NEEDS", "") == "fleet" else f"`{checker.STACK}`"


# The columns only one kind of task has, between its link and the columns every task has.
OWN_COLUMNS = {
    "exercise": [("what you do", lambda s: s.title)],
    "lab": [("stack", _runs_on), ("the symptom", lambda s: s.title)],
}


def tasks_table(kind: str) -> str:
    """The table of every ``kind`` ("exercise" or "lab") in path order: link, its own columns, part, needs, time."""
    columns = [
        (kind, link, "---"),
        *((title, cell, "---") for title, cell in OWN_COLUMNS[kind]),
        ("part", lambda s: s.part, "--:"),
        ("needs", lambda s: s.needs or "—", "---"),
        ("time", lambda s: f"{s.minutes} min", "--:"),
    ]
    rows = ["| " + " | ".join(c[0] for c in columns) + " |", "|" + "|".join(c[2] for c in columns) + "|"]
    rows += ["| " + " | ".join(str(c[1](s)) for c in columns) + " |" for s in steps() if s.kind == kind]
    return "\n".join(rows)


PATH_BLOCKS = {
    "learner's path": learners_path,
    "reading order": reading_order,
    "exercises": lambda: tasks_table("exercise"),
    "labs": lambda: tasks_table("lab"),
}


def fill(text: str) -> str:
    return blocks.fill(text, PATH_BLOCKS)


def _needs_sentence(chosen: list) -> str:
    needing = [f"{s.name} needs {s.needs}" for s in chosen if s.needs]
    if needing:
        return "Beyond this machine's own stacks: " + "; ".join(needing) + "."
    return "Everything runs on this one machine, as the user who ran `make setup`."


def afternoon() -> str:
    """docs/afternoon.md: the items marked ``afternoon`` in path order, with the time they add up to."""
    chosen = [s for s in steps() if s.afternoon]
    total = sum(s.minutes for s in chosen)
    lines = [
        "# One afternoon",
        "",
        "<!-- generated from course/path.toml by 'make tables'; edit that file, not this page -->",
        "",
        f"For someone with one afternoon ({hours(AFTERNOON_MINUTES)} at most): the shortest path through the "
        "course that still shows what an interface is, what a front server adds, what it all costs, and how a "
        f"small team ships it. It takes about **{hours(total)}**, against {hours(sum(s.minutes for s in steps()))} "
        f"for [the whole course](index.md#learners-path). {_needs_sentence(chosen)}",
        "",
    ]
    lines += [f"{i}. {_line(step)}" for i, step in enumerate(chosen, 1)]
    lines += [
        "",
        "Then pick up the course where it interests you: every part of "
        "[the learner's path](index.md#reading-order) stands on the ones before it.",
        "",
    ]
    return "\n".join(lines)
