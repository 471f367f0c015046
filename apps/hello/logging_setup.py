"""Send the app's log records (errors with tracebacks) to stderr at LOG_LEVEL.

Only the ``hello`` logger is touched, never the root logger: the host server
(gunicorn, uWSGI, Apache) owns logging configuration, and stderr is what every
one of them collects into its error log.
"""

import logging
import sys


class _CurrentStderr(logging.StreamHandler):
    """A StreamHandler that writes to whatever sys.stderr is at emit time."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


def configure(config) -> logging.Logger:
    logger = logging.getLogger("hello")
    logger.setLevel(config.log_level)
    if not any(isinstance(h, _CurrentStderr) for h in logger.handlers):
        handler = _CurrentStderr()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
    logger.propagate = False
    return logger
