"""The app's configuration keys, as environment variable names, read from its own config file.

The runner hands exactly these variables (when set) to a stack's processes, so
``make run-stack REDIS_URL=...`` reaches the app whatever the server in front.
"""

import tomllib

from stacks.runner.paths import APP_DIR


def app_setting_names() -> list:
    config = APP_DIR / "config" / "development.toml"
    try:
        keys = tomllib.loads(config.read_text())
    except (OSError, ValueError):
        return []
    return sorted(key.upper() for key in keys)
