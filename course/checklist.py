"""The production checklist's table, from the items ``make check-deploy`` checks.

stacks/production/checklist.py declares every item once (name, the function of
check_deploy.py that checks it, why it matters); the tool runs them in that order
and this table lists the same items, so a new check appears on docs/checklist.md
with the next ``make tables``.
"""

from stacks.production.checklist import ITEMS


def table() -> str:
    rows = ["| item | checked by | why it matters |", "|---|---|---|"]
    rows += [f"| {item.name} | `{item.check}` | {item.why} |" for item in ITEMS]
    return "\n".join(rows)
