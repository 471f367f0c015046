"""``LAB_OVERLAY``: a folder whose files replace same-named templates of a stack.

The troubleshooting labs break a stack on purpose without touching it: a lab's
overlay holds, say, a copy of ``nginx.conf`` with one mistake, and the runner
renders that copy instead of the stack's own. A file in the overlay that is not
a template of the stack is an error, so a misspelt name never passes silently.
"""

import os
from pathlib import Path

from stacks.runner.errors import StackError


def folder() -> Path | None:
    """The overlay folder named by ``LAB_OVERLAY``, or None when none is set."""
    configured = os.environ.get("LAB_OVERLAY", "")
    if not configured:
        return None
    path = Path(configured).absolute()
    if not path.is_dir():
        raise StackError(f"LAB_OVERLAY={configured!r} is not a folder")
    return path


def sources(templates: tuple, stack_folder: Path, overlay: Path | None) -> dict:
    """Each template's rendered name mapped to the file to read it from."""
    chosen = {Path(t).name: stack_folder / t for t in templates}
    if overlay is None:
        return chosen
    for entry in sorted(overlay.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.name not in chosen:
            raise StackError(
                f"{entry}: not a template of this stack; an overlay may replace: {', '.join(chosen)}"
            )
        chosen[entry.name] = entry
    return chosen
