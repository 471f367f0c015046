"""Tables of stacks generated from the manifests, never kept by hand.

A generated block sits between two HTML comments in a Markdown file; ``update``
rewrites every block and the manifest keys page (keys_page.py), ``--check``
fails when one is stale (the tests run it).
"""

import re

from stacks.runner import keys_page, manifest
from stacks.runner.paths import ROOT

BEGIN = "<!-- generated: stacks table; edit the manifests, then run 'make tables' -->"
END = "<!-- end of generated stacks table -->"
CHUNKED_WORDS = {
    "echoed": "reaches the app whole",
    "411": "refused: 411 Length Required",
    "400": "refused: 400 Bad Request",
}
FILES = [ROOT / "README.md", ROOT / "docs" / "stacks.md"]


def stacks_table() -> str:
    rows = [
        "| STACK | front | interface | app process | process model | chunked request body | WebSocket /ws "
        "| what it shows |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, stack in manifest.discover().items():
        chunked = "—" if stack.contract != "full" else CHUNKED_WORDS[stack.chunked_request]
        rows.append(
            f"| `{name}` | {stack.front or '—'} | {stack.interface} | {stack.app_process or '—'} "
            f"| {stack.process_model} | {chunked} | {'echo' if stack.websocket else '—'} | {stack.summary} |"
        )
    return "\n".join(rows)


def _replace(text: str, table: str) -> str:
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    return pattern.sub(lambda _: f"{BEGIN}\n{table}\n{END}", text)


def update(check: bool = False) -> int:
    """Rewrite every generated block; with ``check``, only report stale ones."""
    table = stacks_table()
    stale = keys_page.update(check)
    for path in FILES:
        if not path.is_file():
            continue
        text = path.read_text()
        fresh = _replace(text, table)
        if fresh != text:
            stale.append(path.relative_to(ROOT))
            if not check:
                path.write_text(fresh)
    if check and stale:
        print(f"stale generated tables in {', '.join(map(str, stale))}: run 'make tables'")
        return 1
    return 0
