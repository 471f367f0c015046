"""The course pages hold together: a page per stack, the same sections on every page,
no dead relative link, no `make` target that does not exist.

Everything is read from the files themselves — the stacks from their manifests,
the targets from the Makefile, the pages from docs/ — so nothing here is a list
kept by hand.
"""

import re
from pathlib import Path

import pytest

from stacks.runner import manifest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
INTERFACES = DOCS / "interfaces"
GENERATED = {"environ.md"}  # written by 'make environ-table', not by hand
PAGES = sorted(p for p in INTERFACES.glob("*.md") if p.name not in GENERATED)
MARKDOWN = sorted([ROOT / "README.md", *DOCS.rglob("*.md")], key=str)
MARKDOWN = [p for p in MARKDOWN if "work" not in p.relative_to(DOCS if p.is_relative_to(DOCS) else ROOT).parts[:2]]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
MAKE = re.compile(
    r"(?:^|`)\s*make ([a-z][a-z0-9-]*)(?![\w*-])", re.M
)  # in code: a line or a `span`; `make fleet-*` names a family
STACKS_LINE = re.compile(r"^\*\*Stacks?:\*\* (.+?)(?: ·|$)", re.M)


def headings(page: Path) -> list:
    return [line[3:].strip() for line in page.read_text().splitlines() if line.startswith("## ")]


def stacks_of(page: Path) -> list:
    found = STACKS_LINE.search(page.read_text())
    return re.findall(r"`([a-z][a-z0-9-]*)`", found.group(1)) if found else []


def makefile_targets() -> set:
    return set(re.findall(r"^([a-z][a-z0-9-]*):", (ROOT / "Makefile").read_text(), re.M))


def test_every_stack_has_exactly_one_page():
    covered = [name for page in PAGES for name in stacks_of(page)]
    missing = sorted(set(manifest.discover()) - set(covered))
    assert not missing, f"no page in docs/interfaces/ names these stacks on its **Stack:** line: {missing}"
    assert len(covered) == len(set(covered)), f"a stack is claimed by two pages: {covered}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_a_page_names_only_stacks_that_exist(page):
    names = stacks_of(page)
    assert names, f"{page.name} has no **Stack:** line"
    unknown = [n for n in names if not (ROOT / "stacks" / n).is_dir()]
    assert not unknown, f"{page.name} names stacks with no folder under stacks/: {unknown}"


def test_every_page_has_the_same_sections_in_the_same_order():
    first = headings(PAGES[0])
    assert len(first) >= 5, first
    for page in PAGES[1:]:
        assert headings(page) == first, f"{page.name}: {headings(page)} differs from {PAGES[0].name}: {first}"


@pytest.mark.parametrize("page", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_exists(page):
    dead = []
    for target in LINK.findall(page.read_text()):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        if not (page.parent / target.split("#")[0]).exists():
            dead.append(target)
    assert not dead, f"{page.relative_to(ROOT)} links to what does not exist: {dead}"


@pytest.mark.parametrize("page", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_make_target_named_exists(page):
    unknown = sorted(set(MAKE.findall(page.read_text())) - makefile_targets())
    assert not unknown, f"{page.relative_to(ROOT)} names make targets the Makefile lacks: {unknown}"


def test_the_index_links_every_page_exercise_and_lab():
    index = (DOCS / "index.md").read_text()
    wanted = [f"interfaces/{p.name}" for p in PAGES]
    wanted += [f"exercises/{p.parent.name}/README.md" for p in DOCS.glob("exercises/*/check.py")]
    wanted += [f"labs/{p.parent.name}/README.md" for p in DOCS.glob("labs/*/check.py")]
    missing = [w for w in wanted if f"({w})" not in index]
    assert not missing, f"docs/index.md does not link: {missing}"


def test_readme_layout_names_every_top_level_folder():
    """README's layout block lists every folder the checkout tracks at its top."""
    import subprocess

    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    folders = {line.split("/", 1)[0] for line in tracked.splitlines() if "/" in line}
    readme = (ROOT / "README.md").read_text()
    layout = readme.split("## Layout", 1)[1].split("```")[1]
    listed = {line.split("/", 1)[0] for line in layout.splitlines() if line and not line.startswith(" ")}
    assert folders <= listed, f"README.md's layout does not name: {sorted(folders - listed)}"
