"""The app's settings, as environment variable names, from the app's one declaration of them.

The runner hands exactly these variables (when set) to a stack's processes, so
``make run-stack REDIS_URL=...`` reaches the app whatever the server in front.
The declaration is apps/hello/config/settings.toml (the app builds its Config
from it); the runner reads it as data, never importing the app.
"""

import tomllib

from stacks.runner.paths import APP_DIR

DECLARATION = APP_DIR / "config" / "settings.toml"


def app_setting_names() -> list:
    try:
        keys = tomllib.loads(DECLARATION.read_text())
    except (OSError, ValueError):
        return []
    return sorted(key.upper() for key in keys)
