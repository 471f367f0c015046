"""What the built site shows as text is rendered, not Markdown as typed.

Read from the built HTML (the site fixture's build): the navigation's titles,
which course/site_nav.py makes from the READMEs' headings, and every page's text
outside code. A title with code marks showed "Apache without `User`" in the
navigation of every page; a table whose separator row broke would show its pipes.
"""

import html
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

NAV_LINK = re.compile(
    r'<a href="[^"]*" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', re.S
)
RAW = re.compile(r"\|\s*-{3,}|\*\*\S|\]\(|\{\{|<!--")


def _pages(folder: Path) -> list:
    return sorted(p for p in folder.rglob("*.html") if p.name != "404.html")


def test_the_navigation_titles_are_plain_text(site):
    _, folder = site
    titles = {html.unescape(t) for t in NAV_LINK.findall((folder / "index.html").read_text())}
    assert any(t.startswith("Lab 04:") for t in titles), "the labs are in the navigation"
    assert not [t for t in titles if "`" in t or "**" in t], sorted(titles)


def test_no_page_shows_markdown_as_typed(site):
    _, folder = site
    shown = []
    for page in _pages(folder):
        article = page.read_text().split("<article", 1)[-1].split("</article>", 1)[0]
        article = re.sub(r"<(pre|code)[^>]*>.*?</\1>", "", article, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", "", article))
        shown += [
            f"{page.relative_to(folder)}: …{text[max(0, m.start() - 40) : m.end() + 40]}…" for m in RAW.finditer(text)
        ]
    assert not shown, "\n".join(shown[:20])
