"""The stack diagrams read at the site's content width, in Chromium: no label under 11 px, nothing spilling.

Each diagram is shown by an ``<img>`` as wide as the text column allows. Chromium
opens an interface page at the browser test's window size to find that column's
width, then opens every diagram: a text's size on screen is its font size times
the scale the column imposes, and every text must lie inside the box it belongs
to (an arrow's label: outside every box) and inside the drawing (a caption that
ran off the right edge was clipped).
"""

import json

import pytest

from course import diagrams

pytestmark = pytest.mark.slow

MIN_PX = 11
COLUMN = """(() => {
  const img = [...document.images].find(i => i.src.endsWith('.svg'));
  return JSON.stringify({shown: img.getBoundingClientRect().width, natural: img.naturalWidth,
                         column: img.parentElement.getBoundingClientRect().width});
})()"""
TEXTS = """(() => {
  const svg = document.documentElement, view = svg.viewBox.baseVal;
  const inside = (a, b) => a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.width <= b.x + b.width + 0.5
                           && a.y + a.height <= b.y + b.height + 0.5;
  const meet = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  const rects = [...svg.querySelectorAll('g.node rect')].map(r => r.getBBox());
  return JSON.stringify([...svg.querySelectorAll('text')].map(t => {
    const box = t.getBBox(), rect = t.closest('g.node') && t.closest('g.node').querySelector('rect');
    return {text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize),
            in_drawing: inside(box, {x: 0, y: 0, width: view.width, height: view.height}),
            in_box: rect ? inside(box, rect.getBBox()) : !rects.some(r => meet(box, r))};
  }));
})()"""


def _evaluate(browser, expression: str):
    return json.loads(browser.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"]["value"])


@pytest.fixture(scope="module")
def column(site, browser):
    """(the width a diagram is shown at, the width it is drawn at) on an interface page."""
    base, _ = site
    browser.visit(base + "interfaces/fastcgi.html")
    found = _evaluate(browser, COLUMN)
    assert found["shown"] <= found["column"] + 0.5, f"the diagram is wider than the text column: {found}"
    return found["shown"], found["natural"]


def test_every_diagram_reads_at_the_content_width(site, browser, column):
    base, _ = site
    shown, natural = column
    scale = shown / natural
    problems = []
    for stack in diagrams.stacks():
        browser.visit(f"{base}diagrams/{stack}.svg")
        texts = _evaluate(browser, TEXTS)
        assert texts, f"{stack}.svg has no text"
        for t in texts:
            if t["size"] * scale < MIN_PX:
                problems.append(f"{stack}.svg: {t['text']!r} shows at {t['size'] * scale:.1f} px")
            if not t["in_drawing"]:
                problems.append(f"{stack}.svg: {t['text']!r} runs off the drawing")
            if not t["in_box"]:
                problems.append(f"{stack}.svg: {t['text']!r} spills out of its box, or into one")
    assert not problems, f"shown at {shown:.0f} px of {natural} drawn:\n" + "\n".join(problems)
