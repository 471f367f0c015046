"""The table of stacks (README.md, docs/stacks.md), generated from the manifests, never kept by hand."""

from course import blocks
from stacks.runner import manifest

NAME = "stacks table"
BEGIN = "<!-- generated: stacks table; edit the manifests, then run 'make tables' -->"
CHUNKED_WORDS = {
    "echoed": "reaches the app whole",
    "411": "refused: 411 Length Required",
    "400": "refused: 400 Bad Request",
}


def table() -> str:
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


def fill(text: str) -> str:
    return blocks.replace(text, NAME, table(), BEGIN)
