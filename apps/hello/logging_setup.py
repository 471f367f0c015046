"""Send the app's log records (errors with tracebacks) to stderr at LOG_LEVEL.

Only the ``hello`` logger is touched, never the root logger: the host server
(gunicorn, uWSGI, Apache) owns logging configuration, and stderr is what every
one of them collects into its error log.

The app sets its logger up when it first logs (hello.logic), not at import: a CGI
process would otherwise import logging on every request and log nothing.
"""

import logging
import sys


class JsonLines(logging.Formatter):
    """One JSON object per record, carrying the request id when there is one, so the
    app's lines can be joined with nginx's JSON access log on ``request_id``."""

    def format(self, record: logging.LogRecord) -> str:
        import json

        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if getattr(record, "request_id", None):
            line["request_id"] = record.request_id
        if record.exc_info:
            line["traceback"] = self.formatException(record.exc_info)
        return json.dumps(line)


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
    handler = next((h for h in logger.handlers if isinstance(h, _CurrentStderr)), None)
    if handler is None:
        handler = _CurrentStderr()
        logger.addHandler(handler)
    if config.log_format == "json":
        handler.setFormatter(JsonLines())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.propagate = False
    return logger
