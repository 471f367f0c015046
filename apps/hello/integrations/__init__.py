"""Optional backing services. Nothing here is imported unless it is configured."""


def start(config) -> None:
    """Set up, when the app starts, the integrations ``config`` asks for.

    Only the error tracker needs setting up before the first request. A tracker
    that cannot be set up (sentry_sdk missing under this interpreter) is logged
    once and errors are then only logged: the app still serves.
    """
    if not config.sentry_dsn:
        return
    try:
        from hello.integrations import error_tracker

        error_tracker.init(config)
    except Exception:
        from hello.logging_setup import configure

        configure(config).exception(
            "SENTRY_DSN is set but the error tracker could not be set up (is sentry-sdk installed "
            "for this Python?); errors are only logged"
        )
