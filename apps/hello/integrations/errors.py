"""Report unhandled errors to a Sentry-protocol tracker (the real ``sentry_sdk``).

Imported by hello.logic only when SENTRY_DSN is set; sentry_sdk itself is imported
on first report. The event is tagged with the request id, so a student can find
the event for the request that failed, and flushed at once, because a CGI process
may exit right after its request.
"""

from __future__ import annotations

import socket
import threading

_initialised = False
_lock = threading.Lock()


def _init(config) -> None:
    global _initialised
    with _lock:
        if _initialised:
            return
        import sentry_sdk

        sentry_sdk.init(
            dsn=config.sentry_dsn,
            environment=config.environment,
            release=config.release or None,
            server_name=socket.gethostname(),
        )
        _initialised = True


def report(exc: BaseException, request, config=None, request_id: str = "") -> None:
    """Send ``exc`` (raised while handling ``request``) to the tracker."""
    if config is None:
        from hello.config import load

        config = load()
    _init(config)
    import sentry_sdk

    new_scope = getattr(sentry_sdk, "new_scope", None) or sentry_sdk.push_scope
    with new_scope() as scope:
        request_id = request_id or request.header("x-request-id")
        if request_id:
            scope.set_tag("request_id", request_id)
        scope.set_tag("path", request.path)
        sentry_sdk.capture_exception(exc)
    sentry_sdk.flush(timeout=2.0)
