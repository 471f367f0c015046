"""MkDocs hook: the site's navigation from course/path.toml, and repository files the pages show.

Pages that other issues add (security, monitoring, ASGI...) appear in the
navigation as soon as they exist and are skipped until then, so a build never
depends on a page that is not there. Exercises and labs are listed from their
folders; any other page (a new one not yet placed in the path) goes under
"Reference", so adding a page never breaks the strict build. A page may show a file from outside docs/ (the benchmark chart in
benchmarks/results/): the hook copies it into the site and points the link at the
copy, so the page reads the same on the site and in the repository.
"""

import re
import tomllib
from pathlib import Path

from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[1]
PATH = Path(__file__).resolve().parent / "path.toml"
OUTSIDE = re.compile(r"\]\((\.\./(?:\.\./)*)([^)\s#]+)\)")


def parts(docs: Path) -> list:
    """(title, minutes, after, pages that exist) for every part, in order."""
    found = []
    for part in tomllib.loads(PATH.read_text())["part"]:
        pages = [p for p in part["pages"] if (docs / p).is_file()]
        found.append((part["title"], part["minutes"], part["after"], pages))
    return found


def _folders(docs: Path, kind: str) -> list:
    return [str(p.relative_to(docs)) for p in sorted(docs.glob(f"{kind}/*/README.md"))]


def on_config(config, **kwargs):
    docs = Path(config["docs_dir"])
    nav = [{title: pages} for title, _, _, pages in parts(docs) if pages]
    nav += [{"Exercises": _folders(docs, "exercises")}, {"Troubleshooting labs": _folders(docs, "labs")}]
    placed = {page for _, _, _, pages in parts(docs) for page in pages}
    others = sorted(str(p.relative_to(docs)) for p in docs.rglob("*.md")
                    if p.parent.name not in {"work"} and not str(p.relative_to(docs)).startswith(("exercises/", "labs/")))
    nav.append({"Reference": [page for page in others if page not in placed]})
    config["nav"] = [entry for entry in nav if next(iter(entry.values()))]
    return config


def _outside_links(page: Path, docs: Path):
    """(link as written, path from the repository root) for links that leave docs/ to a repository file."""
    for ups, rest in OUTSIDE.findall(page.read_text()):
        target = (page.parent / ups / rest).resolve()
        if not target.is_relative_to(docs) and target.is_relative_to(ROOT) and target.is_file() and target.suffix != ".md":
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
