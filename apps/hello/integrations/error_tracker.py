"""Report unhandled errors to a Sentry-protocol tracker (the real ``sentry_sdk``).

Imported by hello only when SENTRY_DSN is set. :func:`init` runs when the app
starts (hello.integrations.start), not on the first error: a tracker set up
lazily is missing for that error's own log record, and is set up in the middle
of a failing request.

There is exactly one capture path, :func:`report`, which tags the event with the
request id the client got in ``X-Request-ID``. sentry_sdk's logging integration
would be a second one: with it, the app's ``log.error(..., exc_info=exc)`` sends
an event without the tag first, and sentry_sdk's de-duplication then drops the
tagged one (the bug: every error after a worker's first lost its request id).
So log records become breadcrumbs only (``event_level=None``). The event is
flushed at once, because a CGI process may exit right after its request.
"""

from __future__ import annotations

import logging
import socket
import threading

_initialised = False
_lock = threading.Lock()


def init(config) -> None:
    """Set up sentry_sdk for ``config`` once per process; later calls do nothing."""
    global _initialised
    with _lock:
        if _initialised:
            return
        import sentry_sdk
        from sentry_sdk.integrations.logging import LoggingIntegration

        sentry_sdk.init(
            dsn=config.sentry_dsn,
            environment=config.environment,
            release=config.release or None,
            server_name=socket.gethostname(),
            integrations=[LoggingIntegration(level=logging.INFO, event_level=None)],
            # Not every framework found installed (flask, django, ... in a shared virtualenv): importing
            # them cost every worker about half a second of CPU at start, which is how long a
            # killed master's replacement kept requests waiting (make availability). The app is
            # plain WSGI and reports through report() alone.
            auto_enabling_integrations=False,
        )
        _initialised = True


def report(exc: BaseException, request, config=None, request_id: str = "") -> None:
    """Send ``exc`` (raised while handling ``request``) to the tracker."""
    if config is None:
        from hello.config import load

        config = load()
    init(config)
    import sentry_sdk

    new_scope = getattr(sentry_sdk, "new_scope", None) or sentry_sdk.push_scope
    with new_scope() as scope:
        request_id = request_id or request.header("x-request-id")
        if request_id:
            scope.set_tag("request_id", request_id)
        scope.set_tag("path", request.path)
        sentry_sdk.capture_exception(exc)
    sentry_sdk.flush(timeout=2.0)
