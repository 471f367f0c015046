"""Every localhost port an exercise's or lab's instructions tell a student to open is a stack's default.

The other figures in the instructions are generated spans filled from the checkers'
constants and the labs' changes by `make tables`, kept fresh (and bare numbers refused)
by tests/docs/test_numbers.py.
"""

import re
from pathlib import Path

import pytest

from stacks.runner import manifest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
READMES = sorted([*DOCS.glob("exercises/*/README.md"), *DOCS.glob("labs/*/README.md")])


def default_ports() -> set:
    return {int(port) for stack in manifest.discover().values() for port in stack.ports.values() if port != "auto"}


@pytest.mark.parametrize("readme", READMES, ids=lambda p: str(p.parent.relative_to(DOCS)))
def test_every_localhost_port_in_a_readme_is_a_stacks_default(readme):
    named = {int(p) for p in re.findall(r"localhost:(\d+)", readme.read_text())}
    assert named <= default_ports(), (
        f"{readme.relative_to(ROOT)} names ports no stack uses by default: {named - default_ports()}"
    )
