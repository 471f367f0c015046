"""No hand-typed number on the course pages: each is generated, and fresh.

A number on a page (a thread count, a timeout, a latency) is either inside a
``<!--fact:NAME-->`` span that ``make tables`` fills from the code or a results
file (course/facts.py), or in a block or page another generator of course/registry.py
owns (the stacks table, benchmarks.md, environ.md), or it is not a quantity at all: a year, an RFC or PEP
number, an HTTP status, a protocol version, an exercise or lab number, or part of
a command to type. Anything else fails here, so a page cannot state a figure the
code does not back; and a fact span whose value no longer matches its source
fails the freshness test (tests/docs/test_generated.py).
"""

import re

import pytest

from course import facts, registry
from course.facts import ROOT

DOCS = ROOT / "docs"
# Whole pages a registered generator writes from results files (course/registry.py, kept
# fresh by tests/docs/test_generated.py) are left to it; every other page of the course,
# the exercises' and labs' instructions included, is linted here.
OWNED = [p for p in registry.course_pages() if p not in registry.whole_pages()]

FENCED = re.compile(r"^```.*?^```", re.M | re.S)
GENERATED_BLOCK = re.compile(r"<!-- generated: .*?<!-- end of generated [^>]*-->", re.S)
CODE = re.compile(r"`[^`\n]+`")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
NOT_A_QUANTITY = re.compile(
    r"(?:RFC|PEP|section|[Ee]xercises?|[Ll]abs?|CGI/|HTTP/|TLS|Python|FastCGI|MkDocs|mod_python|uWSGI|Version|Specification|Debian|PID|gunicorn|status|nginx|ASGI"
    r"|curl|HAProxy|OpenSSL|Route)"
    r"\s?[\d./]+(?:\s*(?:and|or|,)\s*[\d./]+)*"  # names, specifications and versions
    r"|\bmode 0[0-7]{3}\b"  # file modes
    r"|\bCVE-\d{4}-\d+\b"  # advisories
    r"|\b(?:19[89]\d|20[0-3]\d)\b"  # years
    r"|\b(?:200|301|302|304|400|403|404|405|411|413|429|499|500|502|503|504)s?\b"  # HTTP statuses
    r"|^\s*\d+\.\s"  # an ordered list
    r"|\b\d+(?:-[a-z]+)+\b"  # names like 01-wsgi-callable
    r"|\btwelve-factor\b|\b12factor\b"
    r"|^#+ \d+ —"  # an exercise's or a lab's title
    r"|\b\d+\.\d+\.\d+\.\d+\b",  # an address such as 127.0.0.1
    re.M,
)
NUMBER = re.compile(r"(?<![\w.])\d[\d,.]*")
# A count spelled out where it states a setting: "two workers", "four threads", "five minutes".
# "one process" or "a thread per request" is how a server is built, not a setting: not caught.
WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "sixteen": 16,
    "thirty-two": 32,
    "sixty-four": 64,
}
COUNTED = re.compile(
    rf"\b({'|'.join(WORDS)})\s+(?:[\w-]+\s+)??(workers?|threads?|process(?:es)?|children|hours?|minutes?|seconds?)\b",
    re.I,
)


def spelled_counts(text: str) -> list:
    """(count, noun) for every setting stated in words, the noun in the singular."""
    return [
        (WORDS[m.group(1).lower()], re.sub(r"(?:es|ren|s)$", "", m.group(2).lower())) for m in COUNTED.finditer(text)
    ]


def bare_numbers(text: str) -> list:
    for pattern in (FENCED, GENERATED_BLOCK, facts.MARK, CODE, LINK_TARGET, NOT_A_QUANTITY):
        text = pattern.sub(" ", text)
    return [m.group(0) for m in NUMBER.finditer(text)] + [m.group(0) for m in COUNTED.finditer(text)]


@pytest.mark.parametrize("page", OWNED, ids=lambda p: str(p.relative_to(DOCS)))
def test_a_page_states_no_number_by_hand(page):
    found = bare_numbers(page.read_text())
    assert not found, (
        f"docs/{page.relative_to(DOCS)} types these numbers by hand: {found}; "
        "mark each as <!--fact:NAME-->…<!--/fact--> (course/facts.py) and run 'make tables'"
    )


def test_the_check_catches_a_page_that_disagrees_with_the_code():
    page = "<!--fact:flup.max_threads-->3<!--/fact--> threads"
    assert facts.fill(page) != page
    assert facts.fill(page) == f"<!--fact:flup.max_threads-->{facts.value('flup.max_threads')}<!--/fact--> threads"


def test_the_lint_catches_a_hand_typed_number():
    assert bare_numbers("flup runs at most 16 threads, `make bench` says 0.3 ms") == ["16", "0.3"]
    assert bare_numbers("CGI dates from 1993; RFC 3875; a 413 from nginx; `-c 4`") == []
    assert bare_numbers("a master and two workers of four threads; three gunicorn workers") == [
        "two workers",
        "four threads",
        "three gunicorn workers",
    ]
    assert bare_numbers("one process, a thread per request; no two requests alike") == []
    assert bare_numbers("the page clears five minutes after, in six hours") == ["five minutes", "six hours"]


def test_every_fact_resolves():
    for name in facts.FACTS:
        assert facts.value(name), name
