"""MkDocs hook: the site's navigation from course/path.toml, and repository files the pages show.

The navigation is the learner's path (course/learner_path.py): each part with its
pages, then its exercises and labs, in the order docs/index.md gives. An item the
path names that does not exist yet is skipped, so a build never depends on a page
that is not there; a page the path does not place (a README inside an exercise,
a generated reference) goes under "Reference", so adding a page never breaks the
strict build (tests/docs/test_path.py fails on an unplaced course page). A page may show a file from outside docs/ (a file in
benchmarks/results/): the hook copies it into the site and points the link at the
copy, so the page reads the same on the site and in the repository.
"""

import re
from pathlib import Path

import learner_path  # course/learner_path.py: MkDocs puts a hook's own folder on sys.path while it loads it
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[1]
OUTSIDE = re.compile(r"\]\((\.\./(?:\.\./)*)([^)\s#]+)\)")


def _entry(step) -> dict | str:
    """A page as itself; an exercise or lab under a title that says which it is."""
    if step.kind == "page":
        return step.doc
    title = step.title.replace("`", "")  # a navigation title is plain text: code marks would show as typed
    return {f"{step.kind.capitalize()} {step.name[:2]}: {title}": step.doc}


def on_config(config, **kwargs):
    docs = Path(config["docs_dir"])
    found = learner_path.parts(docs)
    nav = [{f"{part.number}. {part.title}": [_entry(step) for step in part.steps]} for part in found if part.steps]
    placed = {step.doc for part in found for step in part.steps}
    others = sorted(str(p.relative_to(docs)) for p in docs.rglob("*.md") if "work" not in p.relative_to(docs).parts[:2])
    nav.append({"Reference": [page for page in others if page not in placed]})
    config["nav"] = [entry for entry in nav if next(iter(entry.values()))]
    return config


def _outside_links(page: Path, docs: Path):
    """(link as written, path from the repository root) for links that leave docs/ to a repository file."""
    for ups, rest in OUTSIDE.findall(page.read_text()):
        target = (page.parent / ups / rest).resolve()
        if (
            not target.is_relative_to(docs)
            and target.is_relative_to(ROOT)
            and target.is_file()
            and target.suffix != ".md"
        ):
            yield ups + rest, target.relative_to(ROOT)


def on_files(files, config, **kwargs):
    docs = Path(config["docs_dir"]).resolve()
    for page in docs.rglob("*.md"):
        for _, path in _outside_links(page, docs):
            if files.get_file_from_path(str(path)) is None:
                files.append(File(str(path), src_dir=str(ROOT), dest_dir=config["site_dir"], use_directory_urls=False))
    return files


def on_page_markdown(markdown, page, config, **kwargs):
    docs = Path(config["docs_dir"]).resolve()
    source = docs / page.file.src_path
    for written, path in _outside_links(source, docs):
        depth = len(Path(page.file.src_path).parts) - 1
        markdown = markdown.replace(f"]({written})", f"]({'../' * depth}{path})")
    return markdown
