"""Exercise 03, a reference solution: Server-Timing added by wrapping start_response."""

import time


def server_timing(app):
    def timed(environ, start_response):
        started = time.perf_counter()

        def timed_start_response(status, headers, exc_info=None):
            elapsed = (time.perf_counter() - started) * 1000
            return start_response(status, [*headers, ("Server-Timing", f"app;dur={elapsed:.1f}")], exc_info)

        # The app's own iterable, not a list: streaming and close() stay the server's business.
        return app(environ, timed_start_response)

    return timed
