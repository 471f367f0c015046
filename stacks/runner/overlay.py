"""An overlay (``LAB_OVERLAY``, ``RunOptions.overlay``): a folder whose files replace same-named templates of a stack.

The troubleshooting labs break a stack on purpose without touching it: a lab's
overlay holds, say, a copy of ``nginx.conf`` with one mistake, and the runner
renders that copy instead of the stack's own. A file in the overlay that is not
a template of the stack is an error, so a misspelt name never passes silently.
"""

from pathlib import Path

from stacks.runner.errors import StackError


def sources(templates: tuple, stack_folder: Path, overlay: Path | None) -> dict:
    """Each template's rendered name mapped to the file to read it from."""
    chosen = {Path(t).name: stack_folder / t for t in templates}
    if overlay is None:
        return chosen
    for entry in sorted(overlay.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.name not in chosen:
            raise StackError(f"{entry}: not a template of this stack; an overlay may replace: {', '.join(chosen)}")
        chosen[entry.name] = entry
    return chosen
