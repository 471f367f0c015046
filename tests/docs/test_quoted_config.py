"""A directive an interface page quotes is in the configuration its stack runs with.

The pages explain a stack by quoting its nginx configuration (``proxy_set_header
Host $host``, ``fastcgi_param HTTP_HOST $host``). Quoted by hand, such a
line outlives the config it came from; here every quoted ``*_set_header`` and
``*_param`` directive must appear in the stack's templates, the shared parts, or
the Debian params file the template includes (as installed on this machine).
"""

import re
from pathlib import Path

import pytest

from tests.docs.test_docs import PAGES, ROOT, stacks_of

QUOTED = re.compile(r"`((?:proxy_set_header|fastcgi_param|scgi_param|uwsgi_param)\s[^`]+?);?`")
INCLUDE = re.compile(r"^\s*include\s+(/etc/nginx/\S+);", re.M)


def words(text: str) -> str:
    return " ".join(text.split())


def config_of(stack: str) -> str:
    """The stack's nginx templates, the shared ones, and the system files they include, as one text."""
    texts = [p.read_text() for p in sorted((ROOT / "stacks" / stack).glob("*.conf"))]
    texts += [p.read_text() for p in sorted((ROOT / "stacks" / "common").glob("nginx*.conf"))]
    for included in {path for text in texts for path in INCLUDE.findall(text)}:
        if Path(included).is_file():
            texts.append(Path(included).read_text())
    lines = [line.split("#")[0] for text in texts for line in text.splitlines()]
    return words(" ".join(line.rstrip().rstrip(";") + " ;" for line in lines))


QUOTES = [
    (page, stack, words(quote))
    for page in PAGES
    for stack in stacks_of(page)[:1]
    for quote in QUOTED.findall(page.read_text())
]


@pytest.mark.parametrize("page, stack, quote", QUOTES, ids=lambda v: v.name if isinstance(v, Path) else str(v))
def test_a_quoted_directive_is_in_the_stacks_config(page, stack, quote):
    if quote.split()[0] != "proxy_set_header" and not any(Path("/etc/nginx").glob("*_params")):
        pytest.skip("Debian's nginx params files are not installed here")
    assert f" {quote} ;" in f" {config_of(stack)}", f"{page.name} quotes `{quote}`, which stacks/{stack}/ does not set"


def test_the_quotes_are_found():
    assert any(quote.startswith("proxy_set_header Host") for _, _, quote in QUOTES), "the proxy page's Host line"
    assert any("HTTP_HOST" in quote for _, _, quote in QUOTES), "the caveat on Debian's HTTP_HOST"
