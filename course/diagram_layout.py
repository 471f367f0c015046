"""A stack's diagram (course/diagrams.py) laid out for the course's content width, as SVG.

The pages show a diagram at the width of the text column (about 680 px on a wide
screen, less on a narrow one), so it is drawn at that width: the request's path
runs top to bottom, one box per program, each arrow labelled beside it; backing
services sit in a column to the right of the app; programs off the request's path
in a box underneath; the caption below, wrapped. Every text is measured
(course/text_width.py) to size its box or wrap its lines, so nothing is clipped,
and no text is smaller than MIN_FONT, so it still reads at 11 px when a narrower
column scales the drawing down. tests/docs/test_site_diagrams.py checks both in
Chromium.
"""

from xml.sax.saxutils import escape

from course.text_width import wrap

WIDTH = 640  # the drawing's width in px: at most the content column's, so it is shown at 1:1 or close
MIN_FONT = 13  # every text; at 0.85 of its size (a narrower column) still 11 px
TITLE_FONT, LINE = 16, 18  # box titles; the line pitch of every text
PAD, INSET = 8, 10  # around the drawing; inside a box
MAIN_W = 300  # the request's path: the boxes' width
ARROW_X = PAD + MAIN_W // 2
SIDE_X = PAD + MAIN_W + 48  # backing services' column
SIDE_W = WIDTH - PAD - SIDE_X
LABEL_X = ARROW_X + 12  # an arrow's label starts right of it
GAP_MIN = 40

STYLE = """<style>
text { font-family: 'DejaVu Sans', sans-serif; font-size: 13px; fill: #222; }
.box { fill: #f4f6fb; stroke: #3f51b5; stroke-width: 1.5; }
.title { font-size: 16px; font-weight: bold; fill: #1a237e; }
.note { font-style: italic; fill: #b71c1c; }
.caption { fill: #555; }
.arrow { stroke: #333; stroke-width: 1.5; fill: none; }
</style>"""


class Canvas:
    """The SVG elements drawn so far, and how far down the drawing reaches."""

    def __init__(self) -> None:
        self.parts, self.bottom = [], 0

    def text(self, x: float, y: float, line: str, kind: str = "") -> None:
        css = f' class="{kind}"' if kind else ""
        self.parts.append(f'<text x="{x:g}" y="{y:g}"{css}>{escape(line)}</text>')

    def box(self, x: int, y: int, w: int, title: str, lines: list, kind: str = "node") -> int:
        """A box with a bold title and wrapped lines, left-aligned; its height."""
        room = w - 2 * INSET
        titles = wrap(title, TITLE_FONT, room, bold=True)
        body = [part for line in lines for part in wrap(line, MIN_FONT, room)]
        h = INSET + LINE * (len(titles) + len(body)) + INSET
        self.parts.append(f'<g class="{kind}"><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="6" class="box"/>')
        for i, line in enumerate(titles + body):
            self.text(x + INSET, y + INSET + LINE * (i + 1) - 4, line, "title" if i < len(titles) else "")
        self.parts.append("</g>")
        self.bottom = max(self.bottom, y + h)
        return h

    def arrow(self, points: list) -> None:
        path = " ".join(f"{x:g},{y:g}" for x, y in points)
        self.parts.append(f'<polyline points="{path}" class="arrow" marker-end="url(#head)"/>')


def _edge_lines(edge) -> list:
    room = WIDTH - PAD - LABEL_X
    return [(line, "") for line in wrap(edge.label, MIN_FONT, room)] + [
        (line, "note") for line in wrap(edge.note, MIN_FONT, room)
    ]


def draw(diagram, title: str, caption: str) -> str:
    canvas = Canvas()
    nodes, edges = diagram.chain[0::2], diagram.chain[1::2]
    y, app_top = PAD, PAD
    for i, node in enumerate(nodes):
        app_top = y
        y += canvas.box(PAD, y, MAIN_W, node.title, node.lines)
        if i < len(edges):
            lines = _edge_lines(edges[i])
            gap = max(GAP_MIN, LINE * len(lines) + 12)
            canvas.parts.append('<g class="edge">')
            for k, (line, kind) in enumerate(lines):
                canvas.text(LABEL_X, y + 6 + LINE * (k + 1) - 4, line, kind)
            canvas.parts.append("</g>")
            canvas.arrow([(ARROW_X, y), (ARROW_X, y + gap - 2)])
            y += gap
    side_y = app_top
    for edge, node in diagram.attached:
        lines = [f"reached by {edge.label}", *node.lines]
        h = canvas.box(SIDE_X, side_y, SIDE_W, node.title, lines)
        canvas.arrow(
            [
                (PAD + MAIN_W, app_top + 24),
                (SIDE_X - 20, app_top + 24),
                (SIDE_X - 20, side_y + h // 2),
                (SIDE_X - 2, side_y + h // 2),
            ]
        )
        side_y += h + 12
    y = max(canvas.bottom, y) + 16
    if diagram.beside:
        lines = [f"{name}: {role}; {runs_as}" for name, runs_as, role in diagram.beside]
        y += canvas.box(PAD, y, WIDTH - 2 * PAD, "also under supervisord, off the request's path", lines) + 16
    for k, line in enumerate(wrap(caption, MIN_FONT, WIDTH - 2 * PAD)):
        canvas.text(PAD, y + LINE * (k + 1) - 4, line, "caption")
    height = y + LINE * len(wrap(caption, MIN_FONT, WIDTH - 2 * PAD)) + PAD
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}">\n'
        f"<title>{escape(title)}</title>\n{STYLE}\n"
        '<defs><marker id="head" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#333"/></marker></defs>\n'
        + "\n".join(canvas.parts)
        + "\n</svg>\n"
    )
