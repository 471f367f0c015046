"""The course site, built and opened page by page in headless chromium.

The site is built strict (a broken Markdown link already fails the build), served
on a free loopback port, and every page is opened in Debian's chromium as a
reader would: a console error, a failed load (a web font or a CDN script would be
one: nothing may be fetched from the internet), an image or diagram that did not
render, or a link to a page of the site that answers an error fails the test.
Screenshots of the index and of one interface page are saved in
site-screenshots/ to look at.
"""

import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "site-screenshots"


def _pages(folder: Path) -> list:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.html") if p.name != "404.html")


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_every_page_opens_cleanly_in_chromium(site, browser):
    base, folder = site
    pages = _pages(folder)
    assert "index.html" in pages and any(p.startswith("interfaces/") for p in pages), pages
    problems, links = [], set()
    for page in pages:
        report = browser.visit(base + page)
        problems += [f"{page}: {e}" for e in report["errors"]]
        problems += [f"{page}: image not rendered: {i['src']}" for i in report["images"] if not i["ok"]]
        if page.startswith("interfaces/") and page != "interfaces/environ.html":
            if not any(i["src"].endswith(".svg") and i["ok"] for i in report["images"]):
                problems.append(f"{page}: no rendered diagram of its stack")
        links |= {urldefrag(link)[0] for link in report["links"] if link.startswith(base)}
    broken = sorted(link for link in links if _status(link) != 200)
    problems += [f"broken link: {urlsplit(link).path}" for link in broken]
    assert not problems, "\n".join(problems)


def test_screenshots_of_the_index_and_an_interface_page(site, browser):
    base, _ = site
    SCREENSHOTS.mkdir(exist_ok=True)
    for page, name in (("index.html", "index.png"), ("interfaces/fastcgi.html", "interface-fastcgi.png")):
        browser.visit(base + page)
        if page.startswith("interfaces/"):  # show the diagram, not only the title
            browser.call(
                "Runtime.evaluate", expression="document.getElementById('how-a-request-travels').scrollIntoView()"
            )
        browser.screenshot(SCREENSHOTS / name)
        assert (SCREENSHOTS / name).stat().st_size > 10_000, f"{name} looks empty"
