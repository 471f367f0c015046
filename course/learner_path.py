"""The learner's path (course/path.toml): one order for the site, the index and the afternoon.

Every page, exercise and lab of the course is placed once, in a part, with the
minutes it takes. The site's navigation, the tables on docs/index.md and the
shortest path (docs/afternoon.md) are all made from this one list, so the order a
learner sees cannot differ from one place to another. What a task needs beyond
this machine comes from its checker module (``NEEDS = "fleet"`` of an exercise or
a lab, ``NEEDS_ROOT`` and ``STACK`` of a lab): the checker is what enforces it. A lab
whose check runs as anyone but whose looking needs root (py-spy on another account's
worker) says so with ``NEEDS_ROOT_TO_LOOK``.
Standard library only: the MkDocs hook imports it too.
"""

import importlib.util
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PATH = Path(__file__).resolve().parent / "path.toml"
KINDS = ("pages", "exercises", "labs")
AFTERNOON_MINUTES = 4 * 60  # what "one afternoon" means here


@dataclass(frozen=True)
class Step:
    """One item of the path: a page to read, or an exercise or lab to pass."""

    kind: str  # "page", "exercise", "lab"
    name: str  # the page's path under docs/, or the task's folder name
    minutes: int
    afternoon: bool
    part: int  # 1-based

    @property
    def doc(self) -> str:
        """The item's page, relative to docs/."""
        return self.name if self.kind == "page" else f"{self.kind}s/{self.name}/README.md"

    @property
    def title(self) -> str:
        """The page's first heading; for a task, its README's heading after the number."""
        heading = next((line for line in (DOCS / self.doc).read_text().splitlines() if line.startswith("# ")), "# ?")
        return heading[2:].split(" — ", 1)[-1].strip()

    @property
    def checker(self):
        """The task's check module (None for a page)."""
        if self.kind == "page":
            return None
        source = DOCS / f"{self.kind}s" / self.name / "check.py"
        spec = importlib.util.spec_from_file_location(f"path_{self.kind}_{self.name.replace('-', '_')}", source)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    @property
    def needs(self) -> str:
        """What the task needs beyond this machine's own stacks: "a running fleet (root)", "root", "root, for TOOL" or ""."""
        module = self.checker
        if module is None:
            return ""
        if getattr(module, "NEEDS", "") == "fleet":
            return "a running fleet (root)"
        if getattr(module, "NEEDS_ROOT", False):
            return "root"
        tool = getattr(module, "NEEDS_ROOT_TO_LOOK", "")  # the check runs as anyone, the looking does not
        return f"root, for {tool}" if tool else ""


@dataclass(frozen=True)
class Part:
    number: int
    title: str
    after: str
    steps: tuple

    @property
    def minutes(self) -> int:
        return sum(step.minutes for step in self.steps)

    def of_kind(self, kind: str) -> list:
        return [step for step in self.steps if step.kind == kind]


def parts(docs: Path = DOCS) -> list:
    """Every part with the items that exist (an item another issue brings later is left out)."""
    found = []
    for number, raw in enumerate(tomllib.loads(PATH.read_text())["part"], 1):
        steps = []
        for key in KINDS:
            kind = key[:-1]
            for item in raw.get(key, []):
                step = Step(
                    kind, item.get("page") or item["name"], item["minutes"], item.get("afternoon", False), number
                )
                if (docs / step.doc).is_file():
                    steps.append(step)
        found.append(Part(number, raw["title"], raw["after"], tuple(steps)))
    return found


def steps() -> list:
    return [step for part in parts() for step in part.steps]


def placed_names(kind: str) -> list:
    """Every name of ``kind`` the path places, existing or not, in order (duplicates kept: a test counts them)."""
    return [
        item.get("page") or item["name"]
        for raw in tomllib.loads(PATH.read_text())["part"]
        for item in raw.get(kind + "s", [])
    ]


def reference_pages() -> list:
    """Pages placed in no part on purpose: looked up rather than read in order."""
    return tomllib.loads(PATH.read_text()).get("reference", {}).get("pages", [])


def hours(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def link(step: Step, base: str = "") -> str:
    label = step.name if step.kind != "page" else step.title
    return f"[{label}]({base}{step.doc})"


def _number(step: Step) -> str:
    return re.match(r"\d+", step.name).group(0)
