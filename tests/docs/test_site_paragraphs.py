"""No number on the built site stands alone in a paragraph the page meant as one.

A page marks each generated value with an HTML comment (``<!--fact:NAME-->``). At
the start of a line such a comment begins an HTML block and ends the paragraph it
sat in, so the site showed "... against" and "0.39 ms for uWSGI ..." as two
paragraphs. course/blocks.py places the marks so that none starts a line; this
test reads the built HTML, where the damage would show: every fact's mark must
sit inside a block of text (a paragraph, a list item, a table cell, a heading),
never between blocks.
"""

from html.parser import HTMLParser

import pytest

from course import blocks

pytestmark = pytest.mark.slow

TEXT_BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "figcaption", "summary"}
INLINE = {"a", "abbr", "b", "code", "em", "i", "kbd", "mark", "q", "s", "small", "span", "strong", "sub", "sup", "u"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class FactPlaces(HTMLParser):
    """Each fact mark of a page and the innermost element it sits in."""

    def __init__(self) -> None:
        super().__init__()
        self.open, self.places = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open.pop() != tag:
                pass

    def handle_comment(self, data):
        if data.startswith("fact:"):
            blocks = [tag for tag in self.open if tag not in INLINE]
            self.places.append((data[5:], blocks[-1] if blocks else "the document"))


def facts_between_blocks(html: str) -> list:
    """(fact, element) for every fact mark that is not inside a block of text."""
    parser = FactPlaces()
    parser.feed(html)
    return [(name, where) for name, where in parser.places if where not in TEXT_BLOCKS]


def test_a_fact_between_two_paragraphs_is_found():
    split = (
        "<article><p>took a median in make bench, against</p>\n<!--fact:x-->\n<p>0.39 ms<!--/fact--> for</p></article>"
    )
    whole = (
        "<article><p>took, against <strong><!--fact:x-->0.39 ms<!--/fact--></strong> for <code>a</code></p></article>"
    )
    assert facts_between_blocks(split) == [("x", "article")]
    assert facts_between_blocks(whole) == []


def test_a_line_that_starts_with_a_fact_joins_the_line_above():
    page = "against\n<!--fact:x-->1<!--/fact--> for\n\n```\ncode\n<!--fact:y-->2<!--/fact-->\n```\n"
    assert (
        blocks.placed(page) == "against <!--fact:x-->1<!--/fact--> for\n\n```\ncode\n<!--fact:y-->2<!--/fact-->\n```\n"
    )


def test_no_fact_of_the_built_site_stands_between_blocks(site):
    _, folder = site
    pages_with_facts, problems = 0, []
    for page in sorted(folder.rglob("*.html")):
        html = page.read_text()
        pages_with_facts += "<!--fact:" in html
        problems += [
            f"{page.relative_to(folder)}: {name} stands alone in <{where}>"
            for name, where in facts_between_blocks(html)
        ]
    assert pages_with_facts >= 10, "the built pages lost their fact marks: this test would see nothing"
    assert not problems, (
        "a fact's mark begins a line and splits its paragraph: run 'make tables' (it joins "
        "such lines), or start the sentence with a word:\n" + "\n".join(problems)
    )
