"""Filling ``{{ name }}`` placeholders in manifests and templates.

Deliberately tiny: nginx and Apache configs are full of ``$`` and ``{``, so the
only syntax is ``{{ name }}``, and a name the runner does not provide is an
error naming the file, never an empty string in a config.
"""

import re

from stacks.runner.errors import StackError

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def render(text: str, values: dict, where: str) -> str:
    """Replace every ``{{ name }}`` in ``text`` with ``values[name]``."""

    def substitute(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise StackError(f"{where}: unknown placeholder {{{{ {name} }}}}; known: {', '.join(sorted(values))}")
        return str(values[name])

    return PLACEHOLDER.sub(substitute, text)
