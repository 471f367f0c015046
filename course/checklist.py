"""The production checklist's table, read from ``make check-deploy``'s own list.

stacks/production/check_deploy.py holds CHECKS, (item, function) pairs, and each
function's docstring says why the item matters. This reads both without
importing the module (``make tables`` runs under the system Python), so the page
lists exactly the items the tool checks, in its order, and a new check appears
on docs/checklist.md with the next ``make tables``.
"""

import ast

from course.facts import ROOT

SOURCE = ROOT / "stacks" / "production" / "check_deploy.py"


def items() -> list:
    """(item, function name, why) for every check, in the tool's order."""
    tree = ast.parse(SOURCE.read_text())
    docs = {node.name: ast.get_docstring(node) or "" for node in tree.body if isinstance(node, ast.FunctionDef)}
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "CHECKS" for t in node.targets):
            return [(pair.elts[0].value, pair.elts[1].id, docs.get(pair.elts[1].id, "")) for pair in node.value.elts]
    raise LookupError(f"{SOURCE}: no CHECKS list")


def table() -> str:
    rows = ["| item | checked by | why it matters |", "|---|---|---|"]
    rows += [f"| {item} | `{function}` | {why or '(no docstring yet)'} |" for item, function, why in items()]
    return "\n".join(rows)
