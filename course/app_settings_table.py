"""The app's settings reference on docs/configuration.md, from the app's one declaration of them.

apps/hello/config/settings.toml declares every setting (kind, default, meaning);
the app builds its Config from it, and this table is read from the same place
(``hello.config.reference()``) together with what each environment's file
changes, so the reference never drifts from what the app accepts.
"""

import tomllib
from pathlib import Path

from hello import config

ENVIRONMENTS = config.ENVIRONMENTS


def _shown(value) -> str:
    if value == "" or value == []:
        return "(empty)"
    if isinstance(value, bool):
        return str(value).lower()
    return f"`{value}`"


def table() -> str:
    changes = {env: tomllib.loads((Path(config.CONFIG_DIR) / f"{env}.toml").read_text()) for env in ENVIRONMENTS}
    lines = ["| variable | kind | default | set by an environment's file | meaning |", "|---|---|---|---|---|"]
    for name, kind, default, means in config.reference():
        key = name.lower()
        by_file = ", ".join(f"{env}: {_shown(values[key])}" for env, values in changes.items() if key in values)
        lines.append(f"| `{name}` | {kind} | {_shown(default)} | {by_file or '—'} | {means} |")
    return "\n".join(lines)
